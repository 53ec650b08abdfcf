import { type Kysely, type Selectable, type Transaction, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { GENESIS_HASH } from './audit.canonical.js';
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
  chain_key: string;
  chain_seq: number;
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
 * The only code touching the audit tables. `append` must run inside a transaction after `lockHead`:
 * the head row of the row's chain stays locked until commit, so concurrent appends to that chain
 * queue up and each sees the previous hash (one chain per agency, ADR 0007).
 */
export function createAuditRepository() {
  return {
    /**
     * Locks the head of one chain (creating it at position 0 on its first use) and takes the next
     * global seq, in one statement: ON CONFLICT DO UPDATE locks the existing row until commit, so
     * concurrent appends to the same chain queue up while other chains go on.
     */
    async lockHead(trx: Transaction<DB>, chainKey: string): Promise<{ seq: number; hash: string; globalSeq: number }> {
      const r = await sql<{ seq: string | number; hash: string; global_seq: string | number }>`
        insert into audit_chains (chain_key, seq, hash) values (${chainKey}, 0, ${GENESIS_HASH})
        on conflict (chain_key) do update set seq = audit_chains.seq
        returning seq, hash, nextval('audit_log_seq') as global_seq`.execute(trx);
      const row = r.rows[0];
      if (!row) throw new Error('audit: không khóa được đầu chuỗi');
      return { seq: Number(row.seq), hash: row.hash, globalSeq: Number(row.global_seq) };
    },

    /** The row and the new chain head in one round trip (a data-modifying CTE runs even when unreferenced). */
    async append(trx: Transaction<DB>, row: NewAuditRow): Promise<void> {
      await trx
        .with('appended', (db) =>
          db
            .insertInto('audit_log')
            .values({ ...row, before: toJsonParam(row.before), after: toJsonParam(row.after) })
            .returning('chain_pos'),
        )
        .updateTable('audit_chains')
        .set({ seq: row.chain_seq, hash: row.hash, updated_at: sql<Date>`now()` })
        .where('chain_key', '=', row.chain_key)
        .execute();
    },

    /** Every chain head, the system chain first. */
    async readHeads(db: Db): Promise<{ chain_key: string; seq: number; hash: string }[]> {
      const rows = await db
        .selectFrom('audit_chains')
        .select(['chain_key', 'seq', 'hash'])
        .orderBy(sql`chain_key <> 'system'`)
        .orderBy('chain_key')
        .execute();
      return rows.map((r) => ({ chain_key: r.chain_key, seq: Number(r.seq), hash: r.hash }));
    },

    /** The last position of every chain that has rows (including chains without a head row). */
    async maxPositions(db: Db): Promise<Map<string, number>> {
      const rows = await db
        .selectFrom('audit_log')
        .select((eb) => ['chain_key', eb.fn.max('chain_pos').as('max')])
        .groupBy('chain_key')
        .execute();
      return new Map(rows.map((r) => [r.chain_key, Number(r.max)]));
    },

    /** Rows of one chain with afterPos < chain_pos <= uptoPos in chain order, at most `limit`. */
    async chainBatch(
      db: Db,
      chainKey: string,
      afterPos: number,
      uptoPos: number,
      limit: number,
    ): Promise<AuditRowRecord[]> {
      return db
        .selectFrom('audit_log')
        .selectAll()
        .where('chain_key', '=', chainKey)
        .where('chain_pos', '>', afterPos)
        .where('chain_pos', '<=', uptoPos)
        .orderBy('chain_pos', 'asc')
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
