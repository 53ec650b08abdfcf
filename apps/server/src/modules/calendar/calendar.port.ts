import type { HolidayList } from './calendar.service.js';
import type { DueUnit, WorkingCalendar } from './working-time.js';

export type { DueUnit, WorkingCalendar } from './working-time.js';
export type { HolidayList } from './calendar.service.js';

/**
 * What other modules may ask of the calendar module (decorated as `app.calendar`). The one-stop
 * module computes appointment dates (ngày hẹn trả) and overdue status with it. Rules: see
 * working-time.ts (N working days = 17:00, or the agency's closing time, of the N-th working day
 * after the reception day).
 */
export interface CalendarPort {
  /**
   * The due instant of `amount` working days / working hours / calendar days from `from`.
   * `agencyId` selects that agency's office hours (default 07:30–11:30, 13:30–17:00);
   * `cutoff` ("HH:MM", e.g. "15:00") is the procedure's afternoon cut-off, null for none.
   * Throws a 422 AppError when the result would fall outside the supported years.
   */
  dueAt(
    from: Date,
    amount: number,
    unit: DueUnit,
    options?: { agencyId?: string | null; cutoff?: string | null },
  ): Promise<Date>;
  /** Is the local (Asia/Ho_Chi_Minh) date of the instant, or the YYYY-MM-DD date, a working day? */
  isWorkingDay(date: Date | string): Promise<boolean>;
  /** Office time between two instants in minutes (negative when b is before a). */
  workingMinutesBetween(a: Date, b: Date, options?: { agencyId?: string | null }): Promise<number>;
  /**
   * The working calendar of the years [firstYear, lastYear] with the agency's office hours, for the
   * pure working-time arithmetic (working-time.ts, dossiers/dossier-deadline.ts).
   */
  workingCalendar(
    firstYear: number,
    lastYear: number,
    options?: { agencyId?: string | null },
  ): Promise<WorkingCalendar>;
  /** The year's days off and make-up working days, with the source of the schedule (public holiday page). */
  holidays(year: number): Promise<HolidayList>;
}

declare module 'fastify' {
  interface FastifyInstance {
    calendar: CalendarPort;
  }
}
