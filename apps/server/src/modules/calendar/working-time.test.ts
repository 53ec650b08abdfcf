import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OfficePeriod } from './calendar.types.js';
import { localIsoDate, toLocal } from './local-time.js';
import { shippedOrDerived } from './official-schedules.js';
import {
  addCalendarDays,
  addWorkingDays,
  addWorkingHours,
  addWorkingMinutes,
  buildCalendar,
  CalendarRangeError,
  isWorkingDay,
  nextWorkingDay,
  receptionDay,
  validatePeriods,
  type WorkingCalendar,
  workingTimeBetween,
  yearsFor,
} from './working-time.js';

const years = (first: number, last: number) =>
  Array.from({ length: last - first + 1 }, (_, i) => shippedOrDerived(first + i));
const cal = buildCalendar({ years: years(2024, 2032) });
const at = (local: string) => new Date(`${local}+07:00`);
const local = (d: Date) => {
  const { ms } = toLocal(d);
  const hh = String(Math.floor(ms / 3600_000)).padStart(2, '0');
  const mm = String(Math.floor((ms % 3600_000) / 60_000)).padStart(2, '0');
  return `${localIsoDate(d)}T${hh}:${mm}`;
};

/** [received (local time), amount, unit, cutoff, due (local time), why]. */
type Case = [string, number, 'days' | 'hours' | 'calendar', string | null, string, string];

