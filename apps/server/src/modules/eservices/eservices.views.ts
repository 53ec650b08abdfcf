import type {
  CitizenDossierDetail,
  CitizenDossierItem,
  PublicDossierStatus,
} from '../dossiers/dossier-citizen.port.js';
import { csrfInput, describedBy, errorMessage, errorSummary, type FieldProblem } from '../portal/form-errors.js';
import { html, type SafeHtml } from '../portal/html.js';
import type { FeeStatus } from '../payments/payments.port.js';
import { amountToPay, feeSection, vnd } from './fee.views.js';

/** A problem shown the GOV.UK way: in the summary at the top (a link to the input) and next to the input. */
export interface PageProblem extends FieldProblem {
  /** id of the input on this page, or a link to another page ("/ho-so-nhap/…#f-me-hoTen"). */
  href: string;
}

/** The error summary; `autofocus` moves focus to it. */
export const problemSummary = (problems: PageProblem[]) => errorSummary(problems, { focus: true });
export const problemAt = errorMessage;
export const ariaFor = describedBy;
export { csrfInput };

const DATE_TIME = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const DATE = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});
export const when = (iso: string | null) => (iso ? DATE_TIME.format(new Date(iso)) : '');
export const day = (iso: string | null) => (iso ? DATE.format(new Date(iso)) : '');

/**
 * The next thing the citizen must do (or wait for), by state; a fee due and unpaid (fee.views.ts, amountToPay) is
 * said after what is more urgent (a supplement) and instead of "Bạn chưa cần làm gì".
 */
export function nextStep(
  d: Pick<CitizenDossierItem, 'status' | 'acceptBy' | 'dueAt' | 'rated'>,
  fee: FeeStatus | null = null,
): string {
  const left = amountToPay(d.status, fee);
  const pay = left === null ? null : `Bạn cần nộp phí, lệ phí (${vnd(left)}).`;
  switch (d.status) {
    case 'submitted':
      return `Chờ cơ quan tiếp nhận${d.acceptBy ? ` (chậm nhất ${when(d.acceptBy)})` : ''}. ${pay ?? 'Bạn chưa cần làm gì.'}`;
    case 'supplement_requested':
      return `Bạn cần bổ sung hồ sơ theo hướng dẫn của cơ quan.${pay ? ` Sau đó, ${pay.charAt(0).toLowerCase()}${pay.slice(1)}` : ''}`;
    case 'received':
    case 'transferred':
      return `Cơ quan đang giải quyết${d.dueAt ? `; hẹn trả kết quả ${when(d.dueAt)}` : ''}. ${pay ?? 'Bạn chưa cần làm gì.'}`;
    case 'result_ready':
      return `${pay ? `${pay} ` : ''}Đã có kết quả: tải kết quả điện tử (nếu có) hoặc nhận tại Bộ phận Một cửa.`;
    case 'returned':
      return `Đã trả kết quả. ${pay ? `${pay} ` : ''}${d.rated ? 'Cảm ơn bạn đã đánh giá.' : 'Hãy đánh giá mức độ hài lòng của bạn.'}`;
    default:
      return 'Hồ sơ đã kết thúc.';
  }
}

/** `fees`: the fee of each dossier by code, when known (a row whose fee is due and unpaid gets "Chưa nộp phí"). */
export function myDossiersMain(
  items: CitizenDossierItem[],
  notice: string | null,
  fees: ReadonlyMap<string, FeeStatus> = new Map(),
): SafeHtml {
  return html`${notice ? html`<div class="notice" role="status"><p>${notice}</p></div>` : ''}
    <h1>Hồ sơ của tôi</h1>
    ${
      items.length === 0
        ? html`<p>Bạn chưa nộp hồ sơ trực tuyến nào. <a href="/thu-tuc">Tìm thủ tục để nộp hồ sơ</a>.</p>`
        : html`<div class="table-wrap">
            <table>
              <caption class="visually-hidden">
                Hồ sơ bạn đã nộp, mới nhất trước
              </caption>
              <thead>
                <tr>
                  <th scope="col">Mã hồ sơ</th>
                  <th scope="col">Thủ tục</th>
                  <th scope="col">Tình trạng</th>
                  <th scope="col">Việc tiếp theo</th>
                </tr>
              </thead>
              <tbody>
                ${items.map(
                  (d) =>
                    html`<tr>
                      <td><a href="/ho-so-cua-toi/${d.code}">${d.code}</a></td>
                      <td>${d.procedureName}</td>
                      <td>
                        ${d.statusLabel}${
                          amountToPay(d.status, fees.get(d.code)) === null
                            ? ''
                            : html`<br /><strong class="tag">Chưa nộp phí</strong>`
                        }
                      </td>
                      <td>${nextStep(d, fees.get(d.code) ?? null)}</td>
                    </tr>`,
                )}
              </tbody>
            </table>
          </div>`
    }`;
}

