import type { ColumnType } from 'kysely';

/** Append-only: every column is written once at insert and never updated (see 0004_audit.sql). */
type Once<T> = ColumnType<T, T, never>;

export type ActorKind = 'staff' | 'citizen' | 'token' | 'anonymous' | 'system';

export interface AuditLogTable {
  id: Once<string>;
  seq: Once<number>;
  at: Once<Date>;
  actor_kind: Once<ActorKind>;
  actor_id: Once<string | null>;
  actor_name: Once<string | null>;
  ip: Once<string | null>;
  user_agent: Once<string | null>;
  request_id: Once<string | null>;
  action: Once<string>;
  entity_type: Once<string>;
  entity_id: Once<string | null>;
  agency_id: Once<string | null>;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  note: Once<string | null>;
  prev_hash: Once<string>;
  hash: Once<string>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** The single row holding the last seq and hash of the chain; locked by every append. */
export interface AuditChainHeadTable {
  id: ColumnType<boolean, boolean | undefined, never>;
  seq: number;
  hash: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Kysely row types of the audit module's tables (kept in step with its migrations). */
export interface AuditTables {
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
}
