import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  actOn,
  createCommune,
  createProvince,
  type Headers,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
} from './dossiers.factories.js';

/**
 * The inbox cache (dossiers.inbox-cache.ts) seen from two nodes on one database: node A keeps answers, node B
 * keeps none. Whatever is written through either node, and whatever time it is, A must answer exactly as B.
 */
describe('inbox answers kept by a node', () => {
  let t: TestApp;
  let b: FastifyInstance;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let other: Awaited<ReturnType<typeof createCommune>>;
  let procedureCode: string;
  let officer: Headers;

  // Monday 16 March 2026, 09:00 in Hà Nội.
  const START = new Date('2026-03-16T02:00:00Z');

  beforeAll(async () => {
    t = await createTestApp({ now: START });
    b = await buildApp({
      config: loadConfig({ ...process.env, NODE_ENV: 'test', SEED_DEMO: 'false', INBOX_CACHE_ENTRIES: '0' }),
      database: t.database,
      clock: () => t.app.clock(),
    });
    await b.ready();
    const { province, admin } = await createProvince(t.app);
    a = await createCommune(t.app, province.id, 'UBND xã An Bộ Nhớ');
    other = await createCommune(t.app, province.id, 'UBND xã Bình Bộ Nhớ');
    procedureCode = (await publishedProcedure(t.app, await session(t.app, admin), [a.agency.id, other.agency.id], 3))
      .code;
    officer = await session(t.app, a.officer);
  }, 120_000);
  afterAll(async () => {
    await b.close();
    await t.close();
  });

  const inbox = async (node: FastifyInstance, headers: Headers, query = '') => {
    const res = await node.inject({ method: 'GET', url: `/api/v1/dossiers${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: { code: string; deadlineStatus: string | null }[]; counts: { overdue: number } }>();
  };
  /** A's answer, checked against B's (no cache) for the same caller at the same instant. */
  const sameOnBothNodes = async (headers: Headers, query = '') => {
    const fromA = await inbox(t.app, headers, query);
    expect(fromA).toEqual(await inbox(b, headers, query));
    return fromA;
  };
  const stats = () => t.app.dossiers.inboxCacheStats();

  it('gives the same answer again from memory while nothing changed', async () => {
    await receiveDossier(t.app, officer, receptionBody(procedureCode, a.agency.id, 'Đỗ Văn Một'));
    const first = await sameOnBothNodes(officer);
    const before = stats();
    expect(await inbox(t.app, officer)).toEqual(first);
    expect(stats().hits).toBe(before.hits + 1);
    expect(stats().misses).toBe(before.misses);
  });

  it('computes afresh when the client sends Cache-Control: no-cache', async () => {
    const first = await sameOnBothNodes(officer);
    const before = stats();
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/dossiers',
      headers: { ...officer, 'cache-control': 'no-cache' },
    });
    expect(res.json()).toEqual(first);
    expect(stats()).toMatchObject({ hits: before.hits, misses: before.misses + 1 });
  });

  it('sees a dossier received through another node', async () => {
    await sameOnBothNodes(officer);
    const { code } = await receiveDossier(b, officer, receptionBody(procedureCode, a.agency.id, 'Đỗ Văn Hai'));
    const after = await sameOnBothNodes(officer);
    expect(after.items.map((i) => i.code)).toContain(code);
  });

  it('sees an action taken through another node', async () => {
    const { code, version } = await receiveDossier(t.app, officer, receptionBody(procedureCode, a.agency.id));
    const mine = await sameOnBothNodes(officer, '?scope=mine');
    expect(mine.items.map((i) => i.code)).toContain(code);
    const res = await actOn(b, officer, code, 'forward', { version });
    expect(res.statusCode, res.body).toBe(200);
    const after = await sameOnBothNodes(officer, '?scope=mine');
    expect(after.items.map((i) => i.code)).not.toContain(code);
  });

  it('moves a dossier to overdue when its due date passes, with no write at all', async () => {
    const { code, dueAt } = await receiveDossier(t.app, officer, receptionBody(procedureCode, a.agency.id, 'Hạn'));
    const before = await sameOnBothNodes(officer);
    expect(before.items.find((i) => i.code === code)?.deadlineStatus).not.toBe('overdue');
    t.setNow(new Date(Date.parse(dueAt) + 60_000));
    officer = await session(t.app, a.officer);
    const after = await sameOnBothNodes(officer);
    expect(after.items.find((i) => i.code === code)?.deadlineStatus).toBe('overdue');
    expect(after.counts.overdue).toBeGreaterThan(before.counts.overdue);
  });

  it("never gives one officer's answer to an officer of another commune", async () => {
    const mineA = await sameOnBothNodes(officer);
    const officerOther = await session(t.app, other.officer);
    const theirs = await sameOnBothNodes(officerOther);
    expect(theirs.items).toEqual([]);
    expect(mineA.items.length).toBeGreaterThan(0);
  });
});
