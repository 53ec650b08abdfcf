/**
 * What the template editor checks and shows before saving (the server checks the same rules again:
 * apps/server/src/modules/notifications/notifications.templates.ts).
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/** Names of the {{placeholders}} a text uses, in order of first appearance. */
export function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/** Placeholders used but not allowed, and required ones not used. */
export function checkPlaceholders(
  texts: string[],
  allowed: string[],
  required: string[],
): { unknown: string[]; missing: string[] } {
  const used = new Set(texts.flatMap(placeholdersOf));
  return {
    unknown: [...used].filter((p) => !allowed.includes(p)),
    missing: required.filter((p) => !used.has(p)),
  };
}

/** Sample values of the known placeholders (Vietnamese, made up); others are shown as they are written. */
export const SAMPLE_DATA: Record<string, string> = {
  code: '000.00.11.H45-260310-0001',
  minutes: '5',
  applicantName: 'Nguyễn Văn An',
  procedureName: 'Đăng ký khai sinh',
  agencyName: 'UBND xã Cam Lộ',
  lookupUrl: 'https://dichvucong.example.gov.vn/tra-cuu-ho-so?ma=000.00.11.H45-260310-0001',
  submittedAt: '09:00 ngày 10/03/2026',
  acceptBy: '09:30 ngày 11/03/2026',
  receivedAt: '09:00 ngày 10/03/2026',
  dueAt: '17:00 ngày 13/03/2026',
  reason: 'Thiếu bản sao giấy chứng sinh',
  howToGet: 'Mời ông/bà đến Bộ phận Một cửa của UBND xã Cam Lộ để nhận kết quả.',
  returnedAt: '10:15 ngày 13/03/2026',
  returnMethod: 'nhận tại Bộ phận Một cửa',
  previousDueAt: '17:00 ngày 13/03/2026',
  newDueAt: '17:00 ngày 20/03/2026',
  fullName: 'Trần Thị Bình',
  username: 'tran.thi.binh',
  temporaryPassword: 'Tam-thoi-2026',
  loginUrl: 'https://saola.example.gov.vn/app/dang-nhap',
};

/** The text with each {{placeholder}} filled from `data` (left as written when there is no value). */
export function renderPreview(text: string, data: Record<string, string> = SAMPLE_DATA): string {
  return text.replace(PLACEHOLDER, (all, name: string) => (Object.hasOwn(data, name) ? (data[name] ?? all) : all));
}

/** SMS segments of a text: 160 characters when plain GSM-7-like ASCII, 70 when Unicode (Vietnamese diacritics). */
export function smsSegments(text: string): number {
  if (text.length === 0) return 0;
  // eslint-disable-next-line no-control-regex
  const unicode = /[^\x00-\x7F]/.test(text);
  const [single, multi] = unicode ? [70, 67] : [160, 153];
  return text.length <= single ? 1 : Math.ceil(text.length / multi);
}
