import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { actor, auditCount, entry, resetAuditLog, tamper } from '../../test/factories/audit.js';
import { createTestDatabase } from '../../test/test-db.js';
import { GENESIS_HASH, REDACTED } from './audit.canonical.js';
import { type AuditService, createAuditService, verifyAuditChain } from './audit.service.js';

type TestDb = Database & { dropSchema(): Promise<void> };

describe('audit log on a real database', () => {
  let database: TestDb;
  let audit: AuditService;

  beforeAll(async () => {
    database = await createTestDatabase();
    audit = createAuditService({ db: database.db, clock: () => new Date() });
  });
  afterAll(async () => database.dropSchema());
  // Each test starts from an empty chain (seq 1).
  beforeEach(async () => resetAuditLog(database));

  async function fill(n: number) {
    const out = [];
    for (let i = 0; i < n; i++) out.push(await audit.record(actor(), entry({ note: `dòng ${i + 1}` })));
    return out;
  }

  it('chains rows: seq 1, 2, 3… each prev_hash the previous hash, and verify passes', async () => {
    const recorded = await fill(3);
    expect(recorded.map((r) => r.seq)).toEqual([1, 2, 3]);
    const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    expect(rows.map((r) => r.prev_hash)).toEqual([GENESIS_HASH, rows[0]!.hash, rows[1]!.hash]);
    expect(await audit.verify()).toEqual({ ok: true, checked: 3, firstBroken: null });
    const head = await database.db
      .selectFrom('audit_chains')
      .selectAll()
      .where('chain_key', '=', 'system')
      .executeTakeFirstOrThrow();
    expect(head).toMatchObject({ seq: 3, hash: rows[2]!.hash });
    expect(rows.map((r) => [r.chain_key, r.chain_seq])).toEqual([
      ['system', 1],
      ['system', 2],
      ['system', 3],
    ]);
  });

  it('verifies an empty log', async () => {
    expect(await audit.verify()).toEqual({ ok: true, checked: 0, firstBroken: null });
  });

  it('stores who, from where and what, with secrets hidden', async () => {
    const who = actor({ actorName: 'Nguyễn Thị Hoa', ip: '192.168.1.9', userAgent: 'Firefox' });
    await audit.record(
      who,
      entry({
        action: 'user.password_reset',
        before: { passwordHash: 'h' },
        after: { password: 'Tạm123!', fullName: 'Hoa' },
      }),
    );
    const row = await database.db.selectFrom('audit_log').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      actor_kind: 'staff',
      actor_id: who.actorId,
      actor_name: 'Nguyễn Thị Hoa',
      ip: '192.168.1.9',
      user_agent: 'Firefox',
      request_id: who.requestId,
      action: 'user.password_reset',
      before: { passwordHash: REDACTED },
      after: { password: REDACTED, fullName: 'Hoa' },
    });
  });

  it('never forks under concurrent appends', async () => {
    await Promise.all(Array.from({ length: 25 }, (_, i) => audit.record(actor(), entry({ note: String(i) }))));
    const seqs = (await database.db.selectFrom('audit_log').select('seq').orderBy('seq').execute()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 25 });
  });

  it("writes inside the caller's transaction: a rollback takes the row away and keeps the chain whole", async () => {
    await fill(1);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await audit.record(actor(), entry({ note: 'sẽ bị hủy' }), trx);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await auditCount(database)).toBe(1);
    await database.db.transaction().execute(async (trx) => {
      await audit.record(actor(), entry({ note: 'giữ lại' }), trx);
    });
    expect(await audit.verify()).toEqual({ ok: true, checked: 2, firstBroken: null });
  });

  it('rejects a non-uuid agencyId instead of writing a row nobody can scope', async () => {
    await expect(audit.record(actor(), entry({ agencyId: 'xa-a' }))).rejects.toThrow(/uuid/);
  });

  it('refuses UPDATE, DELETE and TRUNCATE in the database itself', async () => {
    await fill(2);
    await expect(sql`update audit_log set note = 'sửa' where seq = 1`.execute(database.db)).rejects.toThrow(
      /chỉ được ghi thêm/,
    );
    await expect(sql`delete from audit_log where seq = 2`.execute(database.db)).rejects.toThrow(/chỉ được ghi thêm/);
    await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/chỉ được ghi thêm/);
    await expect(sql`delete from audit_chains`.execute(database.db)).rejects.toThrow(/Không được/);
    expect(await auditCount(database)).toBe(2);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 2 });
  });

  describe('finds tampering done with the trigger switched off', () => {
    it('an edited row is reported itself', async () => {
      const rows = await fill(5);
      await tamper(database, `update audit_log set after = '{"fullName":"Kẻ gian"}' where seq = 3`);
      const result = await audit.verify();
      expect(result).toEqual({
        ok: false,
        checked: 2,
        firstBroken: {
          seq: 3,
          chain: 'system',
          chainSeq: 3,
          id: rows[2]!.id,
          at: expect.any(String),
          reason: 'hash_mismatch',
          detail: expect.stringContaining('bị sửa'),
        },
      });
    });

    it('an edited row whose hash was recomputed breaks the link of the next row', async () => {
      await fill(4);
      await tamper(database, `update audit_log set hash = repeat('a', 64) where seq = 2`);
      // Row 2's stored hash no longer matches its content, so row 2 is the first broken one.
      expect((await audit.verify()).firstBroken).toMatchObject({ seq: 2, reason: 'hash_mismatch' });
    });

    it('a deleted row is reported at the row after the gap', async () => {
      const rows = await fill(5);
      await tamper(database, `delete from audit_log where seq = 2`);
      expect((await audit.verify()).firstBroken).toMatchObject({ seq: 3, id: rows[2]!.id, reason: 'seq_gap' });
    });

    it('deleted last rows are reported as missing', async () => {
      await fill(4);
      await tamper(database, `delete from audit_log where seq >= 3`);
      expect(await audit.verify()).toMatchObject({
        ok: false,
        checked: 2,
        firstBroken: { seq: 3, id: null, at: null, reason: 'missing_rows' },
      });
    });

    it('a row slipped in past the head is reported', async () => {
      const rows = await fill(2);
      await tamper(
        database,
        `insert into audit_log (id, seq, at, actor_kind, action, entity_type, prev_hash, hash)
         values (gen_random_uuid(), 3, now(), 'system', 'x.y', 'x', '${rows[1]!.hash}', repeat('b', 64))`,
      );
      expect((await audit.verify()).firstBroken).toMatchObject({ seq: 3, reason: 'rows_beyond_head' });
    });

    it('walks many batches and still points at the exact row', async () => {
      const rows = await fill(23);
      await tamper(database, `update audit_log set actor_name = 'ai đó' where seq = 17`);
      const result = await verifyAuditChain(database.db, { batchSize: 4 });
      expect(result).toMatchObject({
        ok: false,
        checked: 16,
        firstBroken: { seq: 17, id: rows[16]!.id, reason: 'hash_mismatch' },
      });
    });
  });
});

