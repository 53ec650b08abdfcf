import { isIsoDate, localIsoDate } from '../calendar/local-time.js';

/**
 * Dossier codes (mã số hồ sơ thủ tục hành chính) and result codes. Pure: no clock, no database.
 *
 * THE FORMAT: `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`
 * - `V1V2V3.Z1Z2.Y1Y2.MX1X2`: the electronic identifier (mã định danh điện tử) of the agency that
 *   RECEIVES the dossier, per Quyết định 20/2020/QĐ-TTg (e.g. `000.00.12.H50`); the same pattern as
 *   `agencies.code` (migrations/0002_org.sql): 3 digits, 2 digits, 2 digits, a letter and 2 digits.
 * - `YYMMDD`: the reception date (local date in Asia/Ho_Chi_Minh): last two digits of the year,
 *   month, day — 6 digits.
 * - `XXXX`: the sequence number of the dossier among those the agency received that day, 4 digits
 *   (0001–9999; the repository hands them out, see dossier-code.repository.ts).
 *
 * WHERE THE RULE LIVES
 * - Nghị định 61/2018/NĐ-CP, Điều 26 (code issued automatically by the one-stop information system;
 *   structure = identifier of the receiving agency + date of receipt + ordinal number within the
 *   day) and Thông tư 01/2018/TT-VPCP, Điều 19 khoản 1 (the exact string
 *   `V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX`, YYMMDD = reception date, XXXX = "số thứ tự hồ sơ tiếp nhận
 *   trong ngày, gồm 04 ký tự số"). CONFIRMED with the search tool: the text of Thông tư 01/2018
 *   Điều 19 as quoted by khcn.cinet.vn and seongay.com, and Nghị định 61/2018 Điều 26 as quoted by
 *   lawnet.vn. In Thông tư 01/2018 the agency part refers to the unit code of QCVN 102:2016/BTTTT
 *   (Thông tư 10/2016/TT-BTTTT); that code scheme was carried into Quyết định 20/2020/QĐ-TTg.
 * - Nghị định 118/2025/NĐ-CP replaced 61/2018 on 01/7/2025 and Thông tư 03/2025/TT-VPCP (15/9/2025)
 *   replaced 01/2018. CONFIRMED (hethongphapluat.com, the circular's preamble): Thông tư 03/2025
 *   guides "mã số hồ sơ và mã ngành, lĩnh vực thủ tục hành chính" under Nghị định 118/2025, Điều 35
 *   khoản 1. NOT CONFIRMED: the article number of Thông tư 03/2025 that states the structure, and
 *   that its wording names Quyết định 20/2020/QĐ-TTg (article to confirm); this file follows the
 *   structure of issue 3 §2, which is the same string as Thông tư 01/2018 Điều 19.
 *
 * Result codes: `<mã hồ sơ>-KQ<n>`, n = 1, 2, … for the results of one dossier (Nghị định
 * 45/2020/NĐ-CP on procedures in the electronic environment; article to confirm).
 */

/** Electronic identifier of an agency (Quyết định 20/2020/QĐ-TTg), e.g. `000.00.12.H50`. */
export const AGENCY_CODE_PATTERN = /^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$/;
const AGENCY = '[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}';
const DOSSIER_CODE = new RegExp(`^(${AGENCY})-([0-9]{2})([0-9]{2})([0-9]{2})-([0-9]{4})$`);
const RESULT_CODE = new RegExp(`^(${AGENCY}-[0-9]{6}-[0-9]{4})-KQ([1-9][0-9]{0,3})$`);

/** The last sequence a day can have: XXXX has four digits. */
export const MAX_DAILY_SEQUENCE = 9999;
/** Results per dossier that a code can number (KQ1 … KQ9999). */
export const MAX_RESULT_NUMBER = 9999;

export interface DossierCodeParts {
  agencyCode: string;
  /** Reception date, local YYYY-MM-DD. */
  receptionDate: string;
  /** 1 … 9999. */
  sequence: number;
}

/** A code part that cannot be formatted; the message is Vietnamese, for people. */
export class DossierCodeError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = 'DossierCodeError';
  }
}

export function isAgencyCode(value: string): boolean {
  return AGENCY_CODE_PATTERN.test(value);
}

/** YYYY-MM-DD of a reception instant (local date in Asia/Ho_Chi_Minh), or the date itself. */
export function receptionDateOf(date: Date | string): string {
  if (typeof date === 'string') {
    if (!isIsoDate(date)) throw new DossierCodeError(`Ngày tiếp nhận không hợp lệ: ${date}.`);
    return date;
  }
  if (Number.isNaN(date.getTime())) throw new DossierCodeError('Thời điểm tiếp nhận không hợp lệ.');
  return localIsoDate(date);
}

/**
 * The dossier code of the `seq`-th dossier that the agency received on the local date of `date`
 * (an instant) or on `date` itself (YYYY-MM-DD). The year must be 2000–2099 (YY has two digits).
 */
export function formatDossierCode(agencyCode: string, date: Date | string, seq: number): string {
  if (!isAgencyCode(agencyCode))
    throw new DossierCodeError(`Mã định danh cơ quan không hợp lệ: "${agencyCode}" (ví dụ đúng: 000.00.12.H50).`);
  if (!Number.isInteger(seq) || seq < 1 || seq > MAX_DAILY_SEQUENCE)
    throw new DossierCodeError(`Số thứ tự hồ sơ trong ngày phải từ 1 đến ${MAX_DAILY_SEQUENCE}.`);
  const day = receptionDateOf(date);
  const year = Number(day.slice(0, 4));
  if (year < 2000 || year > 2099) throw new DossierCodeError(`Năm tiếp nhận ${year} nằm ngoài 2000–2099.`);
  const yymmdd = `${day.slice(2, 4)}${day.slice(5, 7)}${day.slice(8, 10)}`;
  return `${agencyCode}-${yymmdd}-${String(seq).padStart(4, '0')}`;
}

/** The parts of a dossier code, or null when it is not one (bad shape, impossible date, sequence 0000). */
export function parseDossierCode(code: string): DossierCodeParts | null {
  const m = DOSSIER_CODE.exec(code);
  if (!m) return null;
  const [, agencyCode, yy, mm, dd, xxxx] = m as unknown as [string, string, string, string, string, string];
  const receptionDate = `20${yy}-${mm}-${dd}`;
  const sequence = Number(xxxx);
  if (!isIsoDate(receptionDate) || sequence < 1) return null;
  return { agencyCode, receptionDate, sequence };
}

export function isDossierCode(code: string): boolean {
  return parseDossierCode(code) !== null;
}

/** `<mã hồ sơ>-KQ<n>`: the n-th result of a dossier (Nghị định 45/2020/NĐ-CP; article to confirm). */
export function formatResultCode(dossierCode: string, n: number): string {
  if (!isDossierCode(dossierCode)) throw new DossierCodeError(`Mã hồ sơ không hợp lệ: "${dossierCode}".`);
  if (!Number.isInteger(n) || n < 1 || n > MAX_RESULT_NUMBER)
    throw new DossierCodeError(`Số thứ tự kết quả phải từ 1 đến ${MAX_RESULT_NUMBER}.`);
  return `${dossierCode}-KQ${n}`;
}

/** The dossier code and result number of a result code, or null. */
export function parseResultCode(code: string): { dossierCode: string; dossier: DossierCodeParts; n: number } | null {
  const m = RESULT_CODE.exec(code);
  if (!m) return null;
  const [, dossierCode, n] = m as unknown as [string, string, string];
  const dossier = parseDossierCode(dossierCode);
  return dossier ? { dossierCode, dossier, n: Number(n) } : null;
}
