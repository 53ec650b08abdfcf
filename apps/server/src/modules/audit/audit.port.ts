import type { ActorContext } from '../../http/request-context.js';

export interface AuditEntry {
  /** Dotted verb, e.g. "user.create", "auth.login_failed", "calendar.year_update". */
  action: string;
  entityType: string;
  entityId: string | null;
  /** Agency the change belongs to: scopes who may read the row (null = system-wide). */
  agencyId: string | null;
  before?: unknown;
  after?: unknown;
  note?: string;
}

/**
 * The audit log (decorated as `app.audit`): append-only, each row hash-chained to the previous.
 * Call it in the same place as the change; pass `trx` to write inside the change's transaction.
 */
export interface AuditPort {
  record(actor: ActorContext, entry: AuditEntry, trx?: import('kysely').Transaction<import('../../db/schema.js').DB>): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    audit: AuditPort;
  }
}
