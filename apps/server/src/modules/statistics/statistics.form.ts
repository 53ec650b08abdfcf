import { dayOf, isIsoDate, isoOf } from '../calendar/local-time.js';
import type { FieldProblem } from '../portal/form-errors.js';
import { MAX_PERIOD_DAYS } from './statistics.service.js';

/**
 * The GET form of the public statistics page /thong-ke (pure): what the citizen chose, read leniently from the
 * query string, and the period of local dates (Asia/Ho_Chi_Minh) it stands for. Every mistake becomes a message
 * next to its input, never an exception.
 */

export type PeriodKind = 'nam' | 'quy' | 'thang' | 'khoang';
export const PERIOD_KINDS: readonly PeriodKind[] = ['nam', 'quy', 'thang', 'khoang'];

/** Earliest year the form accepts (dossiers before it are not in Saola). */
export const FIRST_YEAR = 2000;
/** Years offered in the year list: this one and the four before. */
export const YEARS_OFFERED = 5;

/** The form as typed (strings, re-shown on the page). */
export interface StatsForm {
  agencyCode: string;
  kind: string;
  year: string;
  quarter: string;
  month: string;
  from: string;
  to: string;
}

export interface ResolvedPeriod {
  from: string;
  to: string;
  /** "Năm 2026", "Quý I năm 2026", "Tháng 3 năm 2026", "Từ 01/03/2026 đến 31/03/2026". */
  label: string;
}

const ROMAN = ['I', 'II', 'III', 'IV'] as const;

/** First value of a query parameter that is a string (a repeated parameter gives its first value). */
function text(query: unknown, name: string, max = 40): string {
  const v = query && typeof query === 'object' ? (query as Record<string, unknown>)[name] : undefined;
  const first = Array.isArray(v) ? (v as unknown[])[0] : v;
  return typeof first === 'string' ? first.trim().slice(0, max) : '';
}

/** Reads the form from the query string (names are the Vietnamese parameters of the page's URL). */
export function readForm(query: unknown): StatsForm {
  const form: StatsForm = {
    agencyCode: text(query, 'co-quan', 60),
    kind: text(query, 'ky'),
    year: text(query, 'nam'),
    quarter: text(query, 'quy'),
    month: text(query, 'thang'),
    from: text(query, 'tu-ngay'),
    to: text(query, 'den-ngay'),
  };
  // A link with only dates (or only a month…) means that kind of period.
  if (form.kind === '')
    form.kind = form.from || form.to ? 'khoang' : form.month ? 'thang' : form.quarter ? 'quy' : 'nam';
  return form;
}

/** "dd/mm/yyyy" (also d/m/yyyy, with "-" or ".") or "yyyy-mm-dd" → "yyyy-mm-dd"; null when not a real date. */
export function parseDateInput(input: string): string | null {
  const s = input.replace(/\s+/g, '');
  let iso: string | null = null;
  const dmy = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (dmy) iso = `${dmy[3]}-${dmy[2]!.padStart(2, '0')}-${dmy[1]!.padStart(2, '0')}`;
  else if (/^\d{4}-\d{2}-\d{2}$/.test(s)) iso = s;
  return iso && isIsoDate(iso) ? iso : null;
}

