import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../db/core.tables.js';

/** Kysely row types of the payments module (migrations/0021_payments.sql). int8 is read as a number (db/database.ts). */
type Bigint = ColumnType<number, number, number>;

export type PaymentMethod = 'gateway' | 'bank_transfer';
export type PaymentStatus = 'pending' | 'paid' | 'failed';

export interface PaymentsTables {
  dossier_fees: {
    dossier_id: string;
    dossier_code: string;
    agency_id: string;
    amount_vnd: Bigint;
    note: string | null;
    set_by: string | null;
    set_by_name: string | null;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  payments: {
    id: Generated<string>;
    seq: ColumnType<number, never, never>;
    dossier_id: string;
    dossier_code: string;
    agency_id: string;
    method: PaymentMethod;
    status: PaymentStatus;
    amount_vnd: Bigint;
    txn_ref: string | null;
    reference: string | null;
    bank_code: string | null;
    response_code: string | null;
    paid_at: Date | null;
    payer_citizen_id: string | null;
    confirmed_by: string | null;
    confirmed_by_name: string | null;
    notification: Json | null;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
