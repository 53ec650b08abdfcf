import type { FieldError } from '../../http/errors.js';
import { DEFAULT_OFFICE_PERIODS, type OfficePeriod, type YearSchedule } from './calendar.types.js';
import { STATE_REST_WEEKDAYS } from './holidays.js';
import { dayOf, fromLocal, hhmmToMs, isHhMm, isoOf, toLocal, weekdayOf, yearOf } from './local-time.js';

/**
 * Working time of a state agency: pure functions over a calendar object (days off, make-up
 * working days, office hours). All instants are UTC `Date`s; local time is Asia/Ho_Chi_Minh,
 * a fixed UTC+7.
 *
 * THE RULES
 *
 * 1. Working day: not a day off, and either not a weekly rest day (Saturday/Sunday) or a make-up
 *    working day (làm bù). A day off wins over a make-up day.
 *
 * 2. Reception day R of a dossier received at instant X: the local date of X when that date is a
 *    working day, X is not after the close of office hours (17:00 by default) and, when the
 *    procedure has an afternoon cut-off (e.g. 15:00), X is not after the cut-off. Otherwise the
 *    dossier counts as received on the next working day (outside office hours, on a day off, or
 *    after the cut-off). "After" is strict: a dossier received at 15:00:00 with cutoff 15:00
 *    belongs to that day.
 *
 * 3. "N working days from X" (addWorkingDays) = the CLOSE OF OFFICE HOURS (end of the last office
 *    period, 17:00 by default) of the N-th working day after R. Counting starts on the working day
 *    after R because the day of the event is not counted (Bộ luật Dân sự 2015, Điều 147 khoản 2),
 *    and only working days are counted. Because the N-th working day is by construction a working
 *    day, the rule "a period whose last day is a day off ends at the end of the next working day"
 *    (Bộ luật Dân sự 2015, Điều 148 khoản 5) holds automatically. The end is the office's closing
 *    time, not midnight (Điều 148 khoản 6), because that is when the one-stop desk can hand the
 *    result over: the appointment slip (giấy hẹn trả kết quả) prints e.g. "17 giờ 00, ngày 25/02/2026".
 *    Example: received Friday 13/02/2026 10:00, 3 working days → R = Friday 13; the days off
 *    14–22/02 (Tết Bính Ngọ) are skipped → Monday 23, Tuesday 24, Wednesday 25 → due Wednesday
 *    25/02/2026 17:00.
 *    N = 0 gives the close of the reception day itself.
 *
 * 4. "H working hours from X" (addWorkingHours) counts office time from X itself (a period in
 *    hours starts at the stated moment, Bộ luật Dân sự 2015, Điều 147 khoản 1). An X outside
 *    office hours first rolls forward to the start of the next office period; with a cut-off,
 *    an X after the cut-off rolls to the first office period of the next working day. A result
 *    that lands exactly on the end of a period stays there (11:30, not 13:30).
 *
 * 5. "N calendar days from X" (addCalendarDays) counts every day after R; when the N-th day is a
 *    day off the period ends on the next working day (Điều 148 khoản 5); the result is that day's
 *    close of office hours.
 *
 * A calendar covers a contiguous range of solar years; a computation that steps outside it throws
 * CalendarRangeError, so that the caller loads more years instead of guessing.
 */

export interface WorkingCalendar {
  firstYear: number;
  lastYear: number;
  /** Epoch days (local dates) that are off. */
  daysOff: ReadonlySet<number>;
  /** Epoch days of weekly rest days on which offices work. */
  workingDays: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday. */
  restWeekdays: ReadonlySet<number>;
  /** Office periods in milliseconds since local midnight, sorted, non-overlapping. */
  periods: readonly { start: number; end: number }[];
}

export interface TimeOptions {
  /** Afternoon cut-off "HH:MM" of the procedure: received after it counts from the next working day. */
  cutoff?: string | null;
}

export type DueUnit = 'working_days' | 'working_hours' | 'calendar_days';

export class CalendarRangeError extends RangeError {
  constructor(readonly year: number) {
    super(`Lịch làm việc chưa được nạp cho năm ${year}.`);
    this.name = 'CalendarRangeError';
  }
}