/** "15/04/2026" of "2026-04-15". */
export function viDate(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/** Last day (YYYY-MM-DD) of a month (1–12). */
function lastDayOf(year: number, month: number): string {
  if (month === 12) return `${year}-12-31`;
  return isoOf(dayOf(`${year}-${String(month + 1).padStart(2, '0')}-01`) - 1);
}

/**
 * The period of the form, cut at today (a period still running is counted up to today, as the API does), or
 * the problems to show. `today` is the local date of now.
 */
export function resolvePeriod(
  form: StatsForm,
  today: string,
): { period: ResolvedPeriod } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const currentYear = Number(today.slice(0, 4));
  const kind = form.kind as PeriodKind;
  if (!PERIOD_KINDS.includes(kind)) return { problems: [{ id: 'ky-nam', message: 'Chọn kỳ thống kê.' }] };

  const cut = (from: string, to: string, label: string, id: string): { period: ResolvedPeriod } | undefined => {
    if (from > today) {
      problems.push({ id, message: `${label} chưa bắt đầu: chọn một kỳ đã qua hoặc đang diễn ra.` });
      return undefined;
    }
    return { period: { from, to: to > today ? today : to, label } };
  };

  if (kind !== 'khoang') {
    const yearText = form.year || String(currentYear);
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
    if (!(year >= FIRST_YEAR && year <= currentYear)) {
      return { problems: [{ id: 'nam', message: `Chọn năm từ ${FIRST_YEAR} đến ${currentYear}.` }] };
    }
    if (kind === 'nam') return cut(`${year}-01-01`, `${year}-12-31`, `Năm ${year}`, 'nam') ?? { problems };
    if (kind === 'quy') {
      const q = /^[1-4]$/.test(form.quarter) ? Number(form.quarter) : NaN;
      if (Number.isNaN(q)) return { problems: [{ id: 'quy', message: 'Chọn quý I, II, III hoặc IV.' }] };
      const first = (q - 1) * 3 + 1;
      const from = `${year}-${String(first).padStart(2, '0')}-01`;
      return cut(from, lastDayOf(year, first + 2), `Quý ${ROMAN[q - 1]} năm ${year}`, 'quy') ?? { problems };
    }
    const m = /^(0?[1-9]|1[0-2])$/.test(form.month) ? Number(form.month) : NaN;
    if (Number.isNaN(m)) return { problems: [{ id: 'thang', message: 'Chọn tháng từ 1 đến 12.' }] };
    const from = `${year}-${String(m).padStart(2, '0')}-01`;
    return cut(from, lastDayOf(year, m), `Tháng ${m} năm ${year}`, 'thang') ?? { problems };
  }

  // A range of dates typed by the citizen.
  const from = parseDateInput(form.from);
  const to = parseDateInput(form.to);
  const example = `ví dụ ${viDate(today.slice(0, 8) + '01')}`;
  if (!form.from) problems.push({ id: 'tu-ngay', message: `Nhập ngày bắt đầu (ngày/tháng/năm, ${example}).` });
  else if (!from)
    problems.push({ id: 'tu-ngay', message: `Ngày bắt đầu không đúng: nhập theo dạng ngày/tháng/năm, ${example}.` });
  if (!form.to) problems.push({ id: 'den-ngay', message: `Nhập ngày kết thúc (ngày/tháng/năm, ${example}).` });
  else if (!to)
    problems.push({ id: 'den-ngay', message: `Ngày kết thúc không đúng: nhập theo dạng ngày/tháng/năm, ${example}.` });
  if (!from || !to) return { problems };
  if (to < from) return { problems: [{ id: 'den-ngay', message: 'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.' }] };
  if (from > today) return { problems: [{ id: 'tu-ngay', message: 'Ngày bắt đầu không được sau hôm nay.' }] };
  const end = to > today ? today : to;
  // Same limit as the API (StatisticsService.period): a longer period is several requests.
  if (dayOf(end) - dayOf(from) + 1 > MAX_PERIOD_DAYS) {
    return { problems: [{ id: 'den-ngay', message: 'Khoảng thời gian thống kê dài tối đa 3 năm.' }] };
  }
  return { period: { from, to: end, label: `Từ ${viDate(from)} đến ${viDate(end)}` } };
}

/** The page's own URL for a period and agency (canonical link, "source" of the open data). */
export function pageQuery(agencyCode: string, period: { from: string; to: string }): string {
  return new URLSearchParams({
    'co-quan': agencyCode,
    ky: 'khoang',
    'tu-ngay': period.from,
    'den-ngay': period.to,
  }).toString();
}
