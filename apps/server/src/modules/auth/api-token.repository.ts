import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** SQL of the api_tokens table. */
type Db = Kysely<DB>;

const COLUMNS = [
  'id',
  'name',
  'prefix',
  'scopes',
  'agency_id',
  'created_by',
  'created_at',
  'expires_at',
  'revoked_at',
  'last_used_at',
] as const;

export async function insertToken(
  db: Db,
  t: {
    name: string;
    tokenHash: string;
    prefix: string;
    scopes: string[];
    agencyId: string;
    createdBy: string | null;
    expiresAt: Date | null;
    now: Date;
  },
) {
  return db
    .insertInto('api_tokens')
    .values({
      name: t.name,
      token_hash: t.tokenHash,
      prefix: t.prefix,
      scopes: JSON.stringify(t.scopes),
      agency_id: t.agencyId,
      created_by: t.createdBy,
      expires_at: t.expiresAt,
      created_at: t.now,
      updated_at: t.now,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
}

export async function findTokenByHash(db: Db, tokenHash: string) {
  return db.selectFrom('api_tokens').select(COLUMNS).where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function findToken(db: Db, id: string) {
  return db.selectFrom('api_tokens').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listTokens(db: Db, agencyIds: string[]) {
  if (agencyIds.length === 0) return [];
  return db
    .selectFrom('api_tokens')
    .select(COLUMNS)
    .where('agency_id', 'in', agencyIds)
    .orderBy('created_at', 'desc')
    .orderBy('id')
    .limit(500)
    .execute();
}

export async function revokeToken(db: Db, id: string, by: string | null, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('api_tokens')
    .set({ revoked_at: now, revoked_by: by, updated_at: now })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function touchToken(db: Db, id: string, now: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export type TokenRow = NonNullable<Awaited<ReturnType<typeof findToken>>>;
