import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isoDate, jdFromDate, jdToDate, leapMonthOf, lunarToSolar, solarToLunar, tetDate } from './lunar.js';

const solar = (iso: string) => {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

describe('Vietnamese lunar calendar (UTC+7)', () => {
  it.each([
    [2020, '2020-01-25'],
    [2021, '2021-02-12'],
    [2022, '2022-02-01'],
    [2023, '2023-01-22'],
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
  ])('Tết %i is %s', (year, expected) => {
    expect(isoDate(tetDate(year))).toBe(expected);
  });

  it.each([
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
    [2027, '2027-04-16'],
  ])('Giỗ Tổ Hùng Vương (10/3 âm lịch) %i is %s', (year, expected) => {
    const d = lunarToSolar({ day: 10, month: 3, year, leap: false });
    expect(d && isoDate(d)).toBe(expected);
  });

  it('uses Vietnam time, not China time: Tết 1985 and 2007 differ from the Chinese calendar', () => {
    expect(isoDate(tetDate(1985))).toBe('1985-01-21');
    expect(isoDate(tetDate(1985, 8))).toBe('1985-02-20');
    expect(isoDate(tetDate(2007))).toBe('2007-02-17');
    expect(isoDate(tetDate(2007, 8))).toBe('2007-02-18');
  });

  it('knows the leap months (tháng nhuận) of recent years', () => {
    expect(leapMonthOf(2020)).toBe(4);
    expect(leapMonthOf(2023)).toBe(2);
    expect(leapMonthOf(2025)).toBe(6);
    expect(leapMonthOf(2026)).toBeNull();
    expect(leapMonthOf(2027)).toBeNull();
    expect(leapMonthOf(2028)).toBe(5);
  });

  it('converts days around a leap month both ways (2025: tháng 6 nhuận starts 25/7/2025)', () => {
    expect(solarToLunar(solar('2025-06-25'))).toEqual({ day: 1, month: 6, year: 2025, leap: false });
    expect(solarToLunar(solar('2025-07-25'))).toEqual({ day: 1, month: 6, year: 2025, leap: true });
    expect(solarToLunar(solar('2025-08-23'))).toEqual({ day: 1, month: 7, year: 2025, leap: false });
    expect(isoDate(lunarToSolar({ day: 1, month: 6, year: 2025, leap: true })!)).toBe('2025-07-25');
    expect(isoDate(lunarToSolar({ day: 1, month: 6, year: 2025, leap: false })!)).toBe('2025-06-25');
  });

  it('gives the last day of the lunar year before Tết (29 or 30 tháng Chạp)', () => {
    expect(solarToLunar(solar('2025-01-28'))).toEqual({ day: 29, month: 12, year: 2024, leap: false });
    expect(solarToLunar(solar('2026-02-16'))).toEqual({ day: 29, month: 12, year: 2025, leap: false });
    expect(solarToLunar(solar('2024-02-09'))).toEqual({ day: 30, month: 12, year: 2023, leap: false });
  });

  it('finds the month start when the true new moon lags the mean one (2054, 2062 regressions)', () => {
    // The reference algorithm returned "day 0" for these days (the true new moon fell more than a
    // day after the mean one): each is day 30 of a full month.
    expect(solarToLunar(solar('2054-05-07'))).toEqual({ day: 30, month: 3, year: 2054, leap: false });
    expect(solarToLunar(solar('2054-05-08'))).toEqual({ day: 1, month: 4, year: 2054, leap: false });
    expect(solarToLunar(solar('2062-04-09'))).toEqual({ day: 30, month: 2, year: 2062, leap: false });
  });

  it('rejects dates that do not exist', () => {
    expect(lunarToSolar({ day: 1, month: 5, year: 2025, leap: true })).toBeNull(); // 2025 repeats month 6, not 5
    expect(lunarToSolar({ day: 1, month: 1, year: 2026, leap: true })).toBeNull(); // 2026 has no leap month
    expect(lunarToSolar({ day: 30, month: 12, year: 2025, leap: false })).toBeNull(); // Chạp Ất Tỵ has 29 days
    expect(lunarToSolar({ day: 0, month: 1, year: 2026, leap: false })).toBeNull();
    expect(() => tetDate(1700)).toThrow(RangeError);
  });

  it('Julian day numbers round-trip', () => {
    expect(jdFromDate(1, 1, 2000)).toBe(2451545);
    fc.assert(
      fc.property(fc.integer({ min: 2305448, max: 2524593 }), (jd) => {
        const d = jdToDate(jd);
        expect(jdFromDate(d.day, d.month, d.year)).toBe(jd);
      }),
    );
  });

  it('solar → lunar → solar is the identity (property, 1900–2150)', () => {
    fc.assert(
      fc.property(fc.integer({ min: jdFromDate(1, 1, 1900), max: jdFromDate(31, 12, 2150) }), (jd) => {
        const s = jdToDate(jd);
        const l = solarToLunar(s);
        expect(l.day).toBeGreaterThanOrEqual(1);
        expect(l.day).toBeLessThanOrEqual(30);
        expect(lunarToSolar(l)).toEqual(s);
      }),
      { numRuns: 2000 },
    );
  });

  it('consecutive solar days are consecutive lunar days or a new month starting at day 1 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: jdFromDate(1, 1, 1950), max: jdFromDate(31, 12, 2100) }), (jd) => {
        const a = solarToLunar(jdToDate(jd));
        const b = solarToLunar(jdToDate(jd + 1));
        if (b.day === 1) {
          expect(a.day === 29 || a.day === 30).toBe(true);
        } else {
          expect(b).toEqual({ ...a, day: a.day + 1 });
        }
      }),
      { numRuns: 2000 },
    );
  });
});
