import { PdfForm, type PaperAgency } from '../papers/index.js';
import { vnDateTime } from '../papers/vn-format.js';
import { formatVnd } from './payments.rules.js';

/**
 * Biên lai thu phí, lệ phí (receipt) of a dossier's payment, A4 PDF with the embedded Vietnamese fonts of the papers
 * module. Contents follow what a biên lai must show — the collecting organisation, the receipt number, the payer, the
 * fee's name, the amount in figures and in words, the date and the method (Nghị định 123/2020/NĐ-CP on invoices and
 * documents, the part on biên lai thu phí, lệ phí; article to confirm). This is the system's receipt: the form and
 * series symbol (ký hiệu mẫu số, ký hiệu biên lai) registered with the tax authority are not managed here yet.
 */
export interface ReceiptData {
  agency: PaperAgency;
  receiptNo: string;
  dossierCode: string;
  procedureName: string;
  payerName: string;
  feeName: string;
  amountVnd: number;
  paidAt: Date;
  method: 'gateway' | 'bank_transfer';
  reference: string | null;
  /** Officer who confirmed a bank transfer. */
  confirmedBy: string | null;
}

export const RECEIPT_TITLE = 'Biên lai thu phí, lệ phí';

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'];

/** Three digits in words; `full` when a higher group precedes (then "không trăm", "lẻ" are spoken). */
function triple(n: number, full: boolean): string {
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  const out: string[] = [];
  if (h > 0 || full) out.push(`${DIGITS[h]} trăm`);
  if (t === 0) {
    if (u > 0 && (h > 0 || full)) out.push('lẻ');
  } else if (t === 1) out.push('mười');
  else out.push(`${DIGITS[t]} mươi`);
  if (u > 0) {
    if (u === 1 && t > 1) out.push('mốt');
    else if (u === 5 && t > 0) out.push('lăm');
    else out.push(DIGITS[u] ?? '');
  }
  return out.join(' ');
}

/** "1.943.000" → "Một triệu chín trăm bốn mươi ba nghìn đồng" (whole đồng, up to hundreds of billions). */
export function vndInWords(amount: number): string {
  if (!Number.isSafeInteger(amount) || amount < 0) throw new Error('vndInWords: whole đồng only');
  if (amount === 0) return 'Không đồng';
  const units = ['', 'nghìn', 'triệu', 'tỷ', 'nghìn tỷ', 'triệu tỷ'];
  const groups: number[] = [];
  for (let n = amount; n > 0; n = Math.floor(n / 1000)) groups.push(n % 1000);
  const parts: string[] = [];
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i] ?? 0;
    if (g === 0) continue;
    const words = triple(g, i < groups.length - 1);
    parts.push(units[i] ? `${words} ${units[i]}` : words);
  }
  const text = `${parts.join(' ')} đồng`;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export async function renderReceipt(data: ReceiptData, options: { deterministic?: boolean } = {}): Promise<Buffer> {
  const form = new PdfForm({
    title: `${RECEIPT_TITLE} ${data.receiptNo} - ${data.dossierCode}`,
    deterministic: options.deterministic,
  });
  form.header({ agency: data.agency, number: data.receiptNo, issuedAt: data.paidAt });
  form.title(RECEIPT_TITLE, `Số: ${data.receiptNo}`);
  form.field('Tên người nộp', data.payerName);
  form.field('Mã hồ sơ', data.dossierCode);
  form.field('Thủ tục hành chính', data.procedureName);
  form.field('Tên loại phí, lệ phí', data.feeName);
  form.field('Số tiền', formatVnd(data.amountVnd));
  form.field('Viết bằng chữ', vndInWords(data.amountVnd));
  form.field(
    'Hình thức nộp',
    data.method === 'gateway' ? 'Thanh toán trực tuyến qua cổng thanh toán' : 'Chuyển khoản ngân hàng (VietQR)',
  );
  if (data.reference) form.field('Mã giao dịch', data.reference);
  form.field('Thời điểm nộp', vnDateTime(data.paidAt));
  form.moveDown(1);
  form.signatures([
    data.method === 'bank_transfer' && data.confirmedBy
      ? { title: 'NGƯỜI THU TIỀN', note: '(Đã xác nhận trên hệ thống)', name: data.confirmedBy }
      : { title: 'ĐƠN VỊ THU', note: '(Biên lai điện tử lập trên hệ thống)' },
  ]);
  return form.toBuffer();
}
