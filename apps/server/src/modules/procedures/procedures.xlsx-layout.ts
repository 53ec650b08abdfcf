/**
 * Layout of the catalogue workbook (XLSX import/export, issue 3 §1): one sheet per part of a procedure, one
 * row per procedure or per list item. Child sheets refer to their procedure by "Mã thủ tục" (the national code,
 * or the local DP.* code) and keep the order given by "STT". Columns are found by their header text, so a user
 * may reorder or add columns; values of enumerations are the codes of the JSON format (listed in "Hướng dẫn").
 */

export type CellKind =
  /** text; empty → null when nullable, else missing */
  | 'text'
  /** integer; empty → null when nullable, else missing */
  | 'int'
  /** Có / Không */
  | 'bool'
  /** a JSON value; empty → `emptyAs` */
  | 'json'
  /** one item per line; empty → [] */
  | 'lines'
  /** comma-separated codes; empty → left out */
  | 'csv';

export interface Column {
  header: string;
  /** JSON pointer inside the object the row describes (the procedure, or one list item). */
  path: string;
  kind: CellKind;
  width: number;
  nullable?: boolean;
  /** For 'json': the value of an empty cell (undefined = left out). */
  emptyAs?: unknown;
  /** Allowed codes, for the guide sheet. */
  values?: readonly string[];
  help?: string;
}

export const SHEET = {
  procedures: 'Thủ tục',
  components: 'Thành phần hồ sơ',
  workflow: 'Quy trình',
  fees: 'Phí lệ phí',
  legal: 'Căn cứ pháp lý',
  forms: 'Biểu mẫu điện tử',
  guide: 'Hướng dẫn',
} as const;

export const KEY_HEADER = 'Mã thủ tục';
export const ORDER_HEADER = 'STT';
export const FORM_PART_HEADER = 'Phần';
export const FORM_JSON_HEADER = 'Nội dung JSON Schema';
/** Excel keeps at most 32 767 characters in a cell: longer e-forms are split over several rows. */
export const FORM_CHUNK = 30_000;

const LEVELS = ['tinh', 'xa'] as const;
const TIME_UNITS = ['working_days', 'working_hours', 'calendar_days'] as const;

export const PROCEDURE_COLUMNS: readonly Column[] = [
  { header: 'Mã TTHC', path: '/code', kind: 'text', width: 12, nullable: true, help: 'Mã quốc gia, ví dụ 1.001193' },
  {
    header: 'Mã tạm',
    path: '/localCode',
    kind: 'text',
    width: 18,
    help: 'DP.<tên-không-dấu> khi chưa có mã quốc gia; để trống nếu có Mã TTHC',
  },
  { header: 'Tên thủ tục', path: '/name', kind: 'text', width: 50 },
  { header: 'Lĩnh vực', path: '/field', kind: 'text', width: 20 },
  { header: 'Cấp thực hiện', path: '/level', kind: 'text', width: 10, values: LEVELS },
  { header: 'Loại cơ quan thực hiện', path: '/agency/kind', kind: 'text', width: 16 },
  { header: 'Tên cơ quan thực hiện', path: '/agency/name', kind: 'text', width: 40 },
  {
    header: 'Mã cơ quan thực hiện',
    path: '/agencyCodes',
    kind: 'csv',
    width: 24,
    help: 'Mã định danh các cơ quan, phân cách bằng dấu phẩy; để trống: giữ nguyên',
  },
  { header: 'Cách tính thời hạn', path: '/processingTime/kind', kind: 'text', width: 10, values: ['ngay', 'thoi_han'] },
  { header: 'Thời hạn giải quyết', path: '/processingTime/amount', kind: 'int', width: 10 },
  { header: 'Đơn vị thời hạn', path: '/processingTime/unit', kind: 'text', width: 14, values: TIME_UNITS },
  {
    header: 'Giờ chốt nhận hồ sơ',
    path: '/processingTime/cutoffTime',
    kind: 'text',
    width: 10,
    nullable: true,
    help: 'HH:MM',
  },
  {
    header: 'Gia hạn (JSON)',
    path: '/processingTime/extensions',
    kind: 'json',
    width: 20,
    emptyAs: [],
    help: '[{"amount": 5, "unit": "working_days", "when": "…"}]',
  },
  { header: 'Ghi chú thời hạn', path: '/processingTime/note', kind: 'text', width: 40 },
  {
    header: 'Hình thức trực tuyến',
    path: '/onlineMode',
    kind: 'text',
    width: 12,
    values: ['toan_trinh', 'mot_phan', 'truc_tiep'],
  },
  { header: 'Kết quả', path: '/results', kind: 'lines', width: 40, help: 'Mỗi dòng một kết quả' },
  { header: 'Chưa xác minh', path: '/unverified', kind: 'lines', width: 40, help: 'Mỗi dòng một điểm' },
  { header: 'Nguồn thông tin (JSON)', path: '/source', kind: 'json', width: 30, nullable: true, emptyAs: null },
  { header: 'Ngày kiểm tra', path: '/checkedOn', kind: 'text', width: 12, nullable: true, help: 'YYYY-MM-DD' },
];

