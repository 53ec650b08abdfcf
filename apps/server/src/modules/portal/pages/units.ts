import type { FastifyRequest } from 'fastify';
import type { AdminUnitSummary, OldCommuneResolution } from '../../org/org.port.js';
import { html, type SafeHtml } from '../html.js';
import { renderLayout } from '../layout.js';

const BASE = '/don-vi-hanh-chinh';
const LOOKUP = `${BASE}/tra-cuu`;

/** The form that looks up a pre-2025 commune code; shows `error` the GOV.UK way (summary + inline). */
function lookupForm(value: string, error: string | null): SafeHtml {
  return html` <form class="lookup" method="get" action="${LOOKUP}" novalidate>
    <div class="field ${error ? 'field--error' : ''}">
      <label for="ma">Mã xã, phường, thị trấn cũ</label>
      <p class="hint" id="ma-hint">5 chữ số, theo danh mục trước ngày 01/7/2025, ví dụ 18883.</p>
      ${error ? html`<p class="error-message" id="ma-error"><span class="visually-hidden">Lỗi: </span>${error}</p>` : ''}
      <input
        type="text"
        id="ma"
        name="ma"
        inputmode="numeric"
        autocomplete="off"
        maxlength="5"
        size="8"
        value="${value}"
        aria-describedby="ma-hint${error ? ' ma-error' : ''}"
        ${error ? html` aria-invalid="true"` : ''}
      />
    </div>
    <button type="submit">Tra cứu</button>
  </form>`;
}

function errorSummary(error: string): SafeHtml {
  return html`<div class="error-summary" role="alert" aria-labelledby="error-summary-title">
    <h2 id="error-summary-title">Có lỗi cần sửa</h2>
    <ul>
      <li><a href="#ma">${error}</a></li>
    </ul>
  </div>`;
}

/** /don-vi-hanh-chinh — the 34 provinces in force, each linking to its communes, and the old-code lookup. */
export function renderProvinces(request: FastifyRequest, provinces: AdminUnitSummary[]): string {
  const main = html` <h1>Đơn vị hành chính</h1>
    <p class="lead">
      Từ ngày 01/7/2025, chính quyền địa phương có hai cấp: ${provinces.length} tỉnh, thành phố trực thuộc trung ương và
      các xã, phường, đặc khu (không còn cấp huyện). Mã đơn vị theo Quyết định 19/2025/QĐ-TTg.
    </p>
    <h2>Tra cứu mã xã cũ</h2>
    <p>
      Địa chỉ ghi theo đơn vị hành chính trước ngày 01/7/2025 vẫn dùng được: nhập mã xã cũ để biết xã, phường hiện nay.
    </p>
    ${lookupForm('', null)}
    <h2 id="ds-tinh">Danh sách tỉnh, thành phố</h2>
    <div class="table-wrap">
      <table aria-labelledby="ds-tinh">
        <thead>
          <tr>
            <th scope="col">Mã</th>
            <th scope="col">Tên</th>
            <th scope="col">Loại</th>
          </tr>
        </thead>
        <tbody>
          ${provinces.map(
            (p) =>
              html`<tr>
                <td>${p.code}</td>
                <td><a href="${BASE}/${p.code}">${p.name}</a></td>
                <td>${p.kind}</td>
              </tr> `,
          )}
        </tbody>
      </table>
    </div>`;
  return renderLayout({
    title: 'Đơn vị hành chính',
    main,
    request,
    breadcrumbs: [{ label: 'Đơn vị hành chính' }],
    description: 'Danh sách 34 tỉnh, thành phố và các xã, phường, đặc khu từ ngày 01/7/2025; tra cứu mã xã cũ.',
  });
}

const collator = new Intl.Collator('vi');

