import type { Kysely, Selectable, Transaction, Updateable } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { CitizensTables, OtpChannel } from './citizens.tables.js';

export type CitizenRow = Selectable<CitizensTables['citizens']>;
export type ChallengeRow = Selectable<CitizensTables['citizen_otp_challenges']>;
export type IdentityRow = Selectable<CitizensTables['citizen_identities']>;
type Db = Kysely<DB> | Transaction<DB>;

/** The only code of the citizens module that touches SQL. */
export class CitizensRepository {
  constructor(readonly db: Kysely<DB>) {}

  findById(id: string, db: Db = this.db): Promise<CitizenRow | undefined> {
    return db.selectFrom('citizens').selectAll().where('id', '=', id).executeTakeFirst();
  }

  findByPhone(phone: string, db: Db = this.db): Promise<CitizenRow | undefined> {
    return db.selectFrom('citizens').selectAll().where('phone', '=', phone).executeTakeFirst();
  }

  findByEmail(email: string, db: Db = this.db): Promise<CitizenRow | undefined> {
    return db.selectFrom('citizens').selectAll().where('email', '=', email).executeTakeFirst();
  }

  /** Creates an unverified account for the identifier, or returns the one that exists (race-safe). */
  async findOrCreateByIdentifier(kind: 'phone' | 'email', value: string, at: Date): Promise<CitizenRow> {
    const inserted = await this.db
      .insertInto('citizens')
      .values({ [kind]: value, created_at: at, updated_at: at })
      .onConflict((oc) => oc.column(kind).where(kind, 'is not', null).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return inserted;
    const existing = kind === 'phone' ? await this.findByPhone(value) : await this.findByEmail(value);
    if (!existing) throw new Error('citizen vanished between insert and select');
    return existing;
  }

  insertCitizen(
    values: {
      fullName: string | null;
      phone: string | null;
      email: string | null;
      phoneVerifiedAt: Date | null;
      emailVerifiedAt: Date | null;
      nameSource: 'self' | 'oidc';
      at: Date;
    },
    db: Db = this.db,
  ): Promise<CitizenRow> {
    return db
      .insertInto('citizens')
      .values({
        full_name: values.fullName,
        phone: values.phone,
        email: values.email,
        phone_verified_at: values.phoneVerifiedAt,
        email_verified_at: values.emailVerifiedAt,
        name_source: values.nameSource,
        status: 'active',
        last_sign_in_at: values.at,
        created_at: values.at,
        updated_at: values.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Optimistic update: undefined when the version moved (or the row is gone). */
  update(
    id: string,
    expectedVersion: number | null,
    patch: Omit<Updateable<CitizensTables['citizens']>, 'id' | 'version' | 'created_at'>,
    at: Date,
    db: Db = this.db,
  ): Promise<CitizenRow | undefined> {
    let q = db
      .updateTable('citizens')
      .set((eb) => ({ ...patch, updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', id);
    if (expectedVersion !== null) q = q.where('version', '=', expectedVersion);
    return q.returningAll().executeTakeFirst();
  }

  insertChallenge(values: {
    id: string;
    citizenId: string;
    channel: OtpChannel;
    destination: string;
    codeHash: string;
    expiresAt: Date;
    maxAttempts: number;
    ip: string | null;
    at: Date;
  }): Promise<unknown> {
    return this.db
      .insertInto('citizen_otp_challenges')
      .values({
        id: values.id,
        citizen_id: values.citizenId,
        channel: values.channel,
        destination: values.destination,
        code_hash: values.codeHash,
        expires_at: values.expiresAt,
        max_attempts: values.maxAttempts,
        ip: values.ip,
        created_at: values.at,
        updated_at: values.at,
      })
      .execute();
  }

  findChallenge(id: string): Promise<ChallengeRow | undefined> {
    return this.db.selectFrom('citizen_otp_challenges').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Counts one attempt atomically, only while the challenge is alive (not used, not expired, attempts
   * left); returns the row after counting, or undefined when the challenge is dead.
   */
  spendAttempt(id: string, now: Date): Promise<ChallengeRow | undefined> {
    return this.db
      .updateTable('citizen_otp_challenges')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', now)
      .where((eb) => eb('attempts', '<', eb.ref('max_attempts')))
      .returningAll()
      .executeTakeFirst();
  }

  /** Marks the challenge used; false when another request used it first. */
  async consumeChallenge(id: string, now: Date, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('citizen_otp_challenges')
      .set({ consumed_at: now, updated_at: now })
      .where('id', '=', id)
      .where('consumed_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Adds one to a fixed-window counter and returns the new count. */
  async hit(key: string, windowStart: Date, now: Date): Promise<number> {
    const row = await this.db
      .insertInto('citizen_rate_counters')
      .values({ key, window_start: windowStart, count: 1, created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['key', 'window_start']).doUpdateSet({
          count: sql<number>`citizen_rate_counters.count + 1`,
          updated_at: now,
        }),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    return row.count;
  }

  findIdentity(provider: string, subject: string, db: Db = this.db): Promise<IdentityRow | undefined> {
    return db
      .selectFrom('citizen_identities')
      .selectAll()
      .where('provider', '=', provider)
      .where('subject', '=', subject)
      .executeTakeFirst();
  }

  insertIdentity(provider: string, subject: string, citizenId: string, at: Date, db: Db = this.db): Promise<unknown> {
    return db
      .insertInto('citizen_identities')
      .values({ provider, subject, citizen_id: citizenId, last_used_at: at, created_at: at, updated_at: at })
      .execute();
  }

  touchIdentity(provider: string, subject: string, at: Date, db: Db = this.db): Promise<unknown> {
    return db
      .updateTable('citizen_identities')
      .set({ last_used_at: at, updated_at: at })
      .where('provider', '=', provider)
      .where('subject', '=', subject)
      .execute();
  }

  listIdentities(citizenId: string): Promise<IdentityRow[]> {
    return this.db
      .selectFrom('citizen_identities')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .orderBy('created_at', 'asc')
      .execute();
  }
}
