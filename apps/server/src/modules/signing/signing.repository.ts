import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { SigningTables } from './signing.tables.js';

export type AuthorityRow = Selectable<SigningTables['signing_authorities']>;
export type SigningKeyRow = Selectable<SigningTables['signing_keys']>;
type Executor = Kysely<DB> | Transaction<DB>;

/** The only code of the signing module touching SQL. */
export class SigningRepository {
  constructor(private readonly db: Kysely<DB>) {}

  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  findDemoCa(): Promise<AuthorityRow | undefined> {
    return this.db.selectFrom('signing_authorities').selectAll().where('kind', '=', 'demo_ca').executeTakeFirst();
  }

  /** Inserts the demo CA unless another process did first; returns the one that won. */
  async insertDemoCa(row: {
    subject: string;
    certificatePem: string;
    fingerprint: string;
    privateKeySealed: string;
    notAfter: Date;
  }): Promise<AuthorityRow> {
    await this.db
      .insertInto('signing_authorities')
      .values({
        kind: 'demo_ca',
        subject: row.subject,
        certificate_pem: row.certificatePem,
        fingerprint_sha256: row.fingerprint,
        private_key_sealed: row.privateKeySealed,
        not_after: row.notAfter,
      })
      .onConflict((oc) => oc.column('kind').where('kind', '=', 'demo_ca').doNothing())
      .execute();
    const ca = await this.findDemoCa();
    if (!ca) throw new Error('demo CA missing after insert');
    return ca;
  }

  /** Adds a trusted root certificate (no-op when it is already there). */
  async addTrustedRoot(
    row: { subject: string; certificatePem: string; fingerprint: string; notAfter: Date },
    db: Executor = this.db,
  ): Promise<boolean> {
    const result = await db
      .insertInto('signing_authorities')
      .values({
        kind: 'trusted_root',
        subject: row.subject,
        certificate_pem: row.certificatePem,
        fingerprint_sha256: row.fingerprint,
        not_after: row.notAfter,
      })
      .onConflict((oc) => oc.column('fingerprint_sha256').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  listAuthorities(): Promise<AuthorityRow[]> {
    return this.db.selectFrom('signing_authorities').selectAll().orderBy('created_at').execute();
  }

  findActiveKey(agencyId: string): Promise<SigningKeyRow | undefined> {
    return this.db
      .selectFrom('signing_keys')
      .selectAll()
      .where('agency_id', '=', agencyId)
      .where('active', '=', true)
      .executeTakeFirst();
  }

  async keyExists(fingerprint: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('signing_keys')
      .select('id')
      .where('fingerprint_sha256', '=', fingerprint)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** A demo key for an agency that has none yet; false when another request created one first. */
  async insertDemoKey(row: NewKey): Promise<boolean> {
    const result = await this.db
      .insertInto('signing_keys')
      .values(values(row, 'demo'))
      .onConflict((oc) => oc.column('agency_id').where('active', '=', true).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Replaces the agency's active key by an imported one (the old row is kept, inactive). */
  async replaceActiveKey(
    row: NewKey,
    trx: Transaction<DB>,
  ): Promise<{ id: string; previous: SigningKeyRow | undefined }> {
    const previous = await trx
      .selectFrom('signing_keys')
      .selectAll()
      .where('agency_id', '=', row.agencyId)
      .where('active', '=', true)
      .forUpdate()
      .executeTakeFirst();
    if (previous) {
      await trx
        .updateTable('signing_keys')
        .set({ active: false, version: previous.version + 1, updated_at: new Date() })
        .where('id', '=', previous.id)
        .execute();
    }
    const inserted = await trx
      .insertInto('signing_keys')
      .values(values(row, 'pkcs12'))
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: inserted.id, previous };
  }
}

export interface NewKey {
  agencyId: string;
  subject: string;
  certificatePem: string;
  chainPem: string;
  fingerprint: string;
  privateKeySealed: string;
  notBefore: Date;
  notAfter: Date;
}

function values(row: NewKey, source: 'demo' | 'pkcs12') {
  return {
    agency_id: row.agencyId,
    source,
    subject: row.subject,
    certificate_pem: row.certificatePem,
    chain_pem: row.chainPem,
    fingerprint_sha256: row.fingerprint,
    private_key_sealed: row.privateKeySealed,
    not_before: row.notBefore,
    not_after: row.notAfter,
  };
}
