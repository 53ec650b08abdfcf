import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ThrottleState } from './lockout.js';

/** SQL of the auth module's credential, throttle, challenge and policy tables. */
type Db = Kysely<DB>;

export async function findCredentials(db: Db, userId: string) {
  return db.selectFrom('staff_credentials').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function listCredentialUserIds(db: Db): Promise<{ userId: string; passwordHash: string }[]> {
  const rows = await db.selectFrom('staff_credentials').select(['user_id', 'password_hash']).execute();
  return rows.map((r) => ({ userId: r.user_id, passwordHash: r.password_hash }));
}

/** Stores a new password hash (insert or replace) and appends it to the history. */
export async function storePassword(db: Db, userId: string, passwordHash: string, mustChange: boolean, now: Date) {
  await db
    .insertInto('staff_credentials')
    .values({
      user_id: userId,
      password_hash: passwordHash,
      must_change_password: mustChange,
      password_changed_at: now,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet((eb) => ({
        password_hash: passwordHash,
        must_change_password: mustChange,
        password_changed_at: now,
        updated_at: now,
        version: eb('staff_credentials.version', '+', 1),
      })),
    )
    .execute();
  await db
    .insertInto('password_history')
    .values({ user_id: userId, password_hash: passwordHash, created_at: now })
    .execute();
}

export async function recentPasswordHashes(db: Db, userId: string, count: number): Promise<string[]> {
  const rows = await db
    .selectFrom('password_history')
    .select('password_hash')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(count)
    .execute();
  return rows.map((r) => r.password_hash);
}

/** Keeps only the newest `keep` history rows of a user. */
export async function trimPasswordHistory(db: Db, userId: string, keep: number) {
  const newest = db
    .selectFrom('password_history')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(keep);
  await db.deleteFrom('password_history').where('user_id', '=', userId).where('id', 'not in', newest).execute();
}

export async function setLastLogin(db: Db, userId: string, now: Date) {
  await db.updateTable('staff_credentials').set({ last_login_at: now }).where('user_id', '=', userId).execute();
}

export async function setPendingTotp(db: Db, userId: string, sealedSecret: string, now: Date) {
  await db
    .updateTable('staff_credentials')
    .set({ totp_pending_secret_enc: sealedSecret, updated_at: now })
    .where('user_id', '=', userId)
    .execute();
}

/** Turns TOTP on with the pending secret; false when it changed meanwhile (stale). */
export async function enableTotp(
  db: Db,
  userId: string,
  pendingSealed: string,
  step: number,
  now: Date,
): Promise<boolean> {
  const r = await db
    .updateTable('staff_credentials')
    .set((eb) => ({
      totp_secret_enc: pendingSealed,
      totp_pending_secret_enc: null,
      totp_enabled: true,
      totp_last_step: step,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('user_id', '=', userId)
    .where('totp_pending_secret_enc', '=', pendingSealed)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function disableTotp(db: Db, userId: string, now: Date) {
  await db
    .updateTable('staff_credentials')
    .set((eb) => ({
      totp_secret_enc: null,
      totp_pending_secret_enc: null,
      totp_enabled: false,
      totp_last_step: null,
      updated_at: now,
      version: eb('version', '+', 1),
    }))
    .where('user_id', '=', userId)
    .execute();
}

/** Records an accepted TOTP step; false when that step (or a later one) was already used. */
export async function useTotpStep(db: Db, userId: string, step: number): Promise<boolean> {
  const r = await db
    .updateTable('staff_credentials')
    .set({ totp_last_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- throttle -------------------------------------------------------------------------------

export async function findThrottle(db: Db, key: string): Promise<ThrottleState | null> {
  const row = await db.selectFrom('login_throttle').selectAll().where('key', '=', key).executeTakeFirst();
  if (!row) return null;
  return {
    failures: row.failures,
    lockCount: row.lock_count,
    lockedUntil: row.locked_until,
    lastFailureAt: row.last_failure_at,
  };
}

/** Creates the row if needed and locks it for the rest of the transaction (no lost updates). */
export async function lockThrottleRow(db: Db, key: string, now: Date) {
  await db
    .insertInto('login_throttle')
    .values({ key, created_at: now, updated_at: now })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  await db.selectFrom('login_throttle').select('key').where('key', '=', key).forUpdate().execute();
}

export async function saveThrottle(db: Db, key: string, s: ThrottleState, now: Date) {
  const values = {
    failures: s.failures,
    lock_count: s.lockCount,
    locked_until: s.lockedUntil,
    last_failure_at: s.lastFailureAt,
    updated_at: now,
  };
  await db
    .insertInto('login_throttle')
    .values({ key, ...values, created_at: now })
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
}

export async function clearThrottle(db: Db, key: string) {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

// ---- challenges -----------------------------------------------------------------------------

export async function createChallenge(
  db: Db,
  c: { userId: string; kind: 'totp' | 'totp_setup'; ip: string | null; now: Date; expiresAt: Date },
): Promise<string> {
  const row = await db
    .insertInto('login_challenges')
    .values({
      user_id: c.userId,
      kind: c.kind,
      ip: c.ip,
      created_at: c.now,
      updated_at: c.now,
      expires_at: c.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function findChallenge(db: Db, id: string) {
  return db.selectFrom('login_challenges').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countChallengeAttempt(db: Db, id: string, now: Date) {
  await db
    .updateTable('login_challenges')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: now }))
    .where('id', '=', id)
    .execute();
}

/** Marks a challenge used; false when it was already used (a parallel request won). */
export async function consumeChallenge(db: Db, id: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('login_challenges')
    .set({ consumed_at: now, updated_at: now })
    .where('id', '=', id)
    .where('consumed_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function consumeChallengesOf(db: Db, userId: string, now: Date) {
  await db
    .updateTable('login_challenges')
    .set({ consumed_at: now, updated_at: now })
    .where('user_id', '=', userId)
    .where('consumed_at', 'is', null)
    .execute();
}

// ---- role policies --------------------------------------------------------------------------

export async function rolesRequiringTotp(db: Db, roleCodes: string[]): Promise<string[]> {
  if (roleCodes.length === 0) return [];
  const rows = await db
    .selectFrom('auth_role_policies')
    .select('role_code')
    .where('role_code', 'in', roleCodes)
    .where('totp_required', '=', true)
    .execute();
  return rows.map((r) => r.role_code);
}
