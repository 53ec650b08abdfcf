import { html, type SafeHtml } from '../portal/html.js';
import type { FeeStatus } from '../payments/payments.port.js';

/**
 * The "Phí, lệ phí" part of the citizen's dossier page (Hồ sơ của tôi): what the fee is, whether it is paid, the
 * way to the pay page (modules/payments, payments.pages.ts) and the receipts. The amounts come from
 * `app.payments.feeStatus` (Luật Phí và lệ phí 2015; by-case amounts are set by the one-stop officer).
 */

/** States in which the dossier ended without a result: nothing is paid online for it any more. */
const ENDED_WITHOUT_RESULT = new Set(['refused', 'withdrawn', 'rejected', 'stopped']);

/** False once the dossier ended without a result (refused, withdrawn, rejected, stopped). */
export const mayOweFee = (status: string) => !ENDED_WITHOUT_RESULT.has(status);

export const payHref = (code: string) => `/ho-so-cua-toi/${encodeURIComponent(code)}/thanh-toan`;
export const receiptHref = (code: string, paymentId: string) =>
  `/ho-so-cua-toi/${encodeURIComponent(code)}/bien-lai/${encodeURIComponent(paymentId)}`;

/** "10.000 đồng" (dots between thousands, as the pay page and the receipt write it). */
export function vnd(amount: number): string {
  return `${amount.toLocaleString('vi-VN').replace(/,/g, '.')} đồng`;
}

/** What is left to pay, when the citizen has to pay it now; null otherwise (free, not set, paid, dossier ended). */
export function amountToPay(status: string, fee: FeeStatus | null | undefined): number | null {
  if (!fee || fee.status !== 'unpaid' || fee.amountVnd === null || !mayOweFee(status)) return null;
  const left = fee.amountVnd - fee.paidVnd;
  return left > 0 ? left : null;
}

function receiptList(code: string, fee: FeeStatus): SafeHtml | '' {
  const paid = fee.payments.filter((p) => p.status === 'paid' && p.receiptNo);
  if (paid.length === 0) return '';
  return html`<ul>
    ${paid.map(
      (p) =>
        html`<li>
          <a href="${receiptHref(code, p.id)}">Biên lai số ${p.receiptNo ?? ''} (PDF)</a>: ${vnd(p.amountVnd)}
        </li>`,
    )}
  </ul>`;
}

function row(label: string, value: string): SafeHtml {
  return html`<tr>
    <th scope="row">${label}</th>
    <td>${value}</td>
  </tr>`;
}

/** The section; '' when the fee is not known (no payments module, or no such dossier). */
export function feeSection(code: string, status: string, fee: FeeStatus | null | undefined): SafeHtml | '' {
  if (!fee) return '';
  const heading = html`<h2 id="phi-le-phi">Phí, lệ phí</h2>`;
  const name = fee.feeName ? row('Loại phí, lệ phí', fee.feeName) : '';

  if (fee.basis === 'to_set' || fee.amountVnd === null) {
    return html`${heading}
      <div class="table-wrap">
        <table>
          <tbody>
            ${name} ${row('Số tiền phải nộp', 'Cán bộ Bộ phận Một cửa xác định theo từng trường hợp (chưa xác định)')}
          </tbody>
        </table>
      </div>
      <p>Khi cán bộ xác định số tiền, bạn sẽ nộp được phí, lệ phí tại đây. Bạn chưa cần làm gì.</p>`;
  }
  if (fee.amountVnd === 0) {
    return html`${heading}
      <p>Không thu phí, lệ phí.</p>`;
  }
  if (fee.status === 'paid') {
    return html`${heading}
      <div class="table-wrap">
        <table>
          <tbody>
            ${name} ${row('Số tiền', vnd(fee.amountVnd))}
            <tr>
              <th scope="row">Tình trạng</th>
              <td><strong>Đã thanh toán</strong></td>
            </tr>
          </tbody>
        </table>
      </div>
      ${receiptList(code, fee)}`;
  }
  const left = amountToPay(status, fee);
  return html`${heading}
    <div class="table-wrap">
      <table>
        <tbody>
          ${name} ${row('Số tiền phải nộp', vnd(fee.amountVnd))}
          ${fee.paidVnd > 0 ? row('Đã nộp', vnd(fee.paidVnd)) : ''}
          <tr>
            <th scope="row">Tình trạng</th>
            <td><strong>Chưa nộp đủ</strong></td>
          </tr>
        </tbody>
      </table>
    </div>
    ${receiptList(code, fee)}
    ${
      left === null
        ? html`<p>Hồ sơ đã kết thúc nên không nộp phí, lệ phí trực tuyến. Nếu cần, hãy liên hệ Bộ phận Một cửa.</p>`
        : html`<p>Bạn cần nộp ${vnd(left)}.</p>
            <p><a class="button" href="${payHref(code)}">Nộp phí, lệ phí</a></p>`
    }`;
}
