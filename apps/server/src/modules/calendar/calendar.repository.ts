import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DayOff, MakeUpDay, OfficePeriod } from './calendar.types.js';

/** The only code of the calendar module that touches SQL. */
type Conn = Kysely<DB> | Transaction<DB>;

export interface StoredYear {
  year: number;
  daysOff: DayOff[];
  workingDays: MakeUpDay[];
  note: string | null;
  source: string;
  version: number;
  updatedAt: Date;
}

export interface StoredOfficeHours {
  agencyId: string;
  periods: OfficePeriod[];
  version: number;
  updatedAt: Date;
}

const yearColumns = ['year', 'days_off', 'working_days', 'note', 'source', 'version', 'updated_at'] as const;

function toYear(row: {
  year: number;
  days_off: DayOff[];
  working_days: MakeUpDay[];
  note: string | null;
  source: string;
  version: number;
  updated_at: Date;
}): StoredYear {
  return {
    year: row.year,
    daysOff: row.days_off,
    workingDays: row.working_days,
    note: row.note,
    source: row.source,
    version: row.version,
    updatedAt: row.updated_at,
  };
}

export async function findYears(db: Conn, first: number, last: number): Promise<StoredYear[]> {
  const rows = await db
    .selectFrom('calendar_years')
    .select(yearColumns)
    .where('year', '>=', first)
    .where('year', '<=', last)
    .orderBy('year')
    .execute();
  return rows.map(toYear);
}

export interface YearWrite {
  daysOff: DayOff[];
  workingDays: MakeUpDay[];
  note: string | null;
  source: string;
  updatedBy: string | null;
  at: Date;
}

/** Inserts the first override of a year; undefined when someone else inserted it meanwhile. */
export async function insertYear(db: Conn, year: number, w: YearWrite): Promise<StoredYear | undefined> {
  const row = await db
    .insertInto('calendar_years')
    .values({
      year,
      days_off: JSON.stringify(w.daysOff),
      working_days: JSON.stringify(w.workingDays),
      note: w.note,
      source: w.source,
      updated_by: w.updatedBy,
      created_at: w.at,
      updated_at: w.at,
    })
    .onConflict((oc) => oc.column('year').doNothing())
    .returning(yearColumns)
    .executeTakeFirst();
  return row && toYear(row);
}

/** Optimistic update; undefined when the stored version is not `expectedVersion`. */
export async function updateYear(
  db: Conn,
  year: number,
  expectedVersion: number,
  w: YearWrite,
): Promise<StoredYear | undefined> {
  const row = await db
    .updateTable('calendar_years')
    .set((eb) => ({
      days_off: JSON.stringify(w.daysOff),
      working_days: JSON.stringify(w.workingDays),
      note: w.note,
      source: w.source,
      updated_by: w.updatedBy,
      updated_at: w.at,
      version: eb('version', '+', 1),
    }))
    .where('year', '=', year)
    .where('version', '=', expectedVersion)
    .returning(yearColumns)
    .executeTakeFirst();
  return row && toYear(row);
}

const hoursColumns = ['agency_id', 'periods', 'version', 'updated_at'] as const;

function toHours(row: {
  agency_id: string;
  periods: OfficePeriod[];
  version: number;
  updated_at: Date;
}): StoredOfficeHours {
  return { agencyId: row.agency_id, periods: row.periods, version: row.version, updatedAt: row.updated_at };
}

export async function findOfficeHours(db: Conn, agencyId: string): Promise<StoredOfficeHours | undefined> {
  const row = await db
    .selectFrom('agency_office_hours')
    .select(hoursColumns)
    .where('agency_id', '=', agencyId)
    .executeTakeFirst();
  return row && toHours(row);
}

export async function insertOfficeHours(
  db: Conn,
  agencyId: string,
  periods: OfficePeriod[],
  updatedBy: string | null,
  at: Date,
): Promise<StoredOfficeHours | undefined> {
  const row = await db
    .insertInto('agency_office_hours')
    .values({
      agency_id: agencyId,
      periods: JSON.stringify(periods),
      updated_by: updatedBy,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.column('agency_id').doNothing())
    .returning(hoursColumns)
    .executeTakeFirst();
  return row && toHours(row);
}

export async function updateOfficeHours(
  db: Conn,
  agencyId: string,
  expectedVersion: number,
  periods: OfficePeriod[],
  updatedBy: string | null,
  at: Date,
): Promise<StoredOfficeHours | undefined> {
  const row = await db
    .updateTable('agency_office_hours')
    .set((eb) => ({
      periods: JSON.stringify(periods),
      updated_by: updatedBy,
      updated_at: at,
      version: eb('version', '+', 1),
    }))
    .where('agency_id', '=', agencyId)
    .where('version', '=', expectedVersion)
    .returning(hoursColumns)
    .executeTakeFirst();
  return row && toHours(row);
}
