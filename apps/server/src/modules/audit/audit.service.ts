import { uuidv7 } from '../../db/uuidv7.js';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Clock } from '../../http/fastify-augment.js';
import type { ActorContext } from '../../http/request-context.js';
import {
  GENESIS_HASH,
  SYSTEM_CHAIN,
  type ChainFields,
  cleanNullableText,
  computeHash,
  toAuditJson,
} from './audit.canonical.js';
import type { AuditEntry, AuditRecorded } from './audit.port.js';
import {
  type AuditFilter,
  type AuditRepository,
  type AuditRowRecord,
  type AuditScope,
  createAuditRepository,
} from './audit.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Why the chain is broken at a row (stable codes; Vietnamese text in VERIFY_REASONS). */
export type BrokenReason =
  'hash_mismatch' | 'prev_hash_mismatch' | 'seq_gap' | 'missing_rows' | 'head_mismatch' | 'rows_beyond_head';

export const VERIFY_REASONS: Record<BrokenReason, string> = {
  hash_mismatch: 'Nội dung dòng đã bị sửa: mã băm tính lại không khớp mã băm đã lưu.',
  prev_hash_mismatch:
    'Liên kết với dòng trước bị đứt: prev_hash không khớp mã băm của dòng trước (có dòng bị xóa, chèn hoặc sửa).',
  seq_gap: 'Thiếu dòng ngay trước dòng này (số thứ tự không liên tục): có dòng đã bị xóa.',
  missing_rows: 'Các dòng cuối của nhật ký đã bị xóa: đầu chuỗi ghi nhận nhiều dòng hơn số dòng còn lại.',
  head_mismatch: 'Dòng cuối không khớp với đầu chuỗi đã ghi nhận (dòng cuối bị thay thế).',
  rows_beyond_head: 'Có dòng được chèn vào cuối nhật ký ngoài cơ chế ghi của hệ thống.',
};

export interface BrokenRow {
  /** The row's global seq; for missing rows (no row to read) its expected position in the chain. */
  seq: number;
  /** The chain the row belongs to: an agency uuid or 'system' (ADR 0007). */
  chain: string;
  /** Position of the row in its chain. */
  chainSeq: number;
  /** null when the row is missing (reason missing_rows). */
  id: string | null;
  at: string | null;
  reason: BrokenReason;
  /** Vietnamese explanation for people. */
  detail: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Rows whose hash and link were checked. */
  checked: number;
  firstBroken: BrokenRow | null;
}

export function fieldsOf(row: AuditRowRecord): ChainFields {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    actorKind: row.actor_kind,
    actorId: row.actor_id,
    actorName: row.actor_name,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    agencyId: row.agency_id,
    before: row.before,
    after: row.after,
    note: row.note,
    prevHash: row.prev_hash,
    chain: row.chain_seq === null ? null : row.chain_key,
    chainSeq: row.chain_seq === null ? null : Number(row.chain_seq),
  };
}

const broken = (chain: string, chainSeq: number, row: AuditRowRecord | null, reason: BrokenReason): BrokenRow => ({
  seq: row ? Number(row.seq) : chainSeq,
  chain,
  chainSeq,
  id: row?.id ?? null,
  at: row ? row.at.toISOString() : null,
  reason,
  detail: VERIFY_REASONS[reason],
});

/**
 * Walks every chain (the system chain first, then one per agency) in position order, in batches,
 * and returns the first row that does not hold. For each row: its position follows the previous
 * one, prev_hash equals the previous row's stored hash in the same chain, and the hash recomputed
 * from the row's fields equals its stored hash. A row whose content was edited is reported itself
 * (hash_mismatch); a deleted row is reported at the row after the gap. Then rows beyond a chain's
 * head, or in a chain without a head, are reported (rows_beyond_head).
 * Works on a bare Kysely instance so that the CLI can run it without the app.
 */
export async function verifyAuditChain(
  db: Kysely<DB>,
  options: { batchSize?: number; repository?: AuditRepository } = {},
): Promise<VerifyResult> {
  const repo = options.repository ?? createAuditRepository();
  const batchSize = options.batchSize ?? 1000;
  // Rows committed after this read are left to the next check (their head update is not seen yet).
  const heads = await repo.readHeads(db);
  let checked = 0;
  for (const head of heads) {
    const chain = head.chain_key;
    let expected = 1;
    let prevHash = GENESIS_HASH;
    let last: AuditRowRecord | null = null;
    for (;;) {
      const rows = await repo.chainBatch(db, chain, expected - 1, head.seq, batchSize);
      for (const row of rows) {
        const pos = Number(row.chain_pos);
        if (pos !== expected) return { ok: false, checked, firstBroken: broken(chain, pos, row, 'seq_gap') };
        if (row.prev_hash !== prevHash)
          return { ok: false, checked, firstBroken: broken(chain, pos, row, 'prev_hash_mismatch') };
        // A version 1 row (no chain_seq) exists only in the system chain.
        if (computeHash(fieldsOf(row)) !== row.hash || (row.chain_seq === null && chain !== SYSTEM_CHAIN))
          return { ok: false, checked, firstBroken: broken(chain, pos, row, 'hash_mismatch') };
        checked += 1;
        prevHash = row.hash;
        expected = pos + 1;
        last = row;
      }
      if (rows.length < batchSize) break;
    }
    const lastPos = expected - 1;
    if (lastPos < head.seq)
      return { ok: false, checked, firstBroken: broken(chain, lastPos + 1, null, 'missing_rows') };
    if (last && head.hash !== last.hash)
      return { ok: false, checked, firstBroken: broken(chain, lastPos, last, 'head_mismatch') };
  }
  // Max first, heads second: a committed row's head update is committed with it, so head >= max.
  const maxima = await repo.maxPositions(db);
  const headsNow = new Map((await repo.readHeads(db)).map((h) => [h.chain_key, h.seq]));
  for (const [chain, max] of maxima) {
    const headSeq = headsNow.get(chain) ?? 0;
    if (max > headSeq) {
      const extra = await repo.chainBatch(db, chain, headSeq, max, 1);
      return { ok: false, checked, firstBroken: broken(chain, headSeq + 1, extra[0] ?? null, 'rows_beyond_head') };
    }
  }
  return { ok: true, checked, firstBroken: null };
}