/** /don-vi-hanh-chinh/:code — the communes in force of one province, sorted by name. */
export function renderCommunes(
  request: FastifyRequest,
  province: AdminUnitSummary,
  communes: AdminUnitSummary[],
): string {
  const sorted = [...communes].sort((a, b) => collator.compare(a.name, b.name));
  const main = html` <h1>${province.name}</h1>
    <p class="lead">Mã tỉnh ${province.code}. Có ${communes.length} đơn vị hành chính cấp xã từ ngày 01/7/2025.</p>
    <div class="table-wrap">
      <table>
        <caption>
          Xã, phường, đặc khu của ${province.name} (xếp theo tên)
        </caption>
        <thead>
          <tr>
            <th scope="col">Mã</th>
            <th scope="col">Tên</th>
            <th scope="col">Loại</th>
          </tr>
        </thead>
        <tbody>
          ${sorted.map(
            (c) =>
              html`<tr>
                <td>${c.code}</td>
                <td>${c.name}</td>
                <td>${c.kind}</td>
              </tr> `,
          )}
        </tbody>
      </table>
    </div>
    <p><a href="${BASE}">Xem các tỉnh, thành phố khác</a></p>`;
  return renderLayout({
    title: province.name,
    main,
    request,
    breadcrumbs: [{ label: 'Đơn vị hành chính', href: BASE }, { label: province.name }],
    description: `Danh sách ${communes.length} xã, phường, đặc khu của ${province.name} từ ngày 01/7/2025.`,
  });
}

export type LookupOutcome =
  | { kind: 'invalid'; input: string; error: string }
  | { kind: 'not-found'; code: string }
  | { kind: 'found'; resolution: OldCommuneResolution };

/** /don-vi-hanh-chinh/tra-cuu?ma=… — where an old commune went. */
export function renderLookup(request: FastifyRequest, outcome: LookupOutcome): string {
  let body: SafeHtml;
  let title: string;
  switch (outcome.kind) {
    case 'invalid':
      title = 'Lỗi: Tra cứu mã xã cũ';
      body = html`${errorSummary(outcome.error)}
        <h1>Tra cứu mã xã cũ</h1>
        ${lookupForm(outcome.input, outcome.error)}`;
      break;
    case 'not-found':
      title = `Không có mã xã cũ ${outcome.code}`;
      body = html`<h1>Không có mã xã cũ ${outcome.code}</h1>
        <p>
          Mã ${outcome.code} không có trong danh mục đơn vị hành chính trước ngày 01/7/2025. Hãy kiểm tra lại mã (5 chữ
          số) trên giấy tờ của bạn.
        </p>
        <h2>Tra cứu mã khác</h2>
        ${lookupForm(outcome.code, null)}`;
      break;
    case 'found': {
      const r = outcome.resolution;
      const oldPlace = [r.oldName, r.oldDistrictName, r.oldProvinceName].filter(Boolean).join(', ');
      title = `Mã xã cũ ${r.oldCode}: ${r.oldName}`;
      body = html`<h1>${r.oldName} (mã cũ ${r.oldCode})</h1>
        <p class="lead">Trước ngày 01/7/2025: ${oldPlace}.</p>
        ${
          r.current.length === 0
            ? html`<p class="notice">Danh mục chuyển đổi không ghi đơn vị hiện nay cho mã này.</p>`
            : html`<h2>Đơn vị hành chính hiện nay</h2>
                ${r.current.length > 1 ? html`<p>Địa bàn xã cũ được chia cho ${r.current.length} đơn vị; hãy xác định theo địa chỉ cụ thể (thôn, tổ dân phố).</p>` : ''}
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Xã, phường hiện nay</th>
                      <th scope="col">Mã</th>
                      <th scope="col">Tỉnh, thành phố</th>
                      <th scope="col">Ghi chú</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${r.current.map(
                      (c) =>
                        html`<tr>
                          <td>${c.commune.name}</td>
                          <td>${c.commune.code}</td>
                          <td><a href="${BASE}/${c.province.code}">${c.province.name}</a></td>
                          <td>${c.note ?? ''}</td>
                        </tr> `,
                    )}
                  </tbody>
                </table>`
        }
        <h2>Tra cứu mã khác</h2>
        ${lookupForm('', null)}`;
      break;
    }
  }
  return renderLayout({
    title,
    main: body,
    request,
    breadcrumbs: [{ label: 'Đơn vị hành chính', href: BASE }, { label: 'Tra cứu mã xã cũ' }],
    description: 'Tra cứu xã, phường hiện nay từ mã xã cũ trước ngày 01/7/2025.',
    noindex: outcome.kind !== 'found',
    ...(outcome.kind === 'found' ? { canonicalPath: `${LOOKUP}?ma=${outcome.resolution.oldCode}` } : {}),
  });
}
