import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AuditLogTable } from './audit.tables.js';

export type AuditRowRecord = Selectable<AuditLogTable>;
type Db = Kysely<DB> | Transaction<DB>;

export interface NewAuditRow {
  id: string;
  seq: number;
  at: Date;
  actor_kind: AuditRowRecord['actor_kind'];
  actor_id: string | null;
  actor_name: string | null;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  agency_id: string | null;
  before: unknown;
  after: unknown;
  note: string | null;
  prev_hash: string;
  hash: string;
}

/** Filters of the list and the CSV export (all optional, combined with AND). */
export interface AuditFilter {
  from?: Date;
  to?: Date;
  actorId?: string;
  /** Exact action, or a prefix when it ends with "*" ("user.*"). */
  action?: string;
  entityType?: string;
  entityId?: string;
  agencyId?: string;
}

/**
 * Which rows the caller may read: rows of these agencies, plus the system-wide rows
 * (agency_id null) when `systemWide` is true. See audit.scope.ts for the rule.
 */
export interface AuditScope {
  agencyIds: string[];
  systemWide: boolean;
}

const toJsonParam = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/**
 * The only code touching the audit tables. `append` must run inside a transaction: it locks the
 * chain head row (FOR UPDATE), so concurrent appends queue up and each sees the previous hash.
 */
export function createAuditRepository() {
  return {
    async lockHead(trx: Transaction<DB>): Promise<{ seq: number; hash: string }> {
      return trx
        .selectFrom('audit_chain_head')
        .select(['seq', 'hash'])
        .where('id', '=', true)
        .forUpdate()
        .executeTakeFirstOrThrow();
    },

    async append(trx: Transaction<DB>, row: NewAuditRow): Promise<void> {
      await trx
        .insertInto('audit_log')
        .values({ ...row, before: toJsonParam(row.before), after: toJsonParam(row.after) })
        .execute();
      await trx
        .updateTable('audit_chain_head')
        .set({ seq: row.seq, hash: row.hash, updated_at: sql<Date>`now()` })
        .where('id', '=', true)
        .execute();
    },

    async readHead(db: Db): Promise<{ seq: number; hash: string }> {
      return db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', true).executeTakeFirstOrThrow();
    },

    async maxSeq(db: Db): Promise<number> {
      const r = await db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.max('seq').as('max'))
        .executeTakeFirst();
      return r?.max === null || r?.max === undefined ? 0 : Number(r.max);
    },

    /** Rows with afterSeq < seq <= uptoSeq in chain order, at most `limit`. */
    async chainBatch(db: Db, afterSeq: number, uptoSeq: number, limit: number): Promise<AuditRowRecord[]> {
      return db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', afterSeq)
        .where('seq', '<=', uptoSeq)
        .orderBy('seq', 'asc')
        .limit(limit)
        .execute();
    },

    /** Newest first; `beforeSeq` is the cursor (the last seq of the previous page). */
    async list(
      db: Db,
      filter: AuditFilter,
      scope: AuditScope,
      page: { beforeSeq: number | null; limit: number; offset?: number },
    ): Promise<AuditRowRecord[]> {
      let q = db.selectFrom('audit_log').selectAll();
      q = q.where((eb) => {
        const parts = [];
        if (scope.agencyIds.length > 0) parts.push(eb('agency_id', 'in', scope.agencyIds));
        if (scope.systemWide) parts.push(eb('agency_id', 'is', null));
        return parts.length > 0 ? eb.or(parts) : eb.val(false);
      });
      if (filter.agencyId !== undefined) q = q.where('agency_id', '=', filter.agencyId);
      if (filter.from) q = q.where('at', '>=', filter.from);
      if (filter.to) q = q.where('at', '<', filter.to);
      if (filter.actorId !== undefined) q = q.where('actor_id', '=', filter.actorId);
      if (filter.entityType !== undefined) q = q.where('entity_type', '=', filter.entityType);
      if (filter.entityId !== undefined) q = q.where('entity_id', '=', filter.entityId);
      if (filter.action !== undefined) {
        if (filter.action.endsWith('*')) {
          const prefix = filter.action.slice(0, -1).replace(/[\\%_]/g, (c) => `\\${c}`);
          q = q.where('action', 'like', `${prefix}%`);
        } else {
          q = q.where('action', '=', filter.action);
        }
      }
      if (page.beforeSeq !== null) q = q.where('seq', '<', page.beforeSeq);
      q = q.orderBy('seq', 'desc').limit(page.limit);
      if (page.offset) q = q.offset(page.offset);
      return q.execute();
    },

    async tableExists(db: Db): Promise<boolean> {
      const r = await sql<{ ok: boolean }>`select to_regclass('audit_log') is not null as ok`.execute(db);
      return r.rows[0]?.ok === true;
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
