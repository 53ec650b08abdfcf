import { PdfForm } from './pdf-document.js';
import { OUTCOME_LABEL, type RenderOptions } from './paper-parts.js';
import { vnDate, vnDateTime } from './vn-format.js';
import type { Mau04Data, Mau05Data, Mau06Data } from './papers.types.js';

/*
 * Thông tư 03/2025/TT-VPCP, Phụ lục I, Mẫu số 04–06 (titles as listed in the circular's Phụ lục I).
 * Mẫu số 04 extends the old "Phiếu xin lỗi và hẹn lại ngày trả kết quả" (Thông tư 01/2018/TT-VPCP, Mẫu số 04)
 * with the request for an extension (Nghị định 118/2025/NĐ-CP: the late dossier's new date, moved only once).
 * Mẫu số 05 is new in 2025 (no 2018 counterpart): laid out as an administrative notice (Nghị định 30/2020/NĐ-CP).
 * Mẫu số 06 follows the table of Thông tư 01/2018/TT-VPCP, Mẫu số 05 (tên cơ quan / thời gian giao, nhận hồ sơ /
 * kết quả giải quyết hồ sơ: trước hạn, đúng hạn, quá hạn / ghi chú).
 */

export const MAU04_TITLE = 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết';
export const MAU05_TITLE = 'Thông báo dừng giải quyết hồ sơ';
export const MAU06_TITLE = 'Phiếu kiểm soát quá trình giải quyết hồ sơ';

const SIGNER_NOTE = '(Ký, ghi rõ họ tên và đóng dấu)';

/** Mẫu số 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết. */
export async function renderMau04(data: Mau04Data, options: RenderOptions = {}): Promise<Buffer> {
  const form = new PdfForm({ title: `${MAU04_TITLE} - ${data.dossierCode}`, deterministic: options.deterministic });
  form.header({
    agency: data.agency,
    number: data.documentNumber,
    issuedAt: data.issuedAt,
    about: 'V/v xin lỗi và đề nghị gia hạn thời gian giải quyết hồ sơ',
  });
  form.title(MAU04_TITLE, `Mã hồ sơ: ${data.dossierCode}`);
  form.paragraph(`Kính gửi: Ông/Bà ${data.applicant.name}`, { indent: false, style: 'bold' });
  if (data.applicant.address) form.field('Địa chỉ', data.applicant.address);
  form.moveDown(0.3);
  form.paragraph(
    `Ngày ${vnDate(data.receivedAt).slice(5)}, ${data.agency.name} tiếp nhận hồ sơ của Ông/Bà, mã hồ sơ ` +
      `${data.dossierCode}, đề nghị giải quyết thủ tục hành chính: ${data.procedureName}.`,
  );
  form.paragraph(
    `Thời gian hẹn trả kết quả giải quyết hồ sơ ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả: ` +
      `${vnDateTime(data.originalDueAt)}.`,
  );
  form.paragraph(
    `Tuy nhiên, đến nay ${data.agency.name} chưa thể trả kết quả giải quyết hồ sơ cho Ông/Bà đúng hẹn. Lý do:`,
  );
  form.list(data.reasons);
  form.paragraph(
    `Sự chậm trễ này đã gây phiền hà, tốn kém thời gian, chi phí của Ông/Bà. ${data.agency.name} trân trọng ` +
      `xin lỗi Ông/Bà và đề nghị Ông/Bà đồng ý gia hạn thời gian giải quyết hồ sơ; kết quả giải quyết hồ sơ ` +
      `sẽ được trả cho Ông/Bà vào ${vnDateTime(data.newDueAt)}.`,
  );
  form.paragraph('Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.');
  form.signatures(
    [{ title: data.signerTitle, note: SIGNER_NOTE, name: data.officerName }],
    [...(data.recipients ?? [`Ông/Bà ${data.applicant.name}`]), 'Lưu: VT'],
  );
  return form.toBuffer();
}

