import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { CalendarPort } from './calendar.port.js';
import { calendarRoutes } from './calendar.routes.js';
import { CalendarService } from './calendar.service.js';

/**
 * Working-day calendar: Vietnamese public holidays (lunar calendar at UTC+7), the announced
 * schedules for civil servants with administrators' overrides, agencies' office hours, and
 * deadline arithmetic. Decorates `app.calendar` (calendar.port.ts) and serves /calendar/*.
 */
export default fp(
  async (app: FastifyInstance) => {
    const service = new CalendarService({
      db: app.database.db,
      audit: () => app.audit,
      clock: () => app.clock(),
    });
    const port: CalendarPort = {
      dueAt: (from, amount, unit, options) => service.dueAt(from, amount, unit, options),
      isWorkingDay: (date) => service.isWorkingDay(date),
      workingMinutesBetween: (a, b, options) => service.workingMinutesBetween(a, b, options),
      workingCalendar: (first, last, options) => service.calendarFor(first, last, options?.agencyId),
      holidays: (year) => service.holidays(year),
    };
    app.decorate('calendar', port);
    await app.register(calendarRoutes(service), { prefix: '/api/v1' });
  },
  { name: 'saola-calendar', dependencies: ['saola-database'] },
);
