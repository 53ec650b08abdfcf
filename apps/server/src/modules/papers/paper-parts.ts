import type { PdfForm } from './pdf-document.js';
import type { ComponentForm, HandoverOutcome, PaperBase, ProcessingTime } from './papers.types.js';

/** Options shared by every renderer. */
export interface RenderOptions {
  /** Byte-identical output for the same input (tests, golden files). */
  deterministic?: boolean | undefined;
}

export const COMPONENT_FORM_LABEL: Record<ComponentForm, string> = {
  original: 'Bản chính',
  certified_copy: 'Bản sao có chứng thực',
  copy: 'Bản sao',
  electronic: 'Bản điện tử',
};

export const OUTCOME_LABEL: Record<HandoverOutcome, string> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};

export function processingTimeLabel(t: ProcessingTime): string {
  switch (t.unit) {
    case 'working_days':
      return `${t.amount} ngày làm việc`;
    case 'working_hours':
      return `${t.amount} giờ làm việc`;
  }
}

/** "Số điện thoại: …  Email: …" on one line when both exist. */
export function contactLine(p: PaperBase['applicant']): string | undefined {
  const parts = [p.phone, p.email ? `Email: ${p.email}` : undefined].filter((s): s is string => !!s);
  return parts.length > 0 ? parts.join(' - ') : undefined;
}

/** The applicant block common to Mẫu số 01, 02 and 03 ("… tiếp nhận hồ sơ của: …"). */
export function applicantBlock(form: PdfForm, data: PaperBase): void {
  form.paragraph(`${data.agency.name} tiếp nhận hồ sơ của:`, { indent: false });
  form.field('Ông/Bà (tổ chức)', data.applicant.name);
  if (data.applicant.idNumber) form.field('Số định danh cá nhân/Mã số thuế', data.applicant.idNumber);
  form.field('Địa chỉ', data.applicant.address);
  form.field('Số điện thoại', contactLine(data.applicant));
  form.field('Nội dung yêu cầu giải quyết', data.procedureName);
}