/** Mẫu số 05: Thông báo dừng giải quyết hồ sơ. */
export async function renderMau05(data: Mau05Data, options: RenderOptions = {}): Promise<Buffer> {
  const form = new PdfForm({ title: `${MAU05_TITLE} - ${data.dossierCode}`, deterministic: options.deterministic });
  form.header({
    agency: data.agency,
    number: data.documentNumber,
    issuedAt: data.issuedAt,
    about: 'V/v dừng giải quyết hồ sơ',
  });
  form.title('Thông báo', 'Về việc dừng giải quyết hồ sơ', `Mã hồ sơ: ${data.dossierCode}`);
  form.paragraph(`Kính gửi: Ông/Bà ${data.applicant.name}`, { indent: false, style: 'bold' });
  if (data.applicant.address) form.field('Địa chỉ', data.applicant.address);
  form.moveDown(0.3);
  form.paragraph(
    `Ngày ${vnDate(data.receivedAt).slice(5)}, ${data.agency.name} tiếp nhận hồ sơ của Ông/Bà, mã hồ sơ ` +
      `${data.dossierCode}, đề nghị giải quyết thủ tục hành chính: ${data.procedureName}.`,
  );
  form.paragraph(
    `Ngày ${vnDate(data.requestedAt).slice(5)}, ${data.agency.name} nhận được đề nghị dừng giải quyết hồ sơ nêu trên. Lý do:`,
  );
  form.list(data.reasons);
  form.paragraph(
    `${data.agency.name} thông báo dừng giải quyết hồ sơ mã ${data.dossierCode} kể từ ${vnDateTime(data.stoppedAt)}.` +
      (data.returnOfComponents ? ` ${data.returnOfComponents}` : ''),
  );
  form.paragraph('Xin thông báo để Ông/Bà được biết./.');
  form.signatures(
    [{ title: data.signerTitle, note: SIGNER_NOTE, name: data.officerName }],
    [...(data.recipients ?? [`Ông/Bà ${data.applicant.name}`]), 'Lưu: VT'],
  );
  return form.toBuffer();
}

function party(unit: string, person: string | undefined): string {
  return person ? `${unit} (${person})` : unit;
}

/** Mẫu số 06: Phiếu kiểm soát quá trình giải quyết hồ sơ (every hand-over: who, when, on time or late). */
export async function renderMau06(data: Mau06Data, options: RenderOptions = {}): Promise<Buffer> {
  const form = new PdfForm({ title: `${MAU06_TITLE} - ${data.dossierCode}`, deterministic: options.deterministic });
  form.header({ agency: data.agency, number: data.documentNumber, issuedAt: data.issuedAt });
  form.title(MAU06_TITLE, `Mã hồ sơ: ${data.dossierCode}`);
  form.field('Kèm theo hồ sơ của', data.applicant.name);
  form.field('Nội dung yêu cầu giải quyết', data.procedureName);
  form.field('Cơ quan (bộ phận) giải quyết hồ sơ', data.handlingUnit);
  form.field(
    'Cơ quan phối hợp giải quyết hồ sơ',
    data.coordinatingUnits && data.coordinatingUnits.length > 0 ? data.coordinatingUnits.join('; ') : 'Không',
  );
  form.moveDown(0.3);
  form.table(
    [
      { header: 'TÊN CƠ QUAN', width: 0.4 },
      { header: 'THỜI GIAN GIAO, NHẬN HỒ SƠ', width: 0.25, align: 'center' },
      { header: 'KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/đúng hạn/quá hạn)', width: 0.18, align: 'center' },
      { header: 'GHI CHÚ', width: 0.17 },
    ],
    data.handovers.map((h, i) => [
      `${i + 1}. Giao: ${party(h.fromUnit, h.fromPerson)}\n    Nhận: ${party(h.toUnit, h.toPerson)}`,
      vnDateTime(h.at),
      h.outcome ? OUTCOME_LABEL[h.outcome] : 'Đang giải quyết',
      h.note ?? '',
    ]),
  );
  form.signatures([{ title: 'Người lập phiếu', note: '(Ký và ghi rõ họ tên)', name: data.officerName }]);
  return form.toBuffer();
}
