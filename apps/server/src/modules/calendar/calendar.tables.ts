import type { ColumnType } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../db/core.tables.js';
import type { DayOff, MakeUpDay, OfficePeriod } from './calendar.types.js';

/** Kysely row types of the calendar module's tables (kept in step with migrations/0005_calendar.sql). */
export interface CalendarTables {
  calendar_years: {
    year: number;
    days_off: Json<DayOff[]>;
    working_days: Json<MakeUpDay[]>;
    note: string | null;
    source: string;
    updated_by: string | null;
    version: ColumnType<number, number | undefined, number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  agency_office_hours: {
    agency_id: string;
    periods: Json<OfficePeriod[]>;
    updated_by: string | null;
    version: ColumnType<number, number | undefined, number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