/** Problems with a list of office periods (empty when valid). */
export function validatePeriods(periods: readonly OfficePeriod[], path = '/periods'): FieldError[] {
  const errors: FieldError[] = [];
  if (periods.length === 0) errors.push({ field: path, message: 'Cần ít nhất một khoảng giờ làm việc.' });
  let previousEnd = -1;
  periods.forEach((p, i) => {
    if (!isHhMm(p.start) || p.start === '24:00') {
      errors.push({ field: `${path}/${i}/start`, message: 'Giờ bắt đầu phải theo dạng HH:MM, ví dụ 07:30.' });
      return;
    }
    if (!isHhMm(p.end)) {
      errors.push({ field: `${path}/${i}/end`, message: 'Giờ kết thúc phải theo dạng HH:MM, ví dụ 11:30.' });
      return;
    }
    const start = hhmmToMs(p.start);
    const end = hhmmToMs(p.end);
    if (end <= start) {
      errors.push({ field: `${path}/${i}/end`, message: 'Giờ kết thúc phải sau giờ bắt đầu.' });
    } else if (start < previousEnd) {
      errors.push({ field: `${path}/${i}/start`, message: 'Các khoảng giờ phải theo thứ tự và không chồng lên nhau.' });
    }
    previousEnd = Math.max(previousEnd, end);
  });
  return errors;
}

/** Builds a calendar from the schedules of consecutive years and the office hours. */
export function buildCalendar(input: {
  years: readonly Pick<YearSchedule, 'year' | 'daysOff' | 'workingDays'>[];
  periods?: readonly OfficePeriod[];
  restWeekdays?: ReadonlySet<number>;
}): WorkingCalendar {
  const years = [...input.years].sort((a, b) => a.year - b.year);
  const first = years[0];
  const last = years[years.length - 1];
  if (!first || !last) throw new RangeError('Cần lịch của ít nhất một năm.');
  years.forEach((y, i) => {
    if (y.year !== first.year + i) throw new RangeError('Các năm của lịch phải liên tiếp.');
  });
  const periods = input.periods ?? DEFAULT_OFFICE_PERIODS;
  const problems = validatePeriods(periods);
  if (problems.length > 0)
    throw new RangeError(`Giờ làm việc không hợp lệ: ${problems.map((p) => p.message).join(' ')}`);
  return {
    firstYear: first.year,
    lastYear: last.year,
    daysOff: new Set(years.flatMap((y) => y.daysOff.map((d) => dayOf(d.date)))),
    workingDays: new Set(years.flatMap((y) => y.workingDays.map((d) => dayOf(d.date)))),
    restWeekdays: input.restWeekdays ?? STATE_REST_WEEKDAYS,
    periods: periods.map((p) => ({ start: hhmmToMs(p.start), end: hhmmToMs(p.end) })),
  };
}

function working(cal: WorkingCalendar, day: number): boolean {
  const year = yearOf(day);
  if (year < cal.firstYear || year > cal.lastYear) throw new CalendarRangeError(year);
  if (cal.daysOff.has(day)) return false;
  if (cal.workingDays.has(day)) return true;
  return !cal.restWeekdays.has(weekdayOf(day));
}

function nextWorking(cal: WorkingCalendar, day: number): number {
  let d = day + 1;
  while (!working(cal, d)) d++;
  return d;
}

function closeOf(cal: WorkingCalendar): number {
  return cal.periods[cal.periods.length - 1]?.end ?? 0;
}

function cutoffMs(options: TimeOptions | undefined): number | null {
  return options?.cutoff ? hhmmToMs(options.cutoff) : null;
}

function localDay(date: Date | string): number {
  return typeof date === 'string' ? dayOf(date) : toLocal(date).day;
}

function assertCount(n: number, what: string): void {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`${what} phải là số không âm.`);
}

/** Is the local date (of an instant, or a YYYY-MM-DD) a working day? */
export function isWorkingDay(cal: WorkingCalendar, date: Date | string): boolean {
  return working(cal, localDay(date));
}

/** The first working day strictly after the given local date, as YYYY-MM-DD. */
export function nextWorkingDay(cal: WorkingCalendar, date: Date | string): string {
  return isoOf(nextWorking(cal, localDay(date)));
}

/** Reception day (rule 2 above) of a dossier received at `from`, as YYYY-MM-DD. */
export function receptionDay(cal: WorkingCalendar, from: Date, options?: TimeOptions): string {
  return isoOf(receptionDayNumber(cal, from, options));
}

function receptionDayNumber(cal: WorkingCalendar, from: Date, options?: TimeOptions): number {
  const { day, ms } = toLocal(from);
  const cutoff = cutoffMs(options);
  const inTime = ms <= closeOf(cal) && (cutoff === null || ms <= cutoff);
  return inTime && working(cal, day) ? day : nextWorking(cal, day);
}

