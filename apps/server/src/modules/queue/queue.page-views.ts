import { csrfInput } from '../portal/form-errors.js';
import { assetUrl } from '../portal/assets.js';
import { html, type SafeHtml } from '../portal/html.js';
import type { FieldView, TicketView, BoardView } from './queue.views.js';

/**
 * HTML of the kiosk, the printed ticket and the display board: server-rendered, Vietnamese, no inline
 * script or style (strict CSP); the board's live updates and voice are in public/queue-board.js.
 */
const TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

export function formatLocal(iso: string): string {
  return TIME.format(new Date(iso));
}

interface DocOptions {
  title: string;
  agencyName: string;
  main: SafeHtml;
  bodyClass: string;
  /** Seconds before the page reloads itself (works with JavaScript off). */
  refresh?: { seconds: number; url?: string; onlyWithoutScript?: boolean };
  scripts?: string[];
  bodyData?: SafeHtml;
}

function documentOf(o: DocOptions): string {
  const meta = o.refresh
    ? html`<meta
        http-equiv="refresh"
        content="${o.refresh.url ? `${o.refresh.seconds}; url=${o.refresh.url}` : String(o.refresh.seconds)}"
      />`
    : '';
  // <noscript> in <head>: the refresh applies only when JavaScript is off.
  const refresh = o.refresh?.onlyWithoutScript ? html`<noscript>${meta}</noscript>` : meta;
  return html`<!doctype html>
    <html lang="vi">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${o.title} | ${o.agencyName}</title>
        ${refresh}
        <link rel="stylesheet" href="${assetUrl('portal.css')}" />
        <link rel="stylesheet" href="${assetUrl('queue.css')}" />
        <link rel="icon" href="${assetUrl('favicon.svg')}" type="image/svg+xml" />
        ${(o.scripts ?? []).map((s) => html`<script src="${assetUrl(s)}" defer></script>`)}
      </head>
      <body class="${o.bodyClass}" ${o.bodyData ?? ''}>
        <main id="noi-dung" class="queue">${o.main}</main>
      </body>
    </html>`.value;
}

export interface KioskData {
  agency: { code: string; name: string };
  fields: (FieldView & { waiting: number })[];
  csrf: string | null;
  error?: string;
}

export function renderKiosk(d: KioskData): string {
  const action = `/xep-hang/${encodeURIComponent(d.agency.code)}`;
  const main = html`<header class="queue__header">
      <p class="queue__agency">${d.agency.name}</p>
      <h1>Lấy số thứ tự</h1>
      <p class="queue__lead">Chạm vào lĩnh vực bạn cần giải quyết để nhận số thứ tự.</p>
    </header>
    ${d.error ? html`<div class="queue__error" role="alert"><p>${d.error}</p></div>` : ''}
    ${
      d.fields.length === 0
        ? html`<p class="notice">Hiện chưa có quầy nào nhận số. Vui lòng liên hệ cán bộ tại Bộ phận Một cửa.</p>`
        : html`<form method="post" action="${action}" class="kiosk">
            ${csrfInput(d.csrf)}
            <ul class="kiosk__fields">
              ${d.fields.map(
                (f) =>
                  html`<li>
                    <button type="submit" name="field" value="${f.prefix}" class="kiosk__button">
                      <span class="kiosk__letter" aria-hidden="true">${f.prefix}</span>
                      <span class="kiosk__name">${f.field}</span>
                      <span class="kiosk__waiting">Đang chờ: ${f.waiting} người</span>
                    </button>
                  </li>`,
              )}
            </ul>
          </form>`
    }`;
  return documentOf({ title: 'Lấy số thứ tự', agencyName: d.agency.name, main, bodyClass: 'queue-kiosk' });
}

export interface TicketPageData {
  agency: { code: string; name: string };
  ticket: TicketView;
  ahead: number;
}

const STATUS_TEXT: Record<TicketView['status'], string> = {
  waiting: 'Đang chờ gọi',
  called: 'Đang được gọi — mời bạn đến quầy',
  serving: 'Đang được phục vụ',
  done: 'Đã phục vụ xong',
  skipped: 'Đã qua lượt (không có mặt khi được gọi)',
  transferred: 'Đã chuyển sang quầy khác',
};

