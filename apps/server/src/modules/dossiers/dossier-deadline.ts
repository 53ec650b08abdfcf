import { DAY_MS, dayOf, fromLocal, isoOf, localIsoDate, toLocal } from '../calendar/local-time.js';
import {
  addWorkingHours,
  addWorkingMinutes,
  dueAt as calendarDueAt,
  type DueUnit,
  isWorkingDay,
  nextWorkingDay,
  receptionDay,
  type WorkingCalendar,
  workingTimeBetween,
} from '../calendar/working-time.js';

/**
 * Deadlines of a dossier: pure functions on top of the calendar module's working-time arithmetic
 * (calendar/working-time.ts: "N working days from X" = close of office hours of the N-th working
 * day after the reception day; hours count office time; calendar days end on a working day).
 *
 * THE CLOCK. A dossier's clock starts at reception and runs during office hours of working days;
 * it stops while the agency waits for the applicant (yêu cầu bổ sung: the time to supplement is not
 * counted — Nghị định 118/2025/NĐ-CP, article to confirm). "Clock time" at an instant t is the
 * office time from the clock start to t minus the office time inside pauses. The due instant is
 * the first instant whose clock time equals the whole processing time, so a pause moves the due
 * date by exactly the office time it covered, and each workflow step is due when the clock reaches
 * its cumulative share. Calendar-day procedures (Luật Lý lịch tư pháp 2009, Điều 48) count plain
 * days: a pause adds its length in days, rounded up.
 *
 * Statuses (overdue, due today, due soon) are computed at an instant, never stored.
 */

export interface ProcessingTime {
  amount: number;
  unit: DueUnit;
}

/** A wait for the applicant; `to` null = still waiting (counted up to `asOf`). */
export interface PauseInterval {
  from: Date;
  to: Date | null;
}

/** The one-time extension (Mẫu 04): from `at`, the new due instant replaces the computed one. */
export interface DeadlineExtension {
  at: Date;
  newDueAt: Date;
}

export interface DeadlineInput {
  receivedAt: Date;
  processingTime: ProcessingTime;
  /** Afternoon cut-off "HH:MM" of the procedure (received after it → counted from the next working day). */
  cutoff?: string | null;
  pauses?: readonly PauseInterval[];
  extension?: DeadlineExtension | null;
}

const ms = (d: Date) => d.getTime();
const later = (a: Date, b: Date) => (ms(a) >= ms(b) ? a : b);

/**
 * Pauses clipped to [start, asOf], open ones closed at asOf, sorted and merged (overlaps and
 * touching intervals become one).
 */
export function normalisePauses(pauses: readonly PauseInterval[], start: Date, asOf: Date): { from: Date; to: Date }[] {
  const clipped = pauses
    .map((p) => ({ from: later(p.from, start), to: p.to && ms(p.to) < ms(asOf) ? p.to : asOf }))
    .filter((p) => ms(p.to) > ms(p.from))
    .sort((a, b) => ms(a.from) - ms(b.from));
  const merged: { from: Date; to: Date }[] = [];
  for (const p of clipped) {
    const last = merged[merged.length - 1];
    if (last && ms(p.from) <= ms(last.to)) last.to = later(last.to, p.to);
    else merged.push({ ...p });
  }
  return merged;
}

/** Office minutes inside the (normalised) pauses. */
export function pausedWorkingMinutes(cal: WorkingCalendar, pauses: readonly { from: Date; to: Date }[]): number {
  return pauses.reduce((sum, p) => sum + workingTimeBetween(cal, p.from, p.to), 0);
}

/**
 * When the clock starts: the reception instant if it falls within office time of the reception day
 * (calendar rule 2), otherwise the opening of the reception day (after hours, on a day off or after
 * the cut-off → the next working day's first office period).
 */
export function clockStart(cal: WorkingCalendar, receivedAt: Date, cutoff?: string | null): Date {
  const day = receptionDay(cal, receivedAt, { cutoff: cutoff ?? null });
  const opening = fromLocal(dayOf(day), cal.periods[0]?.start ?? 0);
  return localIsoDate(receivedAt) === day ? later(receivedAt, opening) : opening;
}

/**
 * The instant at which the clock, started at `start` and stopped during `pauses` (normalised, at or
 * after start), has run `minutes` of office time.
 */
export function instantAtClock(
  cal: WorkingCalendar,
  start: Date,
  minutes: number,
  pauses: readonly { from: Date; to: Date }[],
): Date {
  let t = start;
  let remaining = minutes;
  for (const p of pauses) {
    if (ms(p.to) <= ms(t)) continue;
    const candidate = addWorkingMinutes(cal, t, remaining);
    if (ms(candidate) <= ms(p.from)) return candidate;
    remaining -= Math.max(0, workingTimeBetween(cal, t, p.from));
    t = later(p.to, t);
  }
  return addWorkingMinutes(cal, t, remaining);
}

/** Due instant without pauses (calendar rules; per-procedure cut-off). */
export function baseDueAt(cal: WorkingCalendar, input: DeadlineInput): Date {
  const { amount, unit } = input.processingTime;
  return calendarDueAt(cal, input.receivedAt, amount, unit, { cutoff: input.cutoff ?? null });
}

/**
 * The due instant of a dossier as known at `asOf` (open pauses count up to asOf, so a dossier
 * waiting for the applicant never runs late). With an extension, the new date replaces the
 * computed one and only pauses after the extension move it.
 */
