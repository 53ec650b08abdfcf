import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { localIsoDate, toLocal } from '../calendar/local-time.js';
import { shippedOrDerived } from '../calendar/official-schedules.js';
import { buildCalendar, type DueUnit, workingTimeBetween } from '../calendar/working-time.js';
import {
  baseDueAt,
  checkExtension,
  clockStart,
  type DeadlineInput,
  deadlineStatus,
  dossierDueAt,
  mustFlagLateBy,
  normalisePauses,
  onlineReceptionDueAt,
  pausedWorkingMinutes,
  type PauseInterval,
  stepDueDates,
} from './dossier-deadline.js';

const cal = buildCalendar({ years: [2025, 2026, 2027, 2028].map(shippedOrDerived) });
const at = (local: string) => new Date(`${local}+07:00`);
const local = (d: Date) => {
  const { ms } = toLocal(d);
  const hh = String(Math.floor(ms / 3600_000)).padStart(2, '0');
  const mm = String(Math.floor((ms % 3600_000) / 60_000)).padStart(2, '0');
  return `${localIsoDate(d)}T${hh}:${mm}`;
};
const days = (amount: number) => ({ amount, unit: 'working_days' as const });
const LATER = at('2027-06-01T00:00');

describe('due dates across Tết 2026 (days off 14–22/02/2026), office hours 07:30–11:30, 13:30–17:00', () => {
  it.each([
    // [received, amount, unit, cutoff, pauses, due, why]
    ['2026-02-13T10:00', 3, 'working_days', null, [], '2026-02-25T17:00', 'Mon 23, Tue 24, Wed 25'],
    [
      '2026-02-13T10:00',
      3,
      'working_days',
      null,
      [['2026-02-23T10:00', '2026-02-23T15:00']],
      '2026-02-26T10:30',
      'paused 3 office hours (10:00–11:30, 13:30–15:00) → Wed 17:00 + 3 h = Thu 10:30',
    ],
    [
      '2026-02-12T10:00',
      5,
      'working_days',
      null,
      [['2026-02-13T16:00', '2026-02-23T08:30']],
      '2026-02-27T09:30',
      'a pause over Tết covers only 2 office hours (Fri 16–17, Mon 07:30–08:30)',
    ],
    [
      '2026-02-13T10:00',
      3,
      'working_days',
      null,
      [
        ['2026-02-23T10:00', '2026-02-23T15:00'],
        ['2026-02-23T11:00', '2026-02-23T14:00'],
      ],
      '2026-02-26T10:30',
      'overlapping pauses count once',
    ],
    [
      '2026-02-13T10:00',
      3,
      'working_days',
      null,
      [['2026-02-12T08:00', '2026-02-13T11:00']],
      '2026-02-26T08:30',
      'only the part after reception counts: Fri 10:00–11:00',
    ],
    ['2026-02-13T16:00', 1, 'working_days', '15:00', [], '2026-02-24T17:00', 'after the cut-off: received Mon 23'],
    ['2026-02-13T16:00', 8, 'working_hours', null, [], '2026-02-23T16:30', '1 h Fri, 7 h Mon 23'],
    [
      '2026-02-13T16:00',
      8,
      'working_hours',
      null,
      [['2026-02-23T07:00', '2026-02-23T09:00']],
      '2026-02-24T08:30',
      'paused 1.5 office hours Mon morning',
    ],
    ['2026-02-11T10:00', 2, 'calendar_days', null, [], '2026-02-13T17:00', 'plain days, ends Fri 13'],
    [
      '2026-02-11T10:00',
      2,
      'calendar_days',
      null,
      [['2026-02-12T09:00', '2026-02-12T10:00']],
      '2026-02-23T17:00',
      'an hour of pause adds a day: Sat 14 → next working day Mon 23',
    ],
  ] satisfies [string, number, DueUnit, string | null, [string, string][], string, string][])(
    '%s + %i %s (cutoff %s, pauses %j) → %s: %s',
    (received, amount, unit, cutoff, pauses, due, _why) => {
      const input: DeadlineInput = {
        receivedAt: at(received),
        processingTime: { amount, unit },
        cutoff,
        pauses: pauses.map(([from, to]) => ({ from: at(from), to: at(to) })),
      };
      expect(local(dossierDueAt(cal, input, LATER))).toBe(due);
    },
  );

  it('an open pause keeps moving the due date, so a dossier waiting for the applicant is never overdue', () => {
    const input: DeadlineInput = {
      receivedAt: at('2026-02-13T10:00'),
      processingTime: days(3),
      pauses: [{ from: at('2026-02-23T07:30'), to: null }],
    };
    const asOf = at('2026-02-24T07:30');
    expect(local(dossierDueAt(cal, input, asOf))).toBe('2026-02-26T17:00');
    const weeksLater = at('2026-03-10T10:00');
    expect(deadlineStatus(cal, dossierDueAt(cal, input, weeksLater), weeksLater)).not.toBe('overdue');
  });

  it('starts the clock at the opening of the reception day when received outside office time', () => {
    expect(local(clockStart(cal, at('2026-02-13T16:00'), '15:00'))).toBe('2026-02-23T07:30');
    expect(local(clockStart(cal, at('2026-02-15T09:00')))).toBe('2026-02-23T07:30');
    expect(local(clockStart(cal, at('2026-02-13T06:00')))).toBe('2026-02-13T07:30');
    expect(local(clockStart(cal, at('2026-02-13T10:00')))).toBe('2026-02-13T10:00');
  });

  it('gives each workflow step its share of the time (10/60/20/10 % of 10 working days)', () => {
    const input: DeadlineInput = { receivedAt: at('2026-03-02T07:30'), processingTime: days(10) };
    // 82.5 office hours: Mon 02/03 + 10 working days; 10 % = 8.25 h, 70 % = 57.75 h, 90 % = 74.25 h.
    expect(stepDueDates(cal, input, [10, 60, 20, 10], LATER).map(local)).toEqual([
      '2026-03-03T08:15',
      '2026-03-11T14:45',
      '2026-03-13T16:15',
      '2026-03-16T17:00',
    ]);
    // A 3 h pause on Tue 03/03 moves the later steps by 3 office hours.
    const paused = { ...input, pauses: [{ from: at('2026-03-03T13:30'), to: at('2026-03-03T16:30') }] };
    expect(stepDueDates(cal, paused, [10, 60, 20, 10], LATER).map(local)).toEqual([
      '2026-03-03T08:15',
      '2026-03-12T08:15',
      '2026-03-16T09:45',
      '2026-03-17T10:30',
    ]);
  });

  it('derives overdue / due today / due soon / on time at an instant', () => {
    const due = at('2026-02-23T17:00');
    expect(deadlineStatus(cal, due, at('2026-02-12T10:00'))).toBe('on_time');
    expect(deadlineStatus(cal, due, at('2026-02-13T10:00'))).toBe('due_soon'); // next working day is Mon 23
    expect(deadlineStatus(cal, due, at('2026-02-15T10:00'))).toBe('due_soon');
    expect(deadlineStatus(cal, due, at('2026-02-23T09:00'))).toBe('due_today');
    expect(deadlineStatus(cal, due, due)).toBe('due_today');
    expect(deadlineStatus(cal, due, new Date(due.getTime() + 1000))).toBe('overdue');
  });

  it('must flag a late dossier by the opening of the working day before the due date', () => {
    expect(local(mustFlagLateBy(cal, at('2026-02-25T17:00')))).toBe('2026-02-24T07:30');
    expect(local(mustFlagLateBy(cal, at('2026-02-23T17:00')))).toBe('2026-02-13T07:30'); // across Tết
    expect(local(mustFlagLateBy(cal, at('2026-01-05T17:00')))).toBe('2025-12-31T07:30'); // across 01–04/01
  });

  it('allows one extension, in time, to a later working day', () => {
    const current = { dueAt: at('2026-02-25T17:00'), extended: false };
    const newDue = at('2026-03-04T17:00');
    expect(checkExtension(cal, current, newDue, at('2026-02-24T07:30'))).toEqual({
      ok: true,
      extension: { at: at('2026-02-24T07:30'), newDueAt: newDue },
    });
    expect(checkExtension(cal, current, newDue, at('2026-02-24T07:31'))).toMatchObject({ code: 'extension_too_late' });
    expect(checkExtension(cal, { ...current, extended: true }, newDue, at('2026-02-20T09:00'))).toMatchObject({
      code: 'extension_used',
    });
    expect(checkExtension(cal, current, at('2026-02-25T16:00'), at('2026-02-23T09:00'))).toMatchObject({
      code: 'extension_not_later',
    });
    expect(checkExtension(cal, current, at('2026-02-28T17:00'), at('2026-02-23T09:00'))).toMatchObject({
      code: 'extension_day_off',
    });
  });

  it('after an extension the new date holds, and only later pauses move it', () => {
    const input: DeadlineInput = {
      receivedAt: at('2026-02-13T10:00'),
      processingTime: days(3),
      pauses: [{ from: at('2026-02-23T10:00'), to: at('2026-02-23T15:00') }],
      extension: { at: at('2026-02-24T07:30'), newDueAt: at('2026-03-04T17:00') },
    };
    expect(local(dossierDueAt(cal, input, LATER))).toBe('2026-03-04T17:00');
    const later = {
      ...input,
      pauses: [...input.pauses!, { from: at('2026-03-02T07:30'), to: at('2026-03-02T17:00') }],
    };
    expect(local(dossierDueAt(cal, later, LATER))).toBe('2026-03-05T17:00');
  });

  it('online submissions: received or sent back within 8 working hours', () => {
    expect(local(onlineReceptionDueAt(cal, at('2026-02-13T16:00')))).toBe('2026-02-23T16:30');
  });
});

