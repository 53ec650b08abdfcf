import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../db/core.tables.js';

/** Kysely row types of the signing module (kept in step with migrations/0018_signing.sql). */
export interface SigningTables {
  signing_authorities: {
    id: Generated<string>;
    kind: 'demo_ca' | 'trusted_root';
    subject: string;
    certificate_pem: string;
    fingerprint_sha256: string;
    private_key_sealed: string | null;
    not_after: Date;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  signing_keys: {
    id: Generated<string>;
    agency_id: string;
    source: 'demo' | 'pkcs12';
    subject: string;
    certificate_pem: string;
    chain_pem: ColumnType<string, string | undefined, string>;
    fingerprint_sha256: string;
    private_key_sealed: string;
    not_before: Date;
    not_after: Date;
    active: ColumnType<boolean, boolean | undefined, boolean>;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