function historyTable(
  history: { at: string; label: string; actionLabel?: string; reason?: string | null }[],
): SafeHtml {
  return html`<div class="table-wrap">
    <table>
      <caption class="visually-hidden">
        Quá trình xử lý hồ sơ
      </caption>
      <thead>
        <tr>
          <th scope="col">Thời gian</th>
          <th scope="col">Việc</th>
          <th scope="col">Tình trạng</th>
        </tr>
      </thead>
      <tbody>
        ${history.map(
          (h) =>
            html`<tr>
              <td>${when(h.at)}</td>
              <td>${h.actionLabel ?? ''}${h.reason ? html`<br />${h.reason}` : ''}</td>
              <td>${h.label}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function summaryRows(d: {
  code: string;
  statusLabel: string;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
}) {
  return html`<div class="table-wrap">
    <table>
      <tbody>
        <tr>
          <th scope="row">Mã hồ sơ</th>
          <td>${d.code}</td>
        </tr>
        <tr>
          <th scope="row">Tình trạng</th>
          <td><strong>${d.statusLabel}</strong></td>
        </tr>
        ${
          d.submittedAt
            ? html`<tr>
                <th scope="row">Nộp lúc</th>
                <td>${when(d.submittedAt)}</td>
              </tr>`
            : ''
        }
        ${
          d.receivedAt
            ? html`<tr>
                <th scope="row">Tiếp nhận lúc</th>
                <td>${when(d.receivedAt)}</td>
              </tr>`
            : ''
        }
        ${
          d.dueAt
            ? html`<tr>
                <th scope="row">Hẹn trả kết quả</th>
                <td>${when(d.dueAt)}</td>
              </tr>`
            : ''
        }
      </tbody>
    </table>
  </div>`;
}

export function myDossierMain(options: {
  d: CitizenDossierDetail;
  /** The dossier's fee (app.payments.feeStatus); null when unknown (no payments module). */
  fee?: FeeStatus | null;
  csrf: string | null;
  problems: PageProblem[];
  notice: string | null;
  ratingOpen: boolean;
}): SafeHtml {
  const { d, csrf, problems } = options;
  const results = d.files.filter((f) => f.kind === 'result');
  const supplementAction = `/ho-so-cua-toi/${d.code}/bo-sung${csrf ? `?_csrf=${encodeURIComponent(csrf)}` : ''}`;
  return html`${problemSummary(problems)}
    ${options.notice ? html`<div class="notice" role="status"><p>${options.notice}</p></div>` : ''}
    <span class="caption">${d.procedureName}</span>
    <h1>Hồ sơ ${d.code}</h1>
    <p class="lead">${nextStep(d, options.fee ?? null)}</p>
    ${summaryRows(d)}
    ${
      d.status === 'supplement_requested'
        ? html`<h2 id="bo-sung">Bổ sung hồ sơ</h2>
            ${d.supplementRequest ? html`<p>Cơ quan yêu cầu: <strong>${d.supplementRequest}</strong></p>` : ''}
            <form method="post" action="${supplementAction}" enctype="multipart/form-data" novalidate>
              <div class="form-group">
                <label for="bs-tep">Tệp bổ sung (PDF, JPEG, PNG; chọn được nhiều tệp)</label>
                ${problemAt(problems, 'bs-tep')}
                <input
                  type="file"
                  id="bs-tep"
                  name="file"
                  accept="application/pdf,image/jpeg,image/png"
                  multiple
                  ${ariaFor(problems, 'bs-tep', false)}
                />
              </div>
              <div class="form-group">
                <label for="bs-ghi-chu">Nội dung bổ sung (không bắt buộc)</label>
                <textarea id="bs-ghi-chu" name="ghi_chu" rows="3" maxlength="2000"></textarea>
              </div>
              <button type="submit">Gửi bổ sung</button>
            </form>`
        : ''
    }
    ${feeSection(d.code, d.status, options.fee)}
    ${
      results.length
        ? html`<h2 id="ket-qua">Kết quả điện tử</h2>
            <p>Kết quả điện tử có giá trị pháp lý như bản giấy.</p>
            <ul>
              ${results.map(
                (f) =>
                  html`<li>
                    <a href="/ho-so-cua-toi/${d.code}/ket-qua/${f.id}" download>${f.resultCode ?? f.name}: ${f.name}</a>
                  </li>`,
              )}
            </ul>`
        : ''
    }
    ${
      options.ratingOpen && !d.rated
        ? html`<h2 id="danh-gia">Đánh giá mức độ hài lòng</h2>
            <form method="post" action="/ho-so-cua-toi/${d.code}/danh-gia" novalidate>
              ${csrfInput(csrf)}
              <div class="form-group">
                <fieldset ${ariaFor(problems, 'dg-diem', false)}>
                  <legend>Bạn hài lòng thế nào với việc giải quyết hồ sơ này?</legend>
                  ${problemAt(problems, 'dg-diem')}
                  ${[5, 4, 3, 2, 1].map(
                    (n, i) =>
                      html`<div class="radio">
                        <input type="radio" id="${i === 0 ? 'dg-diem' : `dg-diem-${n}`}" name="diem" value="${n}" />
                        <label for="${i === 0 ? 'dg-diem' : `dg-diem-${n}`}">${RATING_LABELS[n]}</label>
                      </div>`,
                  )}
                </fieldset>
              </div>
              <div class="form-group">
                <label for="dg-y-kien">Góp ý (không bắt buộc)</label>
                <textarea id="dg-y-kien" name="y_kien" rows="3" maxlength="2000"></textarea>
              </div>
              <button type="submit">Gửi đánh giá</button>
            </form>`
        : ''
    }
    ${
      d.files.some((f) => f.kind === 'component')
        ? html`<h2>Giấy tờ đã nộp</h2>
            <ul>
              ${d.files.filter((f) => f.kind === 'component').map((f) => html`<li>${f.component ?? ''}: ${f.name}</li>`)}
            </ul>`
        : ''
    }
    <h2>Quá trình xử lý</h2>
    ${historyTable(d.history)}
    <p><a href="/ho-so-cua-toi">Quay lại danh sách hồ sơ của tôi</a></p>`;
}

export const RATING_LABELS: Record<number, string> = {
  5: 'Rất hài lòng',
  4: 'Hài lòng',
  3: 'Bình thường',
  2: 'Không hài lòng',
  1: 'Rất không hài lòng',
};

export function lookupMain(options: {
  code: string;
  phone: string;
  csrf: string | null;
  problems: PageProblem[];
  found: PublicDossierStatus | null;
}): SafeHtml {
  const { problems, found } = options;
  return html`${problemSummary(problems)}
    <h1>Tra cứu hồ sơ</h1>
    ${
      found
        ? html`<span class="caption">${found.procedure.name}</span>
            <h2>Hồ sơ ${found.code}</h2>
            ${summaryRows(found)}
            <h3>Quá trình xử lý</h3>
            ${historyTable(found.history)}
            <p><a href="/tra-cuu-ho-so">Tra cứu hồ sơ khác</a></p>`
        : html`<p class="lead">
              Nhập mã hồ sơ (in trên giấy tiếp nhận) và số điện thoại người nộp. Không cần đăng nhập.
            </p>
            <form method="post" action="/tra-cuu-ho-so" novalidate>
              ${csrfInput(options.csrf)}
              <div class="form-group">
                <label for="ma-ho-so">Mã hồ sơ</label>
                <p class="hint" id="ma-ho-so-hint">Ví dụ: 000.00.61.H50-261124-0001</p>
                ${problemAt(problems, 'ma-ho-so')}
                <input
                  type="text"
                  id="ma-ho-so"
                  name="ma"
                  value="${options.code}"
                  spellcheck="false"
                  maxlength="60"
                  ${ariaFor(problems, 'ma-ho-so', true)}
                />
              </div>
              <div class="form-group">
                <label for="so-dien-thoai">Số điện thoại người nộp</label>
                ${problemAt(problems, 'so-dien-thoai')}
                <input
                  type="tel"
                  id="so-dien-thoai"
                  name="dien_thoai"
                  value="${options.phone}"
                  autocomplete="tel"
                  maxlength="20"
                  ${ariaFor(problems, 'so-dien-thoai', false)}
                />
              </div>
              <button type="submit">Tra cứu</button>
            </form>`
    }`;
}
