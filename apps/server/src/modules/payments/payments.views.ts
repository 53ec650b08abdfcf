import { html, type SafeHtml } from '../portal/html.js';
import { vnShortDateTime } from '../papers/vn-format.js';
import type { DossierSummary } from '../dossiers/dossiers.port.js';
import type { FeeStatus, PaymentView } from './payments.port.js';
import { formatVnd, remainingVnd } from './payments.rules.js';

/** Server-rendered views of the citizen's payment pages (GOV.UK patterns: plain language, one action per page). */

const STATUS_LABEL: Record<PaymentView['status'], string> = {
  pending: 'Đang chờ kết quả',
  paid: 'Đã thanh toán',
  failed: 'Không thành công',
};
const METHOD_LABEL: Record<PaymentView['method'], string> = {
  gateway: 'Cổng thanh toán',
  bank_transfer: 'Chuyển khoản (VietQR)',
};

export const payPath = (code: string) => `/ho-so-cua-toi/${encodeURIComponent(code)}/thanh-toan`;
export const receiptPath = (code: string, paymentId: string) =>
  `/ho-so-cua-toi/${encodeURIComponent(code)}/bien-lai/${paymentId}`;

function paymentsTable(code: string, payments: PaymentView[]): SafeHtml | '' {
  if (payments.length === 0) return '';
  return html`<h2>Các lần thanh toán</h2>
    <div class="table-wrap">
      <table>
        <thead>
          <tr>
            <th scope="col">Thời điểm</th>
            <th scope="col">Hình thức</th>
            <th scope="col" class="num">Số tiền</th>
            <th scope="col">Kết quả</th>
            <th scope="col">Biên lai</th>
          </tr>
        </thead>
        <tbody>
          ${payments.map(
            (p) =>
              html`<tr>
                <td>${vnShortDateTime(new Date(p.paidAt ?? p.createdAt))}</td>
                <td>${METHOD_LABEL[p.method]}</td>
                <td class="num">${formatVnd(p.amountVnd)}</td>
                <td>${STATUS_LABEL[p.status]}</td>
                <td>
                  ${p.receiptNo ? html`<a href="${receiptPath(code, p.id)}">Biên lai số ${p.receiptNo} (PDF)</a>` : '—'}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

export interface PayPageInput {
  dossier: DossierSummary;
  status: FeeStatus;
  csrf: string | null;
  gatewayEnabled: boolean;
  /** data: URL of the VietQR image, or null. */
  qrImage: string | null;
  account: { bankBin: string; bankAccount: string; accountName: string } | null;
  error: string | null;
}

export function payMain(p: PayPageInput): SafeHtml {
  const { dossier, status } = p;
  const left = remainingVnd(status);
  const summary = html`<dl class="summary-list">
    <div class="summary-list__row">
      <dt>Mã hồ sơ</dt>
      <dd>${dossier.code}</dd>
    </div>
    <div class="summary-list__row">
      <dt>Thủ tục</dt>
      <dd>${dossier.procedureName}</dd>
    </div>
    ${
      status.feeName
        ? html`<div class="summary-list__row">
            <dt>Loại phí, lệ phí</dt>
            <dd>${status.feeName}</dd>
          </div>`
        : ''
    }
    <div class="summary-list__row">
      <dt>Số tiền phải nộp</dt>
      <dd>${status.amountVnd === null ? 'Cán bộ đang xác định số tiền' : formatVnd(status.amountVnd)}</dd>
    </div>
    <div class="summary-list__row">
      <dt>Đã nộp</dt>
      <dd>${formatVnd(status.paidVnd)}</dd>
    </div>
  </dl>`;

  let body: SafeHtml;
  if (status.status === 'paid') {
    body = html`<div class="notice" role="status"><p>Bạn đã nộp đủ phí, lệ phí cho hồ sơ này.</p></div>`;
  } else if (status.status === 'none') {
    body = html`<div class="notice" role="status">
      <p>
        ${
          status.amountVnd === null
            ? 'Hồ sơ này có mức phí, lệ phí theo từng trường hợp. Cán bộ tiếp nhận sẽ xác định số tiền; bạn sẽ thanh toán được sau đó.'
            : 'Hồ sơ này không phải nộp phí, lệ phí.'
        }
      </p>
    </div>`;
  } else {
    body = html`<h2>Thanh toán trực tuyến</h2>
      ${
        p.gatewayEnabled
          ? html`<form method="post" action="${payPath(dossier.code)}">
              <input type="hidden" name="_csrf" value="${p.csrf ?? ''}" />
              <p>Bạn sẽ được chuyển sang cổng thanh toán để nộp ${formatVnd(left)}.</p>
              <button type="submit" class="button">Thanh toán qua cổng</button>
            </form>`
          : html`<p>Hiện chưa hỗ trợ thanh toán qua cổng thanh toán.</p>`
      }
      ${
        p.qrImage && p.account
          ? html`<h2>Chuyển khoản bằng mã VietQR</h2>
              <p>Mở ứng dụng ngân hàng, quét mã dưới đây. Số tiền và nội dung chuyển khoản đã được điền sẵn.</p>
              <img
                src="${p.qrImage}"
                width="240"
                height="240"
                alt="Mã VietQR chuyển khoản ${formatVnd(left)} cho hồ sơ ${dossier.code}"
              />
              <dl class="summary-list">
                <div class="summary-list__row">
                  <dt>Chủ tài khoản</dt>
                  <dd>${p.account.accountName}</dd>
                </div>
                <div class="summary-list__row">
                  <dt>Số tài khoản</dt>
                  <dd>${p.account.bankAccount}</dd>
                </div>
                <div class="summary-list__row">
                  <dt>Số tiền</dt>
                  <dd>${formatVnd(left)}</dd>
                </div>
                <div class="summary-list__row">
                  <dt>Nội dung chuyển khoản</dt>
                  <dd>${dossier.code}</dd>
                </div>
              </dl>
              <p class="hint">
                Khoản chuyển khoản được ghi nhận sau khi cán bộ Bộ phận Một cửa đối chiếu với sao kê ngân hàng; biên lai
                sẽ hiện trên trang này.
              </p>`
          : ''
      }`;
  }
  return html`<h1>Nộp phí, lệ phí</h1>
    ${
      p.error
        ? html`<div class="error-summary" role="alert" tabindex="-1">
            <h2>Chưa thanh toán được</h2>
            <p>${p.error}</p>
          </div>`
        : ''
    }
    ${summary} ${body} ${paymentsTable(dossier.code, status.payments)}`;
}

export type ReturnOutcome =
  | { kind: 'invalid' }
  | { kind: 'unknown' }
  | { kind: 'paid' | 'pending' | 'failed'; code: string; payment: PaymentView };

export function returnMain(o: ReturnOutcome): SafeHtml {
  switch (o.kind) {
    case 'invalid':
      return html`<h1>Không xác minh được kết quả thanh toán</h1>
        <p>
          Đường dẫn trả về từ cổng thanh toán không hợp lệ. Vui lòng mở lại trang hồ sơ của bạn để xem tình trạng.
        </p>`;
    case 'unknown':
      return html`<h1>Không tìm thấy giao dịch</h1>
        <p>Chúng tôi không tìm thấy giao dịch này. Vui lòng mở lại trang hồ sơ của bạn để xem tình trạng.</p>`;
    case 'paid':
      return html`<h1>Thanh toán thành công</h1>
        <div class="notice" role="status">
          <p>Đã nhận ${formatVnd(o.payment.amountVnd)} cho hồ sơ ${o.code}.</p>
        </div>
        <ul class="link-list">
          ${
            o.payment.receiptNo
              ? html`<li>
                  <a href="${receiptPath(o.code, o.payment.id)}">Tải biên lai số ${o.payment.receiptNo} (PDF)</a>
                </li>`
              : ''
          }
          <li><a href="${payPath(o.code)}">Về trang phí, lệ phí của hồ sơ</a></li>
        </ul>`;
    case 'pending':
      return html`<h1>Đang chờ xác nhận thanh toán</h1>
        <p>
          Cổng thanh toán chưa gửi kết quả cho chúng tôi. Kết quả thường có sau ít phút; bạn không cần thanh toán lại.
        </p>
        <p><a href="${payPath(o.code)}">Xem lại tình trạng thanh toán của hồ sơ ${o.code}</a></p>`;
    case 'failed':
      return html`<h1>Thanh toán không thành công</h1>
        <p>
          Giao dịch không thành công hoặc đã bị hủy. Nếu tài khoản của bạn vẫn bị trừ tiền, vui lòng liên hệ Bộ phận Một
          cửa nơi tiếp nhận hồ sơ.
        </p>
        <p><a href="${payPath(o.code)}">Thử thanh toán lại</a></p>`;
  }
}
