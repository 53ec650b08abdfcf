import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.js';
import { actor, entry, resetAuditLog, tamper } from '../../test/factories/audit.js';
import { createTestDatabase } from '../../test/test-db.js';
import { GENESIS_HASH, computeHash } from './audit.canonical.js';
import { type AuditService, createAuditService } from './audit.service.js';

type TestDb = Database & { dropSchema(): Promise<void> };

// One hash chain per agency (ADR 0007, migration 0023).
const A = '0b7c4f6e-1111-4a2b-9c3d-000000000001';
const B = '0b7c4f6e-2222-4a2b-9c3d-000000000002';

describe('audit log: one chain per agency', () => {
  let database: TestDb;
  let audit: AuditService;

  beforeAll(async () => {
    database = await createTestDatabase();
    audit = createAuditService({ db: database.db, clock: () => new Date() });
  });
  afterAll(async () => database.dropSchema());
  beforeEach(async () => resetAuditLog(database));

  /** Interleaves rows of agency A, agency B and the system chain: A B S A B A. */
  async function interleave() {
    const out = [];
    for (const agencyId of [A, B, null, A, B, A]) out.push(await audit.record(actor(), entry({ agencyId })));
    return out;
  }

  it('links each row to the previous row of its own chain, with a global seq over all chains', async () => {
    const recorded = await interleave();
    expect(recorded.map((r) => [r.seq, r.chain, r.chainSeq])).toEqual([
      [1, A, 1],
      [2, B, 1],
      [3, 'system', 1],
      [4, A, 2],
      [5, B, 2],
      [6, A, 3],
    ]);
    const rows = await database.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const r = recorded.map((x) => byId.get(x.id)!);
    expect(r.map((x) => x.prev_hash)).toEqual([
      GENESIS_HASH,
      GENESIS_HASH,
      GENESIS_HASH,
      r[0]!.hash,
      r[1]!.hash,
      r[3]!.hash,
    ]);
    const heads = await database.db.selectFrom('audit_chains').select(['chain_key', 'seq', 'hash']).execute();
    expect(new Map(heads.map((h) => [h.chain_key, [Number(h.seq), h.hash]]))).toEqual(
      new Map([
        ['system', [1, r[2]!.hash]],
        [A, [3, r[5]!.hash]],
        [B, [2, r[4]!.hash]],
      ]),
    );
    expect(await audit.verify()).toEqual({ ok: true, checked: 6, firstBroken: null });
  });

  it('appends to different chains concurrently and keeps every chain gap-free', async () => {
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => audit.record(actor(), entry({ agencyId: i % 2 === 0 ? A : B }))),
    );
    const rows = await database.db
      .selectFrom('audit_log')
      .select(['chain_key', 'chain_seq'])
      .orderBy('chain_key')
      .orderBy('chain_seq')
      .execute();
    expect(rows.map((x) => `${x.chain_key === A ? 'A' : 'B'}${x.chain_seq}`)).toEqual([
      'A1',
      'A2',
      'A3',
      'A4',
      'A5',
      'A6',
      'B1',
      'B2',
      'B3',
      'B4',
      'B5',
      'B6',
    ]);
    expect(await audit.verify()).toMatchObject({ ok: true, checked: 12 });
  });

  it('reports an edited row of one chain with its chain and position', async () => {
    const recorded = await interleave();
    const victim = recorded[4]!; // B, position 2
    await tamper(database, `update audit_log set note = 'sửa' where id = '${victim.id}'`);
    expect((await audit.verify()).firstBroken).toMatchObject({
      seq: 5,
      chain: B,
      chainSeq: 2,
      id: victim.id,
      reason: 'hash_mismatch',
    });
  });

  it('reports a row deleted inside one chain at the next row of that chain', async () => {
    const recorded = await interleave();
    await tamper(database, `delete from audit_log where id = '${recorded[3]!.id}'`); // A, position 2
    expect((await audit.verify()).firstBroken).toMatchObject({
      seq: 6,
      chain: A,
      chainSeq: 3,
      id: recorded[5]!.id,
      reason: 'seq_gap',
    });
  });

  it('reports a row moved to another chain', async () => {
    const recorded = await interleave();
    // B's last row re-labelled as A's position 4: B misses a row and A has one beyond its head.
    await tamper(database, `update audit_log set chain_key = '${A}', chain_seq = 4 where id = '${recorded[4]!.id}'`);
    expect((await audit.verify()).firstBroken).toMatchObject({ chain: B, chainSeq: 2, reason: 'missing_rows' });
  });

  it('reports rows of a chain that has no head', async () => {
    const recorded = await interleave();
    const other = '0b7c4f6e-3333-4a2b-9c3d-000000000003';
    await tamper(database, `update audit_log set chain_key = '${other}' where id = '${recorded[5]!.id}'`);
    // A then misses its last row first.
    expect((await audit.verify()).firstBroken).toMatchObject({ chain: A, chainSeq: 3, reason: 'missing_rows' });
  });

  it('keeps verifying rows written before chains existed (hash version 1) at the start of the system chain', async () => {
    // A row as 0004_audit.sql wrote it: no chain_seq, hash version 1 over its seq.
    const at = new Date('2026-01-15T01:00:00.123Z');
    const legacy = {
      seq: 1,
      id: '6f1c2a52-8f0e-4b53-9f4d-0a7c1b2d3e4f',
      at,
      actorKind: 'system' as const,
      actorId: null,
      actorName: null,
      ip: null,
      userAgent: null,
      requestId: null,
      action: 'legacy.row',
      entityType: 'x',
      entityId: null,
      agencyId: null,
      before: null,
      after: null,
      note: null,
      prevHash: GENESIS_HASH,
    };
    const hash = computeHash(legacy);
    await tamper(
      database,
      `insert into audit_log (id, seq, at, actor_kind, action, entity_type, prev_hash, hash)
       values ('${legacy.id}', 1, '${at.toISOString()}', 'system', 'legacy.row', 'x', '${GENESIS_HASH}', '${hash}');
       update audit_chains set seq = 1, hash = '${hash}' where chain_key = 'system';
       alter sequence audit_log_seq restart with 2`,
    );
    const next = await audit.record(actor(), entry({ agencyId: null }));
    expect(next).toMatchObject({ seq: 2, chain: 'system', chainSeq: 2 });
    expect(await audit.verify()).toEqual({ ok: true, checked: 2, firstBroken: null });
    await tamper(database, `update audit_log set action = 'legacy.edited' where seq = 1`);
    expect((await audit.verify()).firstBroken).toMatchObject({ seq: 1, chain: 'system', reason: 'hash_mismatch' });
  });
});
