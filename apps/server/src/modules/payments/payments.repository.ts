import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { PaymentMethod, PaymentStatus } from './payments.tables.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface FeeRow {
  dossier_id: string;
  dossier_code: string;
  agency_id: string;
  amount_vnd: number;
  note: string | null;
  version: number;
}

export interface PaymentRow {
  id: string;
  seq: number;
  dossier_id: string;
  dossier_code: string;
  agency_id: string;
  method: PaymentMethod;
  status: PaymentStatus;
  amount_vnd: number;
  txn_ref: string | null;
  reference: string | null;
  bank_code: string | null;
  response_code: string | null;
  paid_at: Date | null;
  payer_citizen_id: string | null;
  confirmed_by_name: string | null;
  created_at: Date;
}

const PAYMENT_COLUMNS = [
  'id',
  'seq',
  'dossier_id',
  'dossier_code',
  'agency_id',
  'method',
  'status',
  'amount_vnd',
  'txn_ref',
  'reference',
  'bank_code',
  'response_code',
  'paid_at',
  'payer_citizen_id',
  'confirmed_by_name',
  'created_at',
] as const;

/** The only code of the payments module touching SQL. */
export class PaymentsRepository {
  constructor(readonly db: Kysely<DB>) {}

  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async fee(dossierId: string, conn: Conn = this.db): Promise<FeeRow | null> {
    return (
      (await conn
        .selectFrom('dossier_fees')
        .select(['dossier_id', 'dossier_code', 'agency_id', 'amount_vnd', 'note', 'version'])
        .where('dossier_id', '=', dossierId)
        .executeTakeFirst()) ?? null
    );
  }

  /**
   * Sets the officer's amount with optimistic locking: `expectedVersion` 0 creates the row (a concurrent create
   * loses on the primary key), n > 0 updates it only at version n. Null when someone else got there first.
   */
  async setFee(
    conn: Conn,
    input: {
      dossierId: string;
      dossierCode: string;
      agencyId: string;
      amountVnd: number;
      note: string | null;
      by: { id: string | null; name: string | null };
      expectedVersion: number;
      now: Date;
    },
  ): Promise<FeeRow | null> {
    const cols = ['dossier_id', 'dossier_code', 'agency_id', 'amount_vnd', 'note', 'version'] as const;
    if (input.expectedVersion === 0) {
      return (
        (await conn
          .insertInto('dossier_fees')
          .values({
            dossier_id: input.dossierId,
            dossier_code: input.dossierCode,
            agency_id: input.agencyId,
            amount_vnd: input.amountVnd,
            note: input.note,
            set_by: input.by.id,
            set_by_name: input.by.name,
            created_at: input.now,
            updated_at: input.now,
          })
          .onConflict((oc) => oc.column('dossier_id').doNothing())
          .returning(cols)
          .executeTakeFirst()) ?? null
      );
    }
    return (
      (await conn
        .updateTable('dossier_fees')
        .set({
          amount_vnd: input.amountVnd,
          note: input.note,
          set_by: input.by.id,
          set_by_name: input.by.name,
          version: sql<number>`version + 1`,
          updated_at: input.now,
        })
        .where('dossier_id', '=', input.dossierId)
        .where('version', '=', input.expectedVersion)
        .returning(cols)
        .executeTakeFirst()) ?? null
    );
  }

  async payments(dossierId: string, conn: Conn = this.db): Promise<PaymentRow[]> {
    return conn
      .selectFrom('payments')
      .select(PAYMENT_COLUMNS)
      .where('dossier_id', '=', dossierId)
      .orderBy('created_at')
      .orderBy('seq')
      .execute();
  }

  async byId(id: string, conn: Conn = this.db): Promise<PaymentRow | null> {
    return (await conn.selectFrom('payments').select(PAYMENT_COLUMNS).where('id', '=', id).executeTakeFirst()) ?? null;
  }

  /** The payment of a gateway order reference, locked for the rest of the transaction. */
  async byTxnRefForUpdate(trx: Transaction<DB>, txnRef: string): Promise<PaymentRow | null> {
    return (
      (await trx
        .selectFrom('payments')
        .select(PAYMENT_COLUMNS)
        .where('txn_ref', '=', txnRef)
        .forUpdate()
        .executeTakeFirst()) ?? null
    );
  }

  async byTxnRef(txnRef: string): Promise<PaymentRow | null> {
    return (
      (await this.db.selectFrom('payments').select(PAYMENT_COLUMNS).where('txn_ref', '=', txnRef).executeTakeFirst()) ??
      null
    );
  }

  /** Serialises payments of one dossier: concurrent "pay" and "confirm" see each other's rows. */
  async lockDossier(trx: Transaction<DB>, dossierId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(hashtext(${`payments:${dossierId}`}))`.execute(trx);
  }

  async insertPayment(
    conn: Conn,
    row: {
      dossierId: string;
      dossierCode: string;
      agencyId: string;
      method: PaymentMethod;
      status: PaymentStatus;
      amountVnd: number;
      txnRef: string | null;
      reference: string | null;
      paidAt: Date | null;
      payerCitizenId: string | null;
      confirmedBy: { id: string | null; name: string | null } | null;
      now: Date;
    },
  ): Promise<PaymentRow> {
    return conn
      .insertInto('payments')
      .values({
        dossier_id: row.dossierId,
        dossier_code: row.dossierCode,
        agency_id: row.agencyId,
        method: row.method,
        status: row.status,
        amount_vnd: row.amountVnd,
        txn_ref: row.txnRef,
        reference: row.reference,
        paid_at: row.paidAt,
        payer_citizen_id: row.payerCitizenId,
        confirmed_by: row.confirmedBy?.id ?? null,
        confirmed_by_name: row.confirmedBy?.name ?? null,
        created_at: row.now,
        updated_at: row.now,
      })
      .returning(PAYMENT_COLUMNS)
      .executeTakeFirstOrThrow();
  }

  /** Records the gateway's verdict on a pending payment; null when it was no longer pending. */
  async settle(
    trx: Transaction<DB>,
    id: string,
    patch: {
      status: 'paid' | 'failed';
      reference: string | null;
      bankCode: string | null;
      responseCode: string;
      paidAt: Date | null;
      notification: Record<string, string>;
      now: Date;
    },
  ): Promise<PaymentRow | null> {
    return (
      (await trx
        .updateTable('payments')
        .set({
          status: patch.status,
          reference: patch.reference,
          bank_code: patch.bankCode,
          response_code: patch.responseCode,
          paid_at: patch.paidAt,
          notification: JSON.stringify(patch.notification),
          version: sql<number>`version + 1`,
          updated_at: patch.now,
        })
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returning(PAYMENT_COLUMNS)
        .executeTakeFirst()) ?? null
    );
  }
}
