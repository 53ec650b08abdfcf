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
  /** The row's hash chain: its agency_id, or 'system' (0023_dossier_inbox_indexes.sql, ADR 0007). */
  chain_key: ColumnType<string, string | undefined, never>;
  /** Position in the chain; null for rows written before 0023 (hash version 1, position = seq). */
  chain_seq: ColumnType<number | null, number | null | undefined, never>;
  /** Generated: coalesce(chain_seq, seq). */
  chain_pos: ColumnType<number, never, never>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** One row per chain: its last position and hash; locked by every append to that chain. */
export interface AuditChainsTable {
  chain_key: ColumnType<string, string, never>;
  seq: number;
  hash: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Kysely row types of the audit module's tables (kept in step with its migrations). */
export interface AuditTables {
  audit_log: AuditLogTable;
  audit_chains: AuditChainsTable;
}
