import type { Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../db/core.tables.js';

export type ConsentSource = 'otp_signin' | 'oidc_signin' | 'account_page' | 'api';
export type CorrectionField = 'fullName' | 'dateOfBirth' | 'address' | 'phone' | 'email' | 'other';
export type CorrectionStatus = 'pending' | 'approved' | 'rejected';

/** Kysely row types of the privacy module's tables (migrations/0009_privacy.sql). */
export interface PrivacyTables {
  consents: {
    id: Generated<string>;
    citizen_id: string;
    purpose_code: string;
    purpose_text: string;
    granted: boolean;
    granted_at: Date | null;
    withdrawn_at: Date | null;
    source: ConsentSource;
    ip: string | null;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  correction_requests: {
    id: Generated<string>;
    citizen_id: string;
    field: CorrectionField;
    current_value: string | null;
    requested_value: string;
    reason: string;
    status: Generated<CorrectionStatus>;
    decision_note: string | null;
    resolved_by: string | null;
    resolved_by_name: string | null;
    resolved_at: Date | null;
    applied: Generated<boolean>;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  sensitive_data_access_log: {
    id: Generated<number>;
    at: CreatedAt;
    actor_kind: 'staff' | 'citizen' | 'token' | 'anonymous' | 'system';
    actor_id: string | null;
    actor_name: string | null;
    citizen_id: string | null;
    item_type: string;
    item_id: string;
    purpose: string;
    agency_id: string | null;
    ip: string | null;
    user_agent: string | null;
    request_id: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