/** Rule 3: close of office hours of the n-th working day after the reception day. */
export function addWorkingDays(cal: WorkingCalendar, from: Date, n: number, options?: TimeOptions): Date {
  if (!Number.isInteger(n)) throw new RangeError('Số ngày làm việc phải là số nguyên.');
  assertCount(n, 'Số ngày làm việc');
  let day = receptionDayNumber(cal, from, options);
  for (let i = 0; i < n; i++) day = nextWorking(cal, day);
  return fromLocal(day, closeOf(cal));
}

/** Rule 4 in minutes (rounded to the millisecond). */
export function addWorkingMinutes(cal: WorkingCalendar, from: Date, minutes: number, options?: TimeOptions): Date {
  assertCount(minutes, 'Số phút làm việc');
  let { day, ms } = toLocal(from);
  const cutoff = cutoffMs(options);
  if (cutoff !== null && ms > cutoff && working(cal, day)) {
    day = nextWorking(cal, day);
    ms = 0;
  }
  let remaining = Math.round(minutes * 60_000);
  for (;;) {
    if (working(cal, day)) {
      for (const p of cal.periods) {
        if (ms >= p.end) continue;
        const start = Math.max(ms, p.start);
        const available = p.end - start;
        if (remaining <= available) return fromLocal(day, start + remaining);
        remaining -= available;
        ms = p.end;
      }
    }
    day++;
    ms = 0;
  }
}

/** Rule 4: `hours` of office time after `from`. */
export function addWorkingHours(cal: WorkingCalendar, from: Date, hours: number, options?: TimeOptions): Date {
  assertCount(hours, 'Số giờ làm việc');
  return addWorkingMinutes(cal, from, hours * 60, options);
}

/** Rule 5: n calendar days after the reception day, moved to the next working day if off. */
export function addCalendarDays(cal: WorkingCalendar, from: Date, n: number, options?: TimeOptions): Date {
  if (!Number.isInteger(n)) throw new RangeError('Số ngày phải là số nguyên.');
  assertCount(n, 'Số ngày');
  let day = receptionDayNumber(cal, from, options) + n;
  if (!working(cal, day)) day = nextWorking(cal, day); // Bộ luật Dân sự 2015, Điều 148 khoản 5
  return fromLocal(day, closeOf(cal));
}

/** The due instant for an amount in one of the units. */
export function dueAt(cal: WorkingCalendar, from: Date, amount: number, unit: DueUnit, options?: TimeOptions): Date {
  switch (unit) {
    case 'working_days':
      return addWorkingDays(cal, from, amount, options);
    case 'working_hours':
      return addWorkingHours(cal, from, amount, options);
    case 'calendar_days':
      return addCalendarDays(cal, from, amount, options);
  }
}

/**
 * Office time between two instants, in minutes (fractional when the instants have seconds):
 * the overlap of [a, b) with the office periods of working days. Negative when b is before a.
 */
export function workingTimeBetween(cal: WorkingCalendar, a: Date, b: Date): number {
  if (b.getTime() < a.getTime()) return -workingTimeBetween(cal, b, a);
  const from = toLocal(a);
  const to = toLocal(b);
  let total = 0;
  for (let day = from.day; day <= to.day; day++) {
    if (!working(cal, day)) continue;
    for (const p of cal.periods) {
      const lo = day === from.day ? Math.max(p.start, from.ms) : p.start;
      const hi = day === to.day ? Math.min(p.end, to.ms) : p.end;
      if (hi > lo) total += hi - lo;
    }
  }
  return total / 60_000;
}

/** Minutes of office time in one working day. */
export function dailyOfficeMinutes(periods: readonly OfficePeriod[]): number {
  return periods.reduce((sum, p) => sum + (hhmmToMs(p.end) - hhmmToMs(p.start)), 0) / 60_000;
}

/** A generous range of solar years a computation from `from` may touch (see CalendarRangeError). */
export function yearsFor(
  from: Date,
  amount: number,
  unit: DueUnit,
  dailyMinutes: number,
): { first: number; last: number } {
  const first = yearOf(toLocal(from).day);
  // ≥ 200 working days in any year; +30 days of slack for rolling over a Tết at the end.
  const days =
    unit === 'working_days'
      ? amount
      : unit === 'working_hours'
        ? Math.ceil((amount * 60) / Math.max(dailyMinutes, 1))
        : Math.ceil((amount * 200) / 365);
  return { first, last: first + Math.ceil((days + 30) / 200) };
}
