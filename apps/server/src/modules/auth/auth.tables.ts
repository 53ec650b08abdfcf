import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../db/core.tables.js';

/** Kysely row types of the auth module's tables (kept in step with migrations/0003_auth.sql). */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type DefaultedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface StaffCredentialsTable {
  user_id: string;
  password_hash: string;
  must_change_password: Generated<boolean>;
  password_changed_at: DefaultedTimestamp;
  totp_secret_enc: string | null;
  totp_pending_secret_enc: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: number | null;
  last_login_at: Date | null;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface PasswordHistoryTable {
  id: Generated<number>;
  user_id: string;
  password_hash: string;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: Generated<string>;
  token_hash: string;
  subject_kind: 'staff' | 'citizen';
  subject_id: string;
  ip: string | null;
  user_agent: string | null;
  created_at: CreatedAt;
  last_seen_at: DefaultedTimestamp;
  expires_at: Timestamp;
  revoked_at: Date | null;
  revoked_reason: string | null;
  updated_at: UpdatedAt;
}

export interface LoginChallengesTable {
  id: Generated<string>;
  user_id: string;
  kind: 'totp' | 'totp_setup';
  ip: string | null;
  attempts: Generated<number>;
  created_at: CreatedAt;
  expires_at: Timestamp;
  consumed_at: Date | null;
  updated_at: UpdatedAt;
}

export interface LoginThrottleTable {
  key: string;
  failures: Generated<number>;
  lock_count: Generated<number>;
  locked_until: Date | null;
  last_failure_at: Date | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface AuthRolePoliciesTable {
  role_code: string;
  totp_required: Generated<boolean>;
  version: Generated<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface ApiTokensTable {
  id: Generated<string>;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: Json<string[]>;
  agency_id: string;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  expires_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
  last_used_at: Date | null;
}

export interface AuthTables {
  staff_credentials: StaffCredentialsTable;
  password_history: PasswordHistoryTable;
  sessions: SessionsTable;
  login_challenges: LoginChallengesTable;
  login_throttle: LoginThrottleTable;
  auth_role_policies: AuthRolePoliciesTable;
  api_tokens: ApiTokensTable;
}
