import type { FastifyInstance } from 'fastify';
import { AppError } from '../../http/errors.js';
import type { HolidayPageData } from './pages/holidays.js';

/** The holiday page links to neighbouring years up to this far from the current one. */
const NAVIGABLE_YEARS = 5;

/**
 * The holiday page's data for `year`, read through the calendar port; null when the calendar
 * does not cover that year (it answers 422 outside its supported range).
 */
export async function loadHolidayYear(
  app: FastifyInstance,
  year: number,
  currentYear: number,
): Promise<HolidayPageData | null> {
  try {
    const schedule = await app.calendar.holidays(year);
    const near = (y: number) => Math.abs(y - currentYear) <= NAVIGABLE_YEARS;
    return {
      schedule,
      previousYear: near(year - 1) ? year - 1 : null,
      nextYear: near(year + 1) ? year + 1 : null,
    };
  } catch (error) {
    if (error instanceof AppError && error.status === 422) return null;
    throw error;
  }
}
