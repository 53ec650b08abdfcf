import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../db/core.tables.js';
import type { SniffedMime } from '../files/sniff.js';

export type CitizenStatus = 'unverified' | 'active' | 'locked';
export type OtpChannel = 'sms' | 'email';
export type IdDocumentSide = 'front' | 'back';

/** Kysely row types of the citizens module (migrations/0007_citizens.sql, 0010_citizen_documents.sql). */
export interface CitizensTables {
  citizens: {
    id: Generated<string>;
    full_name: string | null;
    phone: string | null;
    email: string | null;
    phone_verified_at: Date | null;
    email_verified_at: Date | null;
    /** `date` column: read as a Date at local midnight on PGlite/pg; written as 'YYYY-MM-DD'. */
    date_of_birth: ColumnType<Date | string | null, string | null | undefined, string | null>;
    address: string | null;
    name_source: Generated<'self' | 'oidc'>;
    status: Generated<CitizenStatus>;
    last_sign_in_at: Date | null;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  citizen_identities: {
    provider: string;
    subject: string;
    citizen_id: string;
    last_used_at: Date | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  citizen_otp_challenges: {
    id: Generated<string>;
    citizen_id: string;
    channel: OtpChannel;
    destination: string;
    code_hash: string;
    expires_at: Date;
    attempts: Generated<number>;
    max_attempts: Generated<number>;
    consumed_at: Date | null;
    ip: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  citizen_rate_counters: {
    key: string;
    window_start: Date;
    count: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  /** Ảnh giấy tờ tùy thân: metadata only, the bytes are in app.files.sensitive (encrypted). */
  citizen_id_documents: {
    id: Generated<string>;
    citizen_id: string;
    storage_key: string;
    /** The real type, sniffed from the bytes. */
    content_type: SniffedMime;
    size_bytes: number;
    sha256: string;
    side: IdDocumentSide;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
    deleted_at: Date | null;
  };
}