export const COMPONENT_COLUMNS: readonly Column[] = [
  { header: 'Tên giấy tờ', path: '/name', kind: 'text', width: 60 },
  { header: 'Số bản chính', path: '/originals', kind: 'int', width: 10 },
  { header: 'Số bản sao', path: '/copies', kind: 'int', width: 10 },
  {
    header: 'Hình thức',
    path: '/form',
    kind: 'text',
    width: 18,
    values: ['ban_chinh', 'ban_sao', 'ban_chinh_hoac_ban_sao', 'xuat_trinh', 'thong_tin'],
  },
  { header: 'Bắt buộc', path: '/required', kind: 'bool', width: 10, values: ['Có', 'Không'] },
  { header: 'Điều kiện', path: '/condition', kind: 'text', width: 40, nullable: true },
  { header: 'Mẫu đơn, tờ khai (đường dẫn)', path: '/templateUrl', kind: 'text', width: 40, help: 'https://…' },
];

export const WORKFLOW_COLUMNS: readonly Column[] = [
  { header: 'Mã bước', path: '/key', kind: 'text', width: 14 },
  { header: 'Tên bước', path: '/name', kind: 'text', width: 36 },
  { header: 'Vai trò', path: '/role', kind: 'text', width: 18, help: 'Mã vai trò, ví dụ chuyen_vien' },
  { header: 'Tỷ lệ thời gian (%)', path: '/share', kind: 'int', width: 12 },
  { header: 'Phê duyệt', path: '/isApproval', kind: 'bool', width: 10, values: ['Có', 'Không'] },
];

export const FEE_COLUMNS: readonly Column[] = [
  { header: 'Loại', path: '/kind', kind: 'text', width: 8, values: ['le_phi', 'phi'] },
  { header: 'Tên phí, lệ phí', path: '/name', kind: 'text', width: 40 },
  {
    header: 'Cách tính',
    path: '/mode',
    kind: 'text',
    width: 12,
    values: ['fixed', 'tiered', 'by_case', 'provincial', 'free'],
  },
  { header: 'Số tiền (đồng)', path: '/amountVnd', kind: 'int', width: 14, nullable: true },
  { header: 'Đơn vị tính', path: '/unit', kind: 'text', width: 14, nullable: true },
  { header: 'Mức trần (đồng)', path: '/capVnd', kind: 'int', width: 14, nullable: true },
  {
    header: 'Biểu bậc (JSON)',
    path: '/tiers',
    kind: 'json',
    width: 24,
    emptyAs: [],
    help: '[{"fromUnit": 1, "amountVnd": 2000}]',
  },
  {
    header: 'Theo trường hợp (JSON)',
    path: '/cases',
    kind: 'json',
    width: 30,
    emptyAs: [],
    help: '[{"when": "…", "amountVnd": 0}]',
  },
  { header: 'Căn cứ thu', path: '/basis', kind: 'text', width: 40 },
];

export const LEGAL_COLUMNS: readonly Column[] = [
  { header: 'Số hiệu văn bản', path: '/document', kind: 'text', width: 20 },
  { header: 'Trích yếu', path: '/title', kind: 'text', width: 60 },
  { header: 'Điều, khoản', path: '/articles', kind: 'text', width: 20, nullable: true },
];

/** Child sheets: which list of the procedure each one fills. */
export const CHILD_SHEETS = [
  { sheet: SHEET.components, list: 'components', columns: COMPONENT_COLUMNS },
  { sheet: SHEET.workflow, list: 'workflow', columns: WORKFLOW_COLUMNS },
  { sheet: SHEET.fees, list: 'fees', columns: FEE_COLUMNS },
  { sheet: SHEET.legal, list: 'legalBasis', columns: LEGAL_COLUMNS },
] as const;