export interface AuditServiceDeps {
  db: Kysely<DB>;
  clock: Clock;
}

export function createAuditService({ db, clock }: AuditServiceDeps) {
  const repo = createAuditRepository();

  async function appendIn(trx: Transaction<DB>, actor: ActorContext, entry: AuditEntry): Promise<AuditRecorded> {
    const action = entry.action.trim();
    if (action.length === 0 || action.length > 100) throw new Error(`audit: action không hợp lệ: "${entry.action}"`);
    if (entry.entityType.trim().length === 0) throw new Error('audit: thiếu entityType');
    if (entry.agencyId !== null && !UUID.test(entry.agencyId))
      throw new Error(`audit: agencyId không phải uuid: ${entry.agencyId}`);
    const agencyId = entry.agencyId === null ? null : entry.agencyId.toLowerCase();
    // One chain per agency (ADR 0007): receptions of different communes do not wait for each other.
    const chain = agencyId ?? SYSTEM_CHAIN;
    const head = await repo.lockHead(trx, chain);
    const fields: ChainFields = {
      seq: head.globalSeq,
      chain,
      chainSeq: head.seq + 1,
      id: uuidv7(),
      // Whole milliseconds: what timestamptz gives back is exactly what was hashed.
      at: new Date(clock().getTime()),
      actorKind: actor.actorKind,
      actorId: cleanNullableText(actor.actorId, 200),
      actorName: cleanNullableText(actor.actorName, 300),
      ip: cleanNullableText(actor.ip, 100),
      userAgent: cleanNullableText(actor.userAgent, 500),
      requestId: cleanNullableText(actor.requestId, 100),
      action: cleanNullableText(action, 100) ?? action,
      entityType: cleanNullableText(entry.entityType, 100) ?? entry.entityType,
      entityId: cleanNullableText(entry.entityId, 200),
      agencyId,
      before: toAuditJson(entry.before),
      after: toAuditJson(entry.after),
      note: cleanNullableText(entry.note, 2000),
      prevHash: head.hash,
    };
    const hash = computeHash(fields);
    await repo.append(trx, {
      id: fields.id,
      seq: fields.seq,
      at: fields.at,
      actor_kind: fields.actorKind,
      actor_id: fields.actorId,
      actor_name: fields.actorName,
      ip: fields.ip,
      user_agent: fields.userAgent,
      request_id: fields.requestId,
      action: fields.action,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      agency_id: fields.agencyId,
      before: fields.before,
      after: fields.after,
      note: fields.note,
      prev_hash: fields.prevHash,
      hash,
      chain_key: chain,
      chain_seq: head.seq + 1,
    });
    return { id: fields.id, seq: fields.seq, chain, chainSeq: head.seq + 1, hash };
  }

  return {
    /**
     * Appends one row. With `trx`, inside the caller's transaction (the row and the change commit
     * or roll back together; the chain head stays locked until then, so call it last). Without,
     * in a transaction of its own. Never call it without `trx` while holding a transaction: on
     * PGlite (one connection) that waits forever.
     */
    async record(actor: ActorContext, entry: AuditEntry, trx?: Transaction<DB>) {
      if (trx) return appendIn(trx, actor, entry);
      return db.transaction().execute((t) => appendIn(t, actor, entry));
    },

    verify(): Promise<VerifyResult> {
      return verifyAuditChain(db, { repository: repo });
    },

    list(filter: AuditFilter, scope: AuditScope, page: { beforeSeq: number | null; limit: number }) {
      return repo.list(db, filter, scope, page);
    },

    /** True when more than `cap` rows match (the export then stops at `cap`). */
    async exceeds(filter: AuditFilter, scope: AuditScope, cap: number): Promise<boolean> {
      const rows = await repo.list(db, filter, scope, { beforeSeq: null, limit: 1, offset: cap });
      return rows.length > 0;
    },

    /** Every matching row, newest first, fetched `batchSize` at a time, at most `cap`. */
    async *iterate(
      filter: AuditFilter,
      scope: AuditScope,
      cap: number,
      batchSize = 1000,
    ): AsyncGenerator<AuditRowRecord> {
      let beforeSeq: number | null = null;
      let sent = 0;
      while (sent < cap) {
        const want = Math.min(batchSize, cap - sent);
        const rows: AuditRowRecord[] = await repo.list(db, filter, scope, { beforeSeq, limit: want });
        for (const row of rows) yield row;
        sent += rows.length;
        const last = rows[rows.length - 1];
        if (!last || rows.length < want) break;
        beforeSeq = Number(last.seq);
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