describe('hand-checked deadlines across Tết 2026 (off 14–22/02) and Tết 2027 (off 05–11/02)', () => {
  it.each([
    ['2026-02-13T10:00', 3, 'days', null, '2026-02-25T17:00', 'Fri before Tết: counts Mon 23, Tue 24, Wed 25'],
    ['2026-02-13T16:00', 1, 'days', null, '2026-02-23T17:00', 'before closing, no cut-off: received Fri'],
    ['2026-02-13T16:00', 1, 'days', '15:00', '2026-02-24T17:00', 'after the 15:00 cut-off: received Mon 23'],
    ['2026-02-13T15:00', 1, 'days', '15:00', '2026-02-23T17:00', 'exactly at the cut-off is not after it'],
    ['2026-02-13T17:30', 0, 'days', null, '2026-02-23T17:00', 'after closing: received the next working day'],
    ['2026-02-15T09:00', 1, 'days', null, '2026-02-24T17:00', 'received online on a Tết Sunday'],
    ['2026-02-12T09:00', 5, 'days', null, '2026-02-26T17:00', 'Thu: Fri 13, Mon 23, Tue 24, Wed 25, Thu 26'],
    ['2026-02-13T16:00', 2, 'hours', null, '2026-02-23T08:30', '1 h on Fri, 1 h after Tết'],
    ['2026-02-12T11:00', 8, 'hours', null, '2026-02-13T11:30', '0.5 + 3.5 on Thu, 4 on Fri; ends at period end'],
    ['2026-02-14T10:00', 0, 'hours', null, '2026-02-23T07:30', 'outside office hours rolls to next period start'],
    ['2026-02-13T15:30', 4, 'hours', '15:00', '2026-02-23T11:30', 'hours after the cut-off start next working day'],
    ['2026-02-23T12:00', 1, 'hours', null, '2026-02-23T14:30', 'noon break is not working time'],
    ['2026-02-11T10:00', 5, 'calendar', null, '2026-02-23T17:00', 'ends Mon 16 (Tết) → next working day'],
    ['2026-02-11T10:00', 2, 'calendar', null, '2026-02-13T17:00', 'ends on a working day'],
    ['2025-12-31T10:00', 1, 'days', null, '2026-01-05T17:00', 'Tết Dương lịch 2026: 01–04/01 off'],
    ['2026-01-09T10:00', 1, 'days', null, '2026-01-10T17:00', 'Sat 10/01/2026 is a make-up working day'],
    ['2026-04-24T10:00', 1, 'days', null, '2026-04-28T17:00', 'Giỗ Tổ on Sunday 26/4 → Mon 27/4 off'],
    ['2026-04-24T10:00', 3, 'days', null, '2026-05-04T17:00', '30/4 and 1/5 off'],
    ['2026-08-21T10:00', 1, 'days', null, '2026-08-22T17:00', 'Sat 22/8/2026 is a make-up working day'],
    ['2026-08-28T10:00', 1, 'days', null, '2026-09-03T17:00', 'Quốc khánh: 29/8–02/9 off'],
    ['2027-02-04T10:00', 1, 'days', null, '2027-02-12T17:00', 'Tết 2027: 05–11/02 off, Fri 12 works'],
    ['2027-02-04T10:00', 2, 'days', null, '2027-02-15T17:00', 'then the weekend 13–14/02'],
    ['2027-02-04T16:00', 2, 'hours', null, '2027-02-12T08:30', 'hours straddling Tết 2027'],
    ['2027-02-06T09:00', 0, 'days', null, '2027-02-12T17:00', 'received on mùng 1: first working day after'],
    ['2027-04-29T10:00', 2, 'days', null, '2027-05-05T17:00', '30/4 Fri, 1/5 Sat → Mon 3/5 compensatory'],
  ] satisfies Case[])('%s + %i %s (cutoff %s) → %s: %s', (from, amount, unit, cutoff, due, _why) => {
    const fn = unit === 'days' ? addWorkingDays : unit === 'hours' ? addWorkingHours : addCalendarDays;
    expect(local(fn(cal, at(from), amount, { cutoff }))).toBe(due);
  });

  it('answers is-working-day and next-working-day', () => {
    expect(isWorkingDay(cal, '2026-02-13')).toBe(true);
    expect(isWorkingDay(cal, '2026-02-16')).toBe(false);
    expect(isWorkingDay(cal, '2026-08-22')).toBe(true); // make-up Saturday
    expect(isWorkingDay(cal, '2026-08-23')).toBe(false);
    expect(isWorkingDay(cal, '2027-02-11')).toBe(false); // compensatory
    expect(isWorkingDay(cal, '2027-02-12')).toBe(true);
    expect(isWorkingDay(cal, at('2026-02-13T23:30'))).toBe(true); // local date, not UTC date
    expect(isWorkingDay(cal, new Date('2026-02-13T17:30:00Z'))).toBe(false); // 00:30 Sat 14/02 local
    expect(nextWorkingDay(cal, '2026-02-13')).toBe('2026-02-23');
    expect(nextWorkingDay(cal, '2027-02-04')).toBe('2027-02-12');
    expect(receptionDay(cal, at('2026-02-13T16:00'), { cutoff: '15:00' })).toBe('2026-02-23');
  });

  it('counts working minutes between two instants', () => {
    // Fri 13/02: 08:00–11:30 and 13:30–17:00 = 420; Mon 23/02 07:30–09:00 = 90.
    expect(workingTimeBetween(cal, at('2026-02-13T08:00'), at('2026-02-23T09:00'))).toBe(510);
    expect(workingTimeBetween(cal, at('2026-02-23T09:00'), at('2026-02-13T08:00'))).toBe(-510);
    expect(workingTimeBetween(cal, at('2026-02-14T08:00'), at('2026-02-22T20:00'))).toBe(0);
    expect(workingTimeBetween(cal, at('2026-02-23T11:00'), at('2026-02-23T14:00'))).toBe(60);
  });

  it('uses an agency’s own office hours', () => {
    const own = buildCalendar({
      years: years(2026, 2027),
      periods: [
        { start: '08:00', end: '12:00' },
        { start: '13:00', end: '17:30' },
      ],
    });
    expect(local(addWorkingDays(own, at('2026-02-13T17:15'), 1))).toBe('2026-02-23T17:30');
    expect(local(addWorkingHours(own, at('2026-02-13T17:00'), 1))).toBe('2026-02-23T08:30');
  });

  it('refuses to guess outside the loaded years and rejects bad input', () => {
    const small = buildCalendar({ years: years(2026, 2026) });
    expect(() => addWorkingDays(small, at('2026-12-30T10:00'), 5)).toThrow(CalendarRangeError);
    expect(() => addWorkingDays(cal, at('2026-02-13T10:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, at('2026-02-13T10:00'), 1.5)).toThrow(RangeError);
    expect(() => buildCalendar({ years: [shippedOrDerived(2025), shippedOrDerived(2027)] })).toThrow(RangeError);
    expect(validatePeriods([{ start: '13:30', end: '11:30' }])).toHaveLength(1);
    expect(
      validatePeriods([
        { start: '07:30', end: '12:00' },
        { start: '11:00', end: '17:00' },
      ]),
    ).toEqual([{ field: '/periods/1/start', message: expect.stringContaining('chồng') }]);
    expect(validatePeriods([])).toHaveLength(1);
    expect(validatePeriods([{ start: '7:30', end: '11:30' }])).toHaveLength(1);
  });
});

// ---- properties -------------------------------------------------------------------------------

const FROM = Date.parse('2025-01-01T00:00:00+07:00');
const TO = Date.parse('2029-12-31T00:00:00+07:00');
const instant = fc.integer({ min: FROM, max: TO }).map((ms) => new Date(ms));
const instantToMinute = fc.integer({ min: FROM / 60_000, max: TO / 60_000 }).map((m) => new Date(m * 60_000));
const cutoff = fc.constantFrom(null, '15:00', '16:00', '11:00');

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
/** 1–3 sorted, non-overlapping office periods on whole minutes. */
const periodsArb: fc.Arbitrary<OfficePeriod[]> = fc
  .uniqueArray(fc.integer({ min: 1, max: 1439 }), { minLength: 2, maxLength: 6 })
  .filter((xs) => xs.length % 2 === 0)
  .map((xs) => {
    const sorted = [...xs].sort((a, b) => a - b);
    const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const out: OfficePeriod[] = [];
    for (let i = 0; i < sorted.length; i += 2) out.push({ start: hm(sorted[i]!), end: hm(sorted[i + 1]!) });
    return out;
  })
  // At least an hour of office time a day, so the amounts below stay within the loaded years.
  .filter((ps) => ps.reduce((sum, p) => sum + minutesOf(p.end) - minutesOf(p.start), 0) >= 60);
const calendarArb: fc.Arbitrary<WorkingCalendar> = fc.oneof(
  fc.constant(cal),
  periodsArb.map((periods) => buildCalendar({ years: years(2024, 2040), periods })),
);

describe('working-time properties', () => {
  it('addWorkingDays lands on the close of office hours of a working day', () => {
    fc.assert(
      fc.property(calendarArb, instant, fc.integer({ min: 0, max: 300 }), cutoff, (c, x, n, co) => {
        const due = addWorkingDays(c, x, n, { cutoff: co });
        expect(isWorkingDay(c, due)).toBe(true);
        expect(toLocal(due).ms).toBe(c.periods[c.periods.length - 1]!.end);
        expect(due.getTime()).toBeGreaterThanOrEqual(x.getTime() - 86_400_000);
      }),
    );
  });

  it('addWorkingDays is strictly increasing in n, and n working days apart', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 60 }), cutoff, (x, n, k, co) => {
        const a = addWorkingDays(cal, x, n, { cutoff: co });
        const b = addWorkingDays(cal, x, n + k, { cutoff: co });
        expect(b.getTime()).toBeGreaterThan(a.getTime());
        // Between them lie exactly k full working days of office time.
        expect(workingTimeBetween(cal, a, b)).toBe(k * 450);
      }),
    );
  });

  it('adding n then m working days equals adding n + m', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instant,
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 200 }),
        (c, x, n, m) => {
          expect(addWorkingDays(c, addWorkingDays(c, x, n), m)).toEqual(addWorkingDays(c, x, n + m));
        },
      ),
    );
  });

  it('a cut-off never brings a deadline forward, and delays it by at most one working day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 100 }), (x, n) => {
        const plain = addWorkingDays(cal, x, n).getTime();
        const withCutoff = addWorkingDays(cal, x, n, { cutoff: '15:00' }).getTime();
        expect(withCutoff).toBeGreaterThanOrEqual(plain);
        expect(withCutoff).toBeLessThanOrEqual(addWorkingDays(cal, x, n + 1).getTime());
      }),
    );
  });

  it('workingTimeBetween(x, addWorkingHours(x, h)) = h × 60', () => {
    fc.assert(
      fc.property(calendarArb, instant, fc.integer({ min: 0, max: 400 }), (c, x, h) => {
        expect(workingTimeBetween(c, x, addWorkingHours(c, x, h))).toBeCloseTo(h * 60, 6);
      }),
    );
  });

  it('adding a then b working minutes equals adding a + b', () => {
    fc.assert(
      fc.property(
        calendarArb,
        instantToMinute,
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 0, max: 20_000 }),
        (c, x, a, b) => {
          expect(addWorkingMinutes(c, addWorkingMinutes(c, x, a), b)).toEqual(addWorkingMinutes(c, x, a + b));
        },
      ),
    );
  });

  it('a positive amount of working hours ends inside (or at the end of) an office period of a working day', () => {
    fc.assert(
      fc.property(calendarArb, instant, fc.integer({ min: 1, max: 400 }), cutoff, (c, x, h, co) => {
        const due = addWorkingHours(c, x, h, { cutoff: co });
        expect(isWorkingDay(c, due)).toBe(true);
        const { ms } = toLocal(due);
        expect(c.periods.some((p) => ms > p.start && ms <= p.end)).toBe(true);
        expect(due.getTime()).toBeGreaterThan(x.getTime());
      }),
    );
  });

  it('workingTimeBetween is additive', () => {
    fc.assert(
      fc.property(instant, instant, instant, (p, q, r) => {
        const [a, b, c] = [p, q, r].sort((u, v) => u.getTime() - v.getTime()) as [Date, Date, Date];
        expect(workingTimeBetween(cal, a, b) + workingTimeBetween(cal, b, c)).toBeCloseTo(
          workingTimeBetween(cal, a, c),
          6,
        );
      }),
    );
  });

  it('a calendar-day period ends on a working day, never before the n-th day', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 400 }), cutoff, (x, n, co) => {
        const due = addCalendarDays(cal, x, n, { cutoff: co });
        expect(isWorkingDay(cal, due)).toBe(true);
        const r = Date.parse(`${receptionDay(cal, x, { cutoff: co })}T00:00:00Z`);
        expect(Date.parse(`${localIsoDate(due)}T00:00:00Z`)).toBeGreaterThanOrEqual(r + n * 86_400_000);
      }),
    );
  });

  it('yearsFor covers every computation it sizes', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 3650 }),
        fc.constantFrom('working_days', 'working_hours', 'calendar_days' as const),
        (x, n, unit) => {
          const { first, last } = yearsFor(x, n, unit, 450);
          const c = buildCalendar({ years: years(first, last) });
          const fn =
            unit === 'working_days' ? addWorkingDays : unit === 'working_hours' ? addWorkingHours : addCalendarDays;
          expect(() => fn(c, x, n, { cutoff: '15:00' })).not.toThrow();
        },
      ),
      { numRuns: 50 },
    );
  });
});
