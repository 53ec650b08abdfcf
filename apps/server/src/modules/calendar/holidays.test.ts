import { describe, expect, it } from 'vitest';
import { compensatoryDays, derivedYear, nationalDayCompanion, statutoryHolidays } from './holidays.js';
import { dayOf, weekdayOf } from './local-time.js';
import { isoDate, lunarToSolar, tetDate } from './lunar.js';
import { SHIPPED_SCHEDULES, shippedOrDerived } from './official-schedules.js';

const dates = (days: { date: string }[]) => days.map((d) => d.date);

describe('statutory holidays (Bộ luật Lao động 2019, Điều 112)', () => {
  it('has the 11 statutory days of 2026 in date order', () => {
    expect(dates(statutoryHolidays(2026))).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ]);
  });

  it('picks the Quốc khánh companion day the Government picked in 2022–2026', () => {
    expect(nationalDayCompanion(2022)).toBe('2022-09-01'); // 2/9 Friday
    expect(nationalDayCompanion(2023)).toBe('2023-09-01'); // 2/9 Saturday
    expect(nationalDayCompanion(2024)).toBe('2024-09-03'); // 2/9 Monday
    expect(nationalDayCompanion(2025)).toBe('2025-09-01'); // 2/9 Tuesday
    expect(nationalDayCompanion(2026)).toBe('2026-09-01'); // 2/9 Wednesday
    expect(nationalDayCompanion(2027)).toBe('2027-09-03'); // 2/9 Thursday
  });

  it('gives a compensatory day on the next free weekday for holidays on a weekend (Điều 111 khoản 3)', () => {
    // 2027: mùng 1 and mùng 2 Tết fall on Saturday and Sunday; Mon–Tue are Tết days too.
    const y2027 = derivedYear(2027);
    expect(y2027.daysOff.filter((d) => d.kind === 'compensatory').map((d) => d.date)).toEqual([
      '2027-02-10',
      '2027-02-11',
      '2027-05-03',
    ]);
    // 2026: Giỗ Tổ on Sunday 26/4 → Monday 27/4.
    expect(compensatoryDays(statutoryHolidays(2026)).map((d) => d.date)).toEqual(['2026-04-27']);
    // Never on a weekend nor on another holiday.
    for (let year = 2020; year <= 2060; year++) {
      const y = derivedYear(year);
      const offs = dates(y.daysOff);
      expect(new Set(offs).size).toBe(offs.length);
      for (const c of y.daysOff.filter((d) => d.kind === 'compensatory')) {
        expect([0, 6]).not.toContain(weekdayOf(dayOf(c.date)));
      }
      const weekendHolidays = y.daysOff.filter(
        (d) => d.kind === 'holiday' && [0, 6].includes(weekdayOf(dayOf(d.date))),
      );
      expect(y.daysOff.filter((d) => d.kind === 'compensatory')).toHaveLength(weekendHolidays.length);
    }
  });

  it('derives Tết as the last day of the old year and mùng 1–4', () => {
    for (let year = 2020; year <= 2060; year++) {
      const tet = dayOf(isoDate(tetDate(year)));
      const tetDays = statutoryHolidays(year).filter((d) => d.name.startsWith('Tết Âm lịch'));
      expect(tetDays.map((d) => dayOf(d.date) - tet)).toEqual([-1, 0, 1, 2, 3]);
    }
  });
});

describe('shipped schedules', () => {
  it('ships 2025 and 2026 as announced and 2027 as derived, each with a source', () => {
    expect(SHIPPED_SCHEDULES.get(2025)?.origin).toBe('announced');
    expect(SHIPPED_SCHEDULES.get(2026)?.origin).toBe('announced');
    expect(SHIPPED_SCHEDULES.get(2026)?.source).toContain('9441/TB-BNV');
    expect(SHIPPED_SCHEDULES.get(2027)?.origin).toBe('derived');
    expect(SHIPPED_SCHEDULES.get(2027)?.source).toContain('chưa có thông báo');
  });

  it('2027 written out equals the statutory derivation', () => {
    const shipped = SHIPPED_SCHEDULES.get(2027)!;
    const derived = derivedYear(2027);
    expect(shipped.daysOff).toEqual(derived.daysOff);
    expect(shipped.workingDays).toEqual(derived.workingDays);
  });

  it('Tết 2026: 5 days 16–20/02 which with the weekends make 14–22/02 (Thông báo 9441/TB-BNV)', () => {
    const y = SHIPPED_SCHEDULES.get(2026)!;
    expect(dates(y.daysOff.filter((d) => d.date.startsWith('2026-02')))).toEqual([
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
    ]);
    expect(dates(y.workingDays)).toEqual(['2026-01-10', '2026-08-22']);
  });

  it.each([2025, 2026, 2027])('%i is consistent with the law and with itself', (year) => {
    const y = shippedOrDerived(year);
    const offs = dates(y.daysOff);
    expect(offs).toEqual([...offs].sort());
    expect(new Set(offs).size).toBe(offs.length);
    for (const d of [...y.daysOff, ...y.workingDays]) expect(d.date.startsWith(`${year}-`)).toBe(true);
    // Every fixed statutory holiday is off.
    const gioTo = isoDate(lunarToSolar({ day: 10, month: 3, year, leap: false })!);
    for (const fixed of [`${year}-01-01`, gioTo, `${year}-04-30`, `${year}-05-01`, `${year}-09-02`]) {
      expect(offs).toContain(fixed);
    }
    // Five Tết holidays within a week of mùng 1, two Quốc khánh days.
    const tet = dayOf(isoDate(tetDate(year)));
    const tetDays = y.daysOff.filter((d) => d.kind === 'holiday' && d.name.startsWith('Tết Âm lịch'));
    expect(tetDays).toHaveLength(5);
    for (const d of tetDays) expect(Math.abs(dayOf(d.date) - tet)).toBeLessThanOrEqual(5);
    expect(y.daysOff.filter((d) => d.kind === 'holiday' && d.name.startsWith('Quốc khánh'))).toHaveLength(2);
    // Make-up days are weekends, one per swapped (bridge) day; compensatory and bridge days are weekdays.
    for (const w of y.workingDays) expect([0, 6]).toContain(weekdayOf(dayOf(w.date)));
    expect(y.workingDays).toHaveLength(y.daysOff.filter((d) => d.kind === 'bridge').length);
    for (const d of y.daysOff.filter((x) => x.kind !== 'holiday')) {
      expect([0, 6]).not.toContain(weekdayOf(dayOf(d.date)));
    }
  });

  it('falls back to the derivation for years without shipped data', () => {
    expect(shippedOrDerived(2030).origin).toBe('derived');
    expect(dates(shippedOrDerived(2030).daysOff)).toContain('2030-09-02');
  });
});