export function renderTicket(d: TicketPageData): string {
  const back = `/xep-hang/${encodeURIComponent(d.agency.code)}`;
  const main = html`<article class="ticket" aria-labelledby="so-thu-tu">
      <p class="ticket__agency">${d.agency.name}</p>
      <h1 class="ticket__title">Phiếu số thứ tự</h1>
      <p class="ticket__number" id="so-thu-tu"><span class="visually-hidden">Số của bạn: </span>${d.ticket.number}</p>
      <dl class="ticket__facts">
        <div>
          <dt>Lĩnh vực</dt>
          <dd>${d.ticket.field}</dd>
        </div>
        <div>
          <dt>Số người chờ trước bạn</dt>
          <dd>${d.ticket.status === 'waiting' ? d.ahead : '—'}</dd>
        </div>
        <div>
          <dt>Giờ lấy số</dt>
          <dd>${formatLocal(d.ticket.takenAt)}</dd>
        </div>
        <div>
          <dt>Trạng thái</dt>
          <dd>${STATUS_TEXT[d.ticket.status]}</dd>
        </div>
      </dl>
      <p class="ticket__note">Vui lòng chú ý bảng hiển thị và loa gọi số. Số chỉ có giá trị trong ngày.</p>
    </article>
    <p class="ticket__return no-print" data-return="${back}" hidden>
      Màn hình tự quay về trang lấy số sau <span data-seconds>60</span> giây.
      <button type="button" class="button button--secondary" data-stay>Ở lại trang này</button>
    </p>
    <p class="ticket__actions no-print">
      <button type="button" class="button" data-print hidden>In phiếu</button>
      <a class="button button--secondary" href="${back}">Xong, quay lại màn hình lấy số</a>
    </p>`;
  return documentOf({
    title: `Số ${d.ticket.number}`,
    agencyName: d.agency.name,
    main,
    bodyClass: 'queue-ticket',
    scripts: ['queue-ticket.js'],
  });
}

export function renderBoard(board: BoardView): string {
  const eventsUrl = `/api/v1/public/queue/${encodeURIComponent(board.agency.code)}/events`;
  const main = html`<header class="board__header">
      <h1>${board.agency.name} — Số đang mời</h1>
      <p class="board__clock" data-clock>Cập nhật lúc ${formatLocal(board.generatedAt)}</p>
    </header>
    <div class="board__layout">
      <section aria-labelledby="quay">
        <h2 id="quay" class="visually-hidden">Các quầy</h2>
        <ul class="board__counters" data-counters>
          ${board.counters.map(
            (c) =>
              html`<li class="board__counter" data-counter="${c.code}">
                <span class="board__counter-name">${c.name}</span>
                <span class="board__counter-number" data-number>${c.current?.number ?? '—'}</span>
                <span class="board__counter-field" data-field>${c.current?.field ?? ''}</span>
              </li>`,
          )}
        </ul>
      </section>
      <aside aria-labelledby="vua-goi" class="board__aside">
        <h2 id="vua-goi">Vừa gọi</h2>
        <ol class="board__recent" data-recent>
          ${board.recent.map((r) => html`<li><strong>${r.number}</strong> → ${r.counterName}</li>`)}
        </ol>
        <h2 id="dang-cho">Đang chờ</h2>
        <ul class="board__waiting" data-waiting aria-labelledby="dang-cho">
          ${board.waiting.map((w) => html`<li>${w.prefix} · ${w.field}: <strong>${w.count}</strong></li>`)}
        </ul>
      </aside>
    </div>
    <p class="board__live" role="status" aria-live="polite" data-announce></p>
    <p class="board__sound">
      <button type="button" class="button" data-sound hidden>Bật âm thanh gọi số</button>
    </p>`;
  return documentOf({
    title: 'Bảng hiển thị số thứ tự',
    agencyName: board.agency.name,
    main,
    bodyClass: 'queue-board',
    // Without JavaScript the page reloads itself; with it, queue-board.js follows the events instead.
    refresh: { seconds: 10, onlyWithoutScript: true },
    scripts: ['queue-board.js'],
    bodyData: html`data-events="${eventsUrl}" data-version="${board.version}"
    data-recent-ids="${board.recent.map((r) => r.callId).join(' ')}"`,
  });
}

export function renderQueueNotFound(): string {
  return documentOf({
    title: 'Không tìm thấy',
    agencyName: 'Saola',
    bodyClass: 'queue-kiosk',
    main: html`<h1>Không tìm thấy trang</h1>
      <p>Không có cơ quan hoặc phiếu số thứ tự này. Kiểm tra lại địa chỉ hoặc hỏi cán bộ tại Bộ phận Một cửa.</p>`,
  });
}