export function dossierDueAt(cal: WorkingCalendar, input: DeadlineInput, asOf: Date): Date {
  if (input.extension) {
    const { at, newDueAt } = input.extension;
    const pauses = normalisePauses(input.pauses ?? [], at, asOf);
    return instantAtClock(cal, at, workingTimeBetween(cal, at, newDueAt), pauses);
  }
  const start = clockStart(cal, input.receivedAt, input.cutoff);
  const pauses = normalisePauses(input.pauses ?? [], start, asOf);
  const base = baseDueAt(cal, input);
  if (input.processingTime.unit === 'calendar_days') {
    const pausedMs = pauses.reduce((sum, p) => sum + ms(p.to) - ms(p.from), 0);
    const days = Math.ceil(pausedMs / DAY_MS);
    if (days === 0) return base;
    return calendarDueAt(cal, input.receivedAt, input.processingTime.amount + days, 'calendar_days', {
      cutoff: input.cutoff ?? null,
    });
  }
  return instantAtClock(cal, start, Math.max(0, workingTimeBetween(cal, start, base)), pauses);
}

/**
 * Due instant of each workflow step: the clock reaching the step's cumulative share of the whole
 * processing time. Shares are relative weights (percentages in the procedures module); the last
 * step is due with the dossier.
 */
export function stepDueDates(
  cal: WorkingCalendar,
  input: DeadlineInput,
  shares: readonly number[],
  asOf: Date,
): Date[] {
  if (shares.some((s) => !Number.isFinite(s) || s < 0)) throw new RangeError('Tỷ lệ thời gian các bước không hợp lệ.');
  const total = shares.reduce((a, b) => a + b, 0);
  const due = dossierDueAt(cal, input, asOf);
  if (shares.length === 0) return [];
  if (total === 0) return shares.map(() => due);
  const start = input.extension ? input.extension.at : clockStart(cal, input.receivedAt, input.cutoff);
  const pauses = normalisePauses(input.pauses ?? [], start, asOf);
  const end = input.extension ? input.extension.newDueAt : baseDueAt(cal, input);
  const whole = Math.max(0, workingTimeBetween(cal, start, end));
  let cumulative = 0;
  return shares.map((share, i) => {
    cumulative += share;
    if (i === shares.length - 1) return due;
    const at = instantAtClock(cal, start, (whole * cumulative) / total, pauses);
    return ms(at) > ms(due) ? due : at;
  });
}

export type DeadlineStatus = 'overdue' | 'due_today' | 'due_soon' | 'on_time';

/**
 * Status at `at`: overdue after the due instant; due_today when due later the same local day;
 * due_soon when due on the next working day (at most one working day left); on_time otherwise.
 */
export function deadlineStatus(cal: WorkingCalendar, dueAt: Date, at: Date): DeadlineStatus {
  if (ms(at) > ms(dueAt)) return 'overdue';
  const dueDay = localIsoDate(dueAt);
  const today = localIsoDate(at);
  if (dueDay === today) return 'due_today';
  return dueDay <= nextWorkingDay(cal, at) ? 'due_soon' : 'on_time';
}

/** The working day before the local date of `instant`, YYYY-MM-DD. */
export function previousWorkingDay(cal: WorkingCalendar, instant: Date): string {
  let day = toLocal(instant).day - 1;
  while (!isWorkingDay(cal, isoOf(day))) day--;
  return isoOf(day);
}

/**
 * Latest instant to flag a dossier that will be late and send the apology/extension letter
 * (Mẫu 04): the opening of the working day before the due date, so that at least one full working
 * day is left (Nghị định 118/2025/NĐ-CP, article to confirm; the earlier Nghị định 61/2018/NĐ-CP
 * had the same "chậm nhất 01 ngày làm việc trước hạn" rule, not confirmed here).
 */
export function mustFlagLateBy(cal: WorkingCalendar, dueAt: Date): Date {
  return fromLocal(dayOf(previousWorkingDay(cal, dueAt)), cal.periods[0]?.start ?? 0);
}

export type ExtensionCheck = { ok: true; extension: DeadlineExtension } | { ok: false; code: string; message: string };

/** May the deadline be moved to `newDueAt` now? Once only, in time, to a later working-time instant. */
export function checkExtension(
  cal: WorkingCalendar,
  current: { dueAt: Date; extended: boolean },
  newDueAt: Date,
  now: Date,
): ExtensionCheck {
  if (current.extended)
    return { ok: false, code: 'extension_used', message: 'Hồ sơ đã được gia hạn một lần; không thể gia hạn thêm.' };
  if (ms(now) > ms(mustFlagLateBy(cal, current.dueAt)))
    return {
      ok: false,
      code: 'extension_too_late',
      message: 'Đã quá thời điểm phải báo trễ hạn (chậm nhất 01 ngày làm việc trước hạn giải quyết).',
    };
  if (ms(newDueAt) <= ms(current.dueAt))
    return { ok: false, code: 'extension_not_later', message: 'Ngày hẹn mới phải sau hạn giải quyết hiện tại.' };
  if (!isWorkingDay(cal, newDueAt))
    return { ok: false, code: 'extension_day_off', message: 'Ngày hẹn mới phải là ngày làm việc.' };
  return { ok: true, extension: { at: now, newDueAt } };
}

/** Online submissions are received or sent back for supplement within 8 working hours (Nghị định 45/2020/NĐ-CP; article to confirm). */
export const ONLINE_RECEPTION_HOURS = 8;
export function onlineReceptionDueAt(cal: WorkingCalendar, submittedAt: Date): Date {
  return addWorkingHours(cal, submittedAt, ONLINE_RECEPTION_HOURS);
}
