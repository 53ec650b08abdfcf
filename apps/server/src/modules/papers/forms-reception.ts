import QRCode from 'qrcode';
import { PdfForm } from './pdf-document.js';
import { applicantBlock, COMPONENT_FORM_LABEL, processingTimeLabel, type RenderOptions } from './paper-parts.js';
import { vnDateTime } from './vn-format.js';
import type { Mau01Data, Mau02Data, Mau03Data } from './papers.types.js';

/*
 * Thông tư 03/2025/TT-VPCP, Phụ lục I, Mẫu số 01–03 (titles as listed in the circular's Phụ lục I).
 * The wording and order of the fields follow the same forms of Thông tư 01/2018/TT-VPCP (Mẫu số 01–03),
 * which the 2025 circular replaced; where the 2025 text could not be read, the 2018 layout is kept.
 */

export const MAU01_TITLE = 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả';
export const MAU02_TITLE = 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ';
export const MAU03_TITLE = 'Phiếu từ chối tiếp nhận giải quyết hồ sơ';

/** The public lookup page of a dossier (the QR code of Mẫu số 01). */
export function lookupUrl(publicUrl: string, dossierCode: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/tra-cuu?ma=${encodeURIComponent(dossierCode)}`;
}

/** Mẫu số 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, with a QR code to the public lookup page. */
export async function renderMau01(data: Mau01Data, options: RenderOptions = {}): Promise<Buffer> {
  const form = new PdfForm({ title: `${MAU01_TITLE} - ${data.dossierCode}`, deterministic: options.deterministic });
  form.header({ agency: data.agency, number: data.documentNumber, issuedAt: data.issuedAt });
  form.title(MAU01_TITLE, `Mã hồ sơ: ${data.dossierCode}`);
  applicantBlock(form, data);

  form.paragraph('1. Thành phần hồ sơ nộp gồm:', { indent: false, style: 'bold' });
  form.table(
    [
      { header: 'TT', width: 0.07, align: 'center' },
      { header: 'Tên giấy tờ', width: 0.55 },
      { header: 'Hình thức', width: 0.24, align: 'center' },
      { header: 'Số lượng (bản)', width: 0.14, align: 'center' },
    ],
    data.components.map((c, i) => [String(i + 1), c.name, COMPONENT_FORM_LABEL[c.form], String(c.copies)]),
  );
  form.field('2. Số lượng hồ sơ', `${String(data.dossierSets ?? 1).padStart(2, '0')} (bộ)`);
  form.field('3. Thời gian giải quyết hồ sơ theo quy định', processingTimeLabel(data.processingTime));
  form.field('4. Thời gian nhận hồ sơ', vnDateTime(data.receivedAt));
  form.field('5. Thời gian trả kết quả giải quyết hồ sơ', vnDateTime(data.dueAt));
  form.field('6. Đăng ký nhận kết quả tại', data.resultDelivery);
  form.paragraph(
    data.ledger
      ? `Vào Sổ theo dõi hồ sơ, Quyển số: ${data.ledger.book}, Số thứ tự: ${data.ledger.sequence}.`
      : 'Vào Sổ theo dõi hồ sơ điện tử của Hệ thống thông tin giải quyết thủ tục hành chính.',
    { indent: false, style: 'italic' },
  );

  const url = lookupUrl(data.publicUrl, data.dossierCode);
  const qr = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 240 });
  form.imageWithCaption(qr, 72, `Tra cứu tình trạng giải quyết hồ sơ: quét mã QR hoặc truy cập ${url}`);

  form.signatures([
    { title: 'Người nộp hồ sơ', note: '(Ký và ghi rõ họ tên)', name: data.applicant.name },
    { title: 'Người tiếp nhận hồ sơ', note: '(Ký và ghi rõ họ tên)', name: data.officerName },
  ]);
  return form.toBuffer();
}

/** Mẫu số 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export async function renderMau02(data: Mau02Data, options: RenderOptions = {}): Promise<Buffer> {
  const form = new PdfForm({ title: `${MAU02_TITLE} - ${data.dossierCode}`, deterministic: options.deterministic });
  form.header({ agency: data.agency, number: data.documentNumber, issuedAt: data.issuedAt });
  form.title(MAU02_TITLE, `Mã hồ sơ: ${data.dossierCode}`);
  applicantBlock(form, data);
  form.paragraph('Yêu cầu Ông/Bà hoàn thiện hồ sơ gồm những nội dung sau:', { indent: false, style: 'bold' });
  form.list(data.requirements, (i) => `${i + 1}.`);
  form.field('Lý do', data.reason);
  const contact = data.contactPhone ? `${data.officerName}, số điện thoại ${data.contactPhone}` : data.officerName;
  const portal = data.publicUrl ? ` Các quy định về thủ tục hành chính được công khai tại ${data.publicUrl}.` : '';
  form.paragraph(
    `Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với ${contact} để được hướng dẫn.${portal}`,
  );
  form.signatures([{ title: 'Người hướng dẫn', note: '(Ký và ghi rõ họ tên)', name: data.officerName }]);
  return form.toBuffer();
}

/** Mẫu số 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export async function renderMau03(data: Mau03Data, options: RenderOptions = {}): Promise<Buffer> {
  const form = new PdfForm({ title: `${MAU03_TITLE} - ${data.dossierCode}`, deterministic: options.deterministic });
  form.header({ agency: data.agency, number: data.documentNumber, issuedAt: data.issuedAt });
  form.title(MAU03_TITLE, `Mã hồ sơ: ${data.dossierCode}`);
  applicantBlock(form, data);
  form.paragraph(
    `Căn cứ quy định tại ${data.legalBasis}, ${data.agency.name} từ chối tiếp nhận, giải quyết hồ sơ này ` +
      'với lý do cụ thể như sau:',
  );
  form.list(data.reasons);
  form.paragraph('Xin thông báo để Ông/Bà được biết và thực hiện./.');
  form.signatures([{ title: 'Người tiếp nhận hồ sơ', note: '(Ký và ghi rõ họ tên)', name: data.officerName }]);
  return form.toBuffer();
}