describe('audit log export iteration', () => {
  let database: TestDb;
  let audit: AuditService;
  beforeAll(async () => {
    database = await createTestDatabase();
    audit = createAuditService({ db: database.db, clock: () => new Date() });
    for (let i = 0; i < 7; i++) await audit.record(actor(), entry({ action: i % 2 ? 'user.lock' : 'agency.update' }));
  });
  afterAll(async () => database.dropSchema());

  const everything = { agencyIds: [], systemWide: true };

  it('yields every matching row newest first across batches, and stops at the cap', async () => {
    const all = [];
    for await (const r of audit.iterate({}, everything, 100, 3)) all.push(r.seq);
    expect(all).toEqual([7, 6, 5, 4, 3, 2, 1]);
    const capped = [];
    for await (const r of audit.iterate({}, everything, 5, 2)) capped.push(r.seq);
    expect(capped).toEqual([7, 6, 5, 4, 3]);
    expect(await audit.exceeds({}, everything, 6)).toBe(true);
    expect(await audit.exceeds({}, everything, 7)).toBe(false);
  });

  it('filters by action prefix', async () => {
    const rows = await audit.list({ action: 'user.*' }, everything, { beforeSeq: null, limit: 50 });
    expect(rows.map((r) => r.action)).toEqual(['user.lock', 'user.lock', 'user.lock']);
  });

  it('a scope without agencies or system rows sees nothing', async () => {
    expect(await audit.list({}, { agencyIds: [], systemWide: false }, { beforeSeq: null, limit: 50 })).toEqual([]);
  });
});
