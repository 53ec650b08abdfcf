/**
 * Input data of the one-stop papers (Thông tư 03/2025/TT-VPCP, Phụ lục I, Mẫu số 01–07).
 * Plain data: the dossier module maps its rows onto these; the renderers never touch the database.
 * Every instant is a `Date` (an absolute instant); it is printed in Asia/Ho_Chi_Minh.
 */

/** The agency that issues the paper (the one-stop centre or the agency resolving the dossier). */
export interface PaperAgency {
  /** Full name, e.g. "Trung tâm Phục vụ hành chính công xã Cam Lộ". Printed upper-case in the header. */
  name: string;
  /** The governing body printed above the name, e.g. "UBND XÃ CAM LỘ" (Nghị định 30/2020/NĐ-CP, Phụ lục I, ô số 2). */
  parentName?: string | undefined;
  /** Province name without prefix, e.g. "Quảng Trị". */
  provinceName: string;
  /**
   * Place printed before the date ("Quảng Trị, ngày … tháng … năm …"). Nghị định 30/2020/NĐ-CP, Phụ lục I, mục I.4:
   * the province's name for provincial agencies, the commune's name for commune ones. Defaults to `provinceName`.
   */
  placeName?: string | undefined;
  /** Abbreviation used in paper numbers, e.g. "TTPVHCC". */
  abbreviation?: string | undefined;
  phone?: string | undefined;
}

export interface PaperApplicant {
  /** Full name of the person or organisation, with diacritics. */
  name: string;
  address?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  /** Số định danh cá nhân / CCCD, or the tax code of an organisation. */
  idNumber?: string | undefined;
}

/** How a component was handed in. */
export type ComponentForm = 'original' | 'certified_copy' | 'copy' | 'electronic';

export interface PaperComponent {
  name: string;
  /** Number of copies (bản). */
  copies: number;
  form: ComponentForm;
}

export interface ProcessingTime {
  amount: number;
  unit: 'working_days' | 'working_hours';
}

/** Fields every paper about one dossier carries. */
export interface PaperBase {
  /** Mã hồ sơ, national format (Thông tư 03/2025/TT-VPCP). */
  dossierCode: string;
  procedureName: string;
  agency: PaperAgency;
  applicant: PaperApplicant;
  /** When the paper is issued (date line). */
  issuedAt: Date;
  /** The officer who signs or hands the paper over. */
  officerName: string;
  /** Paper number without the year, e.g. "15/TTPVHCC"; printed "Số: …" when given. */
  documentNumber?: string | undefined;
}

/** Mẫu số 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface Mau01Data extends PaperBase {
  components: PaperComponent[];
  /** Số lượng hồ sơ (bộ). Defaults to 1. */
  dossierSets?: number | undefined;
  processingTime: ProcessingTime;
  receivedAt: Date;
  dueAt: Date;
  /** Where/how the applicant gets the result, e.g. "Tại Bộ phận Một cửa" or "Qua dịch vụ bưu chính công ích". */
  resultDelivery: string;
  /** Base URL of the public portal; the QR code points to `${publicUrl}/tra-cuu?ma=<dossierCode>`. */
  publicUrl: string;
  /** "Vào Sổ theo dõi hồ sơ, Quyển số …, Số thứ tự …" */
  ledger?: { book: string; sequence: number } | undefined;
}

/** Mẫu số 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface Mau02Data extends PaperBase {
  /** What must be supplemented or corrected, one item per line. */
  requirements: string[];
  reason: string;
  /** Contact given for guidance ("liên hệ … số điện thoại …"). */
  contactPhone?: string | undefined;
  /** Where the applicant can read the procedure's rules (public portal URL). */
  publicUrl?: string | undefined;
}

/** Mẫu số 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface Mau03Data extends PaperBase {
  /** The legal basis of the refusal ("Căn cứ quy định tại …"). */
  legalBasis: string;
  reasons: string[];
}

/** Mẫu số 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết. */
export interface Mau04Data extends PaperBase {
  receivedAt: Date;
  originalDueAt: Date;
  newDueAt: Date;
  reasons: string[];
  /** Title of the signer, e.g. "GIÁM ĐỐC" or "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC". */
  signerTitle: string;
  /** Recipients ("Nơi nhận"); the applicant is always first. */
  recipients?: string[] | undefined;
}

/** Mẫu số 05: Thông báo dừng giải quyết hồ sơ. */
export interface Mau05Data extends PaperBase {
  receivedAt: Date;
  /** When the applicant asked to stop (or when the stop was decided). */
  requestedAt: Date;
  /** From when the dossier is no longer processed. */
  stoppedAt: Date;
  reasons: string[];
  /** What happens to the handed-in components, e.g. "Hồ sơ đã nộp được trả lại cho Ông/Bà tại Bộ phận Một cửa." */
  returnOfComponents?: string | undefined;
  signerTitle: string;
  recipients?: string[] | undefined;
}

export type HandoverOutcome = 'early' | 'on_time' | 'late';

/** One hand-over of the dossier between two units or people (Mẫu số 06). */
export interface HandoverRow {
  fromUnit: string;
  fromPerson?: string | undefined;
  toUnit: string;
  toPerson?: string | undefined;
  at: Date;
  /** Result of the step that ends at this hand-over; absent while in progress. */
  outcome?: HandoverOutcome | undefined;
  note?: string | undefined;
}

/** Mẫu số 06: Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface Mau06Data extends PaperBase {
  /** Cơ quan (bộ phận) giải quyết hồ sơ. */
  handlingUnit: string;
  /** Cơ quan phối hợp giải quyết hồ sơ. */
  coordinatingUnits?: string[] | undefined;
  handovers: HandoverRow[];
}

/** One line of Mẫu số 07: Sổ theo dõi hồ sơ. */
export interface LedgerRow {
  dossierCode: string;
  procedureName: string;
  dossierSets: number;
  applicantName: string;
  applicantAddress?: string | undefined;
  applicantPhone?: string | undefined;
  handlingAgency: string;
  receivedAt: Date;
  dueAt: Date;
  transferredAt?: Date | undefined;
  resultReceivedAt?: Date | undefined;
  returnedAt?: Date | undefined;
  note?: string | undefined;
}

export interface LedgerPeriod {
  from: Date;
  /** Exclusive end of the period. */
  to: Date;
  agency: PaperAgency;
}
