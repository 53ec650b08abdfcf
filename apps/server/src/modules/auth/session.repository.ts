import type { Kysely } from 'kysely';
import { preparedWithValue } from '../../db/prepared.js';
import type { DB } from '../../db/schema.js';

/** SQL of the sessions table (staff and citizen sessions alike). */
type Db = Kysely<DB>;
export type SubjectKind = 'staff' | 'citizen';

export async function insertSession(
  db: Db,
  s: {
    tokenHash: string;
    kind: SubjectKind;
    subjectId: string;
    ip: string | null;
    userAgent: string | null;
    now: Date;
    expiresAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('sessions')
    .values({
      token_hash: s.tokenHash,
      subject_kind: s.kind,
      subject_id: s.subjectId,
      ip: s.ip,
      user_agent: s.userAgent,
      created_at: s.now,
      last_seen_at: s.now,
      updated_at: s.now,
      expires_at: s.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// Every signed-in request runs it: a named prepared statement, built once (db/prepared.ts). The text is the same
// for every Kysely instance of the PostgreSQL dialect (PGlite's included).
const buildLiveSessionQuery = (db: Db) =>
  preparedWithValue((hash: string) =>
    db
      .selectFrom('sessions')
      .leftJoin('staff_credentials', (j) =>
        j.onRef('staff_credentials.user_id', '=', 'sessions.subject_id').on('sessions.subject_kind', '=', 'staff'),
      )
      .select([
        'sessions.id',
        'sessions.subject_kind',
        'sessions.subject_id',
        'sessions.created_at',
        'sessions.last_seen_at',
        'sessions.expires_at',
        'staff_credentials.must_change_password',
      ])
      .where('sessions.token_hash', '=', hash)
      .where('sessions.revoked_at', 'is', null),
  );
let liveSessionQuery: ReturnType<typeof buildLiveSessionQuery> | undefined;

/** A session that was not revoked, with the staff password state when it is a staff session. */
export async function findLiveSessionByTokenHash(db: Db, tokenHash: string) {
  liveSessionQuery ??= buildLiveSessionQuery(db);
  const { rows } = await db.executeQuery(liveSessionQuery(tokenHash));
  return rows[0];
}

export async function touchSession(db: Db, id: string, now: Date) {
  await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
}

export async function revokeSession(db: Db, id: string, reason: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason, updated_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function revokeSessionsOf(
  db: Db,
  kind: SubjectKind,
  subjectId: string,
  reason: string,
  now: Date,
  exceptId?: string,
): Promise<number> {
  let q = db
    .updateTable('sessions')
    .set({ revoked_at: now, revoked_reason: reason, updated_at: now })
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('revoked_at', 'is', null);
  if (exceptId) q = q.where('id', '<>', exceptId);
  const r = await q.executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Sessions still usable at `now` (not revoked, not past either limit), newest first. */
export async function listLiveSessions(db: Db, kind: SubjectKind, subjectId: string, now: Date, idleSince: Date) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .where('last_seen_at', '>', idleSince)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .execute();
}

export async function findSessionOf(db: Db, id: string, kind: SubjectKind, subjectId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'revoked_at'])
    .where('id', '=', id)
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .executeTakeFirst();
}

/** Deletes a subject's sessions that ended (expired or revoked) before `before`: keeps the table small. */
export async function purgeEndedSessions(db: Db, kind: SubjectKind, subjectId: string, before: Date) {
  await db
    .deleteFrom('sessions')
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .where((eb) => eb.or([eb('expires_at', '<', before), eb('revoked_at', '<', before)]))
    .execute();
}
