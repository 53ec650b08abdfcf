import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ActorContext } from '../../http/request-context.js';
import type { VerifyResult } from './audit.service.js';

export interface AuditEntry {
  /** Dotted verb, e.g. "user.create", "auth.login_failed", "calendar.year_update" (1–100 characters). */
  action: string;
  entityType: string;
  entityId: string | null;
  /** Agency the change belongs to (a uuid): scopes who may read the row (null = system-wide). */
  agencyId: string | null;
  /** Values are stored as JSON; keys such as password, password_hash, token, secret, totp… become "[đã ẩn]". */
  before?: unknown;
  after?: unknown;
  note?: string;
}

/** What was appended: the row's id, its global seq, its chain and place in it, and its hash. */
export interface AuditRecorded {
  id: string;
  seq: number;
  /** Always set by the real service; optional so that test doubles may leave them out. */
  chain?: string;
  chainSeq?: number;
  hash: string;
}

/**
 * The audit log (decorated as `app.audit`): append-only, each row hash-chained to the previous.
 * Call it in the same place as the change; pass `trx` to write inside the change's transaction
 * (then call it last in that transaction: the head of the agency's chain stays locked until commit;
 * one chain per agency, ADR 0007). Inside a
 * transaction always pass `trx` — on PGlite a second, nested transaction would wait forever.
 */
export interface AuditPort {
  record(actor: ActorContext, entry: AuditEntry, trx?: Transaction<DB>): Promise<AuditRecorded>;
  /** Recomputes every chain and returns the first broken row, if any. */
  verify(): Promise<VerifyResult>;
}

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditPort;
  }
}
