import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ACTIONS, type DossierAction, type DossierState } from './dossier-actions.js';

/**
 * Test factories for statistics: dossiers with a history at chosen instants, written straight to the tables
 * (the counter reception is also exercised through the API in the statistics test). Each later step follows
 * the state machine's table (dossier-actions.ts): the event's from/to states are those of ACTIONS, and the
 * event is recorded for the agency responsible at that moment, as DossiersService.act does.
 */

let seq = 0;

export interface HistoryDossier {
  agencyId: string;
  procedureId: string;
  procedureCode: string;
  channel: 'counter' | 'online' | 'post';
  /** Online: submission instant (event submit_online). */
  submittedAt?: Date;
  /** Reception instant (event receive); omit for an online dossier never accepted. */
  receivedAt?: Date;
  dueAt?: Date;
}

export async function insertHistoryDossier(db: Kysely<DB>, d: HistoryDossier): Promise<{ id: string; code: string }> {
  seq += 1;
  const first = d.submittedAt ?? d.receivedAt;
  if (!first) throw new Error('insertHistoryDossier: submittedAt or receivedAt');
  const code = `000.00.00.H99-260101-${String(seq).padStart(4, '0')}`;
  const status: DossierState = d.receivedAt ? 'received' : 'submitted';
  const row = await db
    .insertInto('dossiers')
    .values({
      code,
      procedure_id: d.procedureId,
      procedure_code: d.procedureCode,
      procedure_name: 'Thủ tục thử nghiệm',
      procedure_revision: 1,
      processing_time: JSON.stringify({ amount: 3, unit: 'working_days' }),
      cutoff: null,
      receiving_agency_id: d.agencyId,
      current_agency_id: d.agencyId,
      channel: d.channel,
      applicant: JSON.stringify({ name: 'Người Thử Nghiệm', name_search: 'nguoi thu nghiem' }),
      applicant_citizen_id: null,
      form_data: '{}',
      components: '[]',
      status,
      resume_state: null,
      current_step: d.receivedAt ? 0 : null,
      step_role: null,
      assignee_id: null,
      received_at: d.receivedAt ?? first,
      due_at: d.dueAt ?? null,
      original_due_at: d.dueAt ?? null,
      extended_at: null,
      paused_since: null,
      pauses: '[]',
      result_file_ids: '[]',
      created_by: null,
      ...(d.channel === 'online' ? { submitted_at: d.submittedAt ?? first, accept_by: first } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  let n = 0;
  const event = async (action: string, from: string | null, to: string, at: Date) =>
    db
      .insertInto('dossier_events')
      .values({
        dossier_id: row.id,
        seq: ++n,
        action,
        from_status: from,
        to_status: to,
        actor_id: null,
        actor_name: 'Cán bộ thử nghiệm',
        agency_id: d.agencyId,
        at,
        note: null,
        reason: null,
        step: null,
        data: '{}',
      })
      .execute();
  if (d.submittedAt) await event('submit_online', null, 'submitted', d.submittedAt);
  if (d.receivedAt) await event('receive', d.submittedAt ? 'submitted' : null, 'received', d.receivedAt);
  return { id: row.id, code };
}

/** Applies one action of the state machine to the dossier at `at` (status change + event). */
export async function advance(
  db: Kysely<DB>,
  dossierId: string,
  action: DossierAction,
  at: Date,
  opts: { resultFileIds?: string[]; targetAgencyId?: string } = {},
): Promise<void> {
  const row = await db
    .selectFrom('dossiers')
    .select(['status', 'resume_state', 'current_agency_id'])
    .where('id', '=', dossierId)
    .executeTakeFirstOrThrow();
  const spec = ACTIONS[action];
  const from = row.status as DossierState;
  if (!spec.from.includes(from)) throw new Error(`advance: ${action} is not allowed from ${from}`);
  const to = spec.to === 'same' ? from : spec.to === 'resume' ? (row.resume_state ?? 'received') : spec.to;
  const last = await db
    .selectFrom('dossier_events')
    .select(sql<number>`coalesce(max(seq), 0)`.as('n'))
    .where('dossier_id', '=', dossierId)
    .executeTakeFirstOrThrow();
  await db
    .updateTable('dossiers')
    .set({
      status: to,
      resume_state: to === 'supplement_requested' ? (from as 'submitted' | 'received') : null,
      paused_since: to === 'supplement_requested' ? at : null,
      ...(opts.resultFileIds ? { result_file_ids: JSON.stringify(opts.resultFileIds) } : {}),
      ...(opts.targetAgencyId ? { current_agency_id: opts.targetAgencyId } : {}),
      updated_at: at,
    })
    .where('id', '=', dossierId)
    .execute();
  await db
    .insertInto('dossier_events')
    .values({
      dossier_id: dossierId,
      seq: Number(last.n) + 1,
      action,
      from_status: from,
      to_status: to,
      actor_id: null,
      actor_name: 'Cán bộ thử nghiệm',
      agency_id: row.current_agency_id,
      at,
      note: null,
      reason: null,
      step: null,
      data: '{}',
    })
    .execute();
}

/** A component file row of the dossier (digitisation), as the files routes would store it. */
export async function addComponentFile(db: Kysely<DB>, dossierId: string): Promise<void> {
  await sql`
    insert into dossier_files (dossier_id, kind, component, name, media_type, size_bytes, sha256, storage_key)
    values (${dossierId}, 'component', 'Tờ khai', 'to-khai.pdf', 'application/pdf', 1024,
            ${'a'.repeat(64)}, ${`test/${randomUUID()}`})`.execute(db);
}
