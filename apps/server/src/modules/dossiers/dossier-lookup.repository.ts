import { type Kysely, sql } from 'kysely';
import { prepared } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';

/** What the public lookup shows of a dossier, with its history (time and state of each event, in order). */
export interface LookupRow {
  code: string;
  procedure_code: string;
  procedure_name: string;
  status: string;
  submitted_at: Date | null;
  received_at: Date;
  due_at: Date | null;
  accept_by: Date | null;
  /** The applicant's phone as stored (null when none was given). */
  phone: string | null;
  history: { at: string; status: string }[];
}

/**
 * The public lookup by code (issue 4 §1, §4: "lookup ≥ 50 % of the ceiling"): the few columns it shows and the
 * history, from ONE row: the history is the row's copy of its events' instants and states
 * (migrations/0025_dossier_status_history.sql), so the lookup reads no event.
 */
export async function findLookupRow(db: Kysely<DB>, code: string): Promise<LookupRow | null> {
  const query = db
    .selectFrom('dossiers as d')
    .select([
      'd.code',
      'd.procedure_code',
      'd.procedure_name',
      'd.status',
      'd.submitted_at',
      'd.received_at',
      'd.due_at',
      'd.accept_by',
      sql<string | null>`d.applicant->>'phone'`.as('phone'),
      'd.status_history as history',
    ])
    .where('d.code', '=', code);
  const { rows } = await db.executeQuery(prepared(query));
  return rows[0] ?? null;
}
