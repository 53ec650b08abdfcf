/** Shapes shared by the calendar module's pure code, service and routes. */

/**
 * Why a day is off:
 * - holiday: a statutory holiday (Bộ luật Lao động 2019, Điều 112), even when it falls on a weekend;
 * - compensatory: nghỉ bù, a holiday fell on a weekly rest day (Bộ luật Lao động 2019, Điều 111 khoản 3);
 * - bridge: a working day swapped off (hoán đổi) by the announced schedule, made up on a `workday`.
 */
export type DayOffKind = 'holiday' | 'compensatory' | 'bridge';

export interface DayOff {
  /** Local date in Asia/Ho_Chi_Minh, YYYY-MM-DD. */
  date: string;
  name: string;
  kind: DayOffKind;
}

/** A weekly rest day on which offices work (làm bù), e.g. to make up a bridge day. */
export interface MakeUpDay {
  date: string;
  name: string;
}

/**
 * Where a year's schedule comes from:
 * - announced: the schedule published for civil servants, shipped with the product;
 * - derived: computed from the statutory rules because no announcement is known;
 * - override: edited by an administrator (stored in calendar_years), wins over the other two.
 */
export type ScheduleOrigin = 'announced' | 'derived' | 'override';

export interface YearSchedule {
  year: number;
  origin: ScheduleOrigin;
  /** The announcement(s) the schedule follows, or how it was derived. */
  source: string;
  daysOff: DayOff[];
  workingDays: MakeUpDay[];
  note: string | null;
}

/** One office period of a day, local time "HH:MM" (end exclusive). */
export interface OfficePeriod {
  start: string;
  end: string;
}

/** Default office hours of state agencies: 07:30–11:30 and 13:30–17:00 (Asia/Ho_Chi_Minh). */
export const DEFAULT_OFFICE_PERIODS: readonly OfficePeriod[] = [
  { start: '07:30', end: '11:30' },
  { start: '13:30', end: '17:00' },
];