describe('properties', () => {
  const instant = fc
    .date({ min: at('2026-01-01T00:00'), max: at('2026-12-20T00:00'), noInvalidDate: true })
    .map((d) => new Date(Math.floor(d.getTime() / 60_000) * 60_000));
  const time = fc.oneof(
    fc.record({ amount: fc.integer({ min: 0, max: 30 }), unit: fc.constant<DueUnit>('working_days') }),
    fc.record({ amount: fc.integer({ min: 0, max: 80 }), unit: fc.constant<DueUnit>('working_hours') }),
    fc.record({ amount: fc.integer({ min: 0, max: 40 }), unit: fc.constant<DueUnit>('calendar_days') }),
  );
  const pause = fc
    .tuple(instant, fc.integer({ min: 1, max: 20 * 24 * 60 }))
    .map(([from, minutes]): PauseInterval => ({ from, to: new Date(from.getTime() + minutes * 60_000) }));
  const input = fc.record({
    receivedAt: instant,
    processingTime: time,
    cutoff: fc.constantFrom(null, '15:00'),
    pauses: fc.array(pause, { maxLength: 4 }),
  });

  it('a pause never moves the due date earlier, and more pause never makes it earlier', () => {
    fc.assert(
      fc.property(input, pause, (i: DeadlineInput, extra) => {
        const none = dossierDueAt(cal, { ...i, pauses: [] }, LATER);
        const some = dossierDueAt(cal, i, LATER);
        const more = dossierDueAt(cal, { ...i, pauses: [...(i.pauses ?? []), extra] }, LATER);
        expect(none.getTime()).toBe(baseDueAt(cal, i).getTime());
        expect(some.getTime()).toBeGreaterThanOrEqual(none.getTime());
        expect(more.getTime()).toBeGreaterThanOrEqual(some.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('working units: office time to the due date minus paused office time = the processing time', () => {
    fc.assert(
      fc.property(
        input.filter((i) => i.processingTime.unit !== 'calendar_days'),
        (i: DeadlineInput) => {
          const start = clockStart(cal, i.receivedAt, i.cutoff);
          const due = dossierDueAt(cal, i, LATER);
          const pausedBeforeDue = pausedWorkingMinutes(cal, normalisePauses(i.pauses ?? [], start, due));
          const whole = workingTimeBetween(cal, start, baseDueAt(cal, i));
          expect(workingTimeBetween(cal, start, due) - pausedBeforeDue).toBeCloseTo(whole, 6);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('step due dates never go backwards and the last is the dossier due date', () => {
    const shares = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(input, shares, (i: DeadlineInput, s) => {
        const steps = stepDueDates(cal, i, s, LATER);
        for (let k = 1; k < steps.length; k++)
          expect(steps[k]!.getTime()).toBeGreaterThanOrEqual(steps[k - 1]!.getTime());
        expect(steps.at(-1)?.getTime()).toBe(dossierDueAt(cal, i, LATER).getTime());
      }),
      { numRuns: 200 },
    );
  });
});
