import type { DayOff, YearSchedule } from './calendar.types.js';
import { dayOf, isoOf, weekdayName, weekdayOf } from './local-time.js';
import { isoDate, lunarToSolar, solarToLunar, tetDate } from './lunar.js';

/**
 * Statutory public holidays and compensatory days, for years whose schedule was not announced.
 *
 * Bộ luật Lao động 2019, Điều 112 khoản 1 — paid holidays:
 *   a) Tết Dương lịch: 1 day (1/1);
 *   b) Tết Âm lịch: 5 days (the Prime Minister picks which, Điều 112 khoản 3);
 *   c) Ngày Chiến thắng: 1 day (30/4);
 *   d) Ngày Quốc tế lao động: 1 day (1/5);
 *   đ) Quốc khánh: 2 days (2/9 and one day before or after it, picked by the Prime Minister);
 *   e) Giỗ Tổ Hùng Vương: 1 day (10/3 âm lịch).
 * Bộ luật Lao động 2019, Điều 111 khoản 3 — a holiday that falls on a weekly rest day gives a day
 * off on the next working day (nghỉ bù). State agencies rest on Saturday and Sunday.
 *
 * Where the law leaves the choice to the Government, the derivation uses:
 * - Tết: the last day of the old lunar year and the first four days of the new one;
 * - Quốc khánh's second day: the neighbour of 2/9 that is a weekday and touches a weekend, else
 *   the first of 1/9, 3/9 that is a weekday. This reproduces every announced choice 2022–2026
 *   (2022: 1/9, 2023: 1/9, 2024: 3/9, 2025: 1/9, 2026: 1/9).
 * An administrator can replace the derived schedule with the announced one (calendar_years).
 */

/** Weekly rest days of state agencies: Sunday (0) and Saturday (6). */
export const STATE_REST_WEEKDAYS: ReadonlySet<number> = new Set([0, 6]);

const LUNAR_DAY_NAMES = [
  'mùng 1',
  'mùng 2',
  'mùng 3',
  'mùng 4',
  'mùng 5',
  'mùng 6',
  'mùng 7',
  'mùng 8',
  'mùng 9',
  'mùng 10',
];

/** "Tết Âm lịch (29 tháng Chạp)", "Tết Âm lịch (mùng 1 tháng Giêng)" for a day near Tết. */
export function tetDayName(date: string): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const l = solarToLunar({ year, month, day });
  if (l.month === 12) return `Tết Âm lịch (${l.day} tháng Chạp)`;
  if (l.month === 1) return `Tết Âm lịch (${LUNAR_DAY_NAMES[l.day - 1] ?? String(l.day)} tháng Giêng)`;
  return `Tết Âm lịch (${l.day}/${l.month} âm lịch)`;
}

/** "thứ Bảy 06/02/2027", "Chủ nhật 26/04/2026". */
export function vnDate(date: string): string {
  const [y, m, d] = date.split('-');
  return `${weekdayName(date).replace('Thứ', 'thứ')} ${d ?? ''}/${m ?? ''}/${y ?? ''}`;
}

/** The adjacent Quốc khánh day (1/9 or 3/9) per the rule above. */
export function nationalDayCompanion(year: number): string {
  const rest = (day: number) => STATE_REST_WEEKDAYS.has(weekdayOf(day));
  const sep1 = dayOf(`${year}-09-01`);
  const sep3 = sep1 + 2;
  if (!rest(sep1) && rest(sep1 - 1)) return isoOf(sep1);
  if (!rest(sep3) && rest(sep3 + 1)) return isoOf(sep3);
  return isoOf(rest(sep1) ? sep3 : sep1);
}

/** The statutory holidays of a solar year (Điều 112 khoản 1), before any compensation. */
export function statutoryHolidays(year: number): DayOff[] {
  const holiday = (date: string, name: string): DayOff => ({ date, name, kind: 'holiday' });
  const tet = dayOf(isoDate(tetDate(year)));
  const gioTo = lunarToSolar({ day: 10, month: 3, year, leap: false });
  if (!gioTo) throw new Error(`Không tính được ngày Giỗ Tổ năm ${year}.`);
  const days: DayOff[] = [holiday(`${year}-01-01`, 'Tết Dương lịch')];
  for (let d = tet - 1; d <= tet + 3; d++) days.push(holiday(isoOf(d), tetDayName(isoOf(d))));
  days.push(
    holiday(isoDate(gioTo), 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
    holiday(`${year}-04-30`, 'Ngày Chiến thắng (30/4)'),
    holiday(`${year}-05-01`, 'Ngày Quốc tế Lao động (1/5)'),
  );
  const companion = nationalDayCompanion(year);
  days.push(
    ...[
      holiday(`${year}-09-02`, 'Quốc khánh (2/9)'),
      holiday(companion, `Quốc khánh (ngày liền kề ${companion.slice(8, 10)}/9)`),
    ].sort((a, b) => a.date.localeCompare(b.date)),
  );
  return days.sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Compensatory days (Điều 111 khoản 3): each holiday on a weekly rest day gives the next day that
 * is neither a rest day, a holiday nor already a compensatory day.
 */
export function compensatoryDays(holidays: readonly DayOff[], restWeekdays = STATE_REST_WEEKDAYS): DayOff[] {
  const taken = new Set(holidays.map((h) => dayOf(h.date)));
  const result: DayOff[] = [];
  for (const h of [...holidays].sort((a, b) => a.date.localeCompare(b.date))) {
    const day = dayOf(h.date);
    if (!restWeekdays.has(weekdayOf(day))) continue;
    let d = day + 1;
    while (restWeekdays.has(weekdayOf(d)) || taken.has(d)) d++;
    taken.add(d);
    result.push({ date: isoOf(d), name: `Nghỉ bù ${h.name}, trùng ${vnDate(h.date)}`, kind: 'compensatory' });
  }
  return result;
}

/** A year's schedule derived from the statutory rules only (no swapped days, no make-up days). */
export function derivedYear(year: number): YearSchedule {
  const holidays = statutoryHolidays(year);
  const daysOff = [...holidays, ...compensatoryDays(holidays)].sort((a, b) => a.date.localeCompare(b.date));
  return {
    year,
    origin: 'derived',
    source: 'Tự tính theo Bộ luật Lao động 2019, Điều 112 và Điều 111 khoản 3; chưa có thông báo lịch nghỉ chính thức',
    daysOff,
    workingDays: [],
    note:
      'Tết Âm lịch tính gồm ngày cuối năm cũ và 4 ngày đầu năm mới; ngày nghỉ Quốc khánh liền kề chọn theo thông lệ. ' +
      'Khi Bộ Nội vụ công bố lịch nghỉ, quản trị viên cập nhật lại năm này.',
  };
}
