import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../modules/auth/testing.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { seedDossiersDemo } from './dossiers.seed.js';
import { seedOrgDemo } from './org.seed.js';
import { seedProceduresDemo } from './procedures.seed.js';

describe('dossiers demo seed', () => {
  let t: TestApp;
  const statuses = async () =>
    (
      await sql<{
        status: string;
        n: number;
      }>`select status, count(*)::int as n from dossiers group by status order by status`.execute(t.app.database.db)
    ).rows;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-11-24T10:00:00+07:00') }); // a Tuesday
    await seedOrgDemo(t.app);
    await seedProceduresDemo(t.app);
    await seedDossiersDemo(t.app);
  }, 300_000);
  afterAll(async () => t.close());

  it('creates about 40 dossiers in every state an officer can reach, once', async () => {
    const rows = await statuses();
    expect(rows.map((r) => r.status).sort()).toEqual(
      [
        'received',
        'refused',
        'rejected',
        'result_ready',
        'returned',
        'stopped',
        'submitted',
        'supplement_requested',
        'transferred',
      ].sort(),
    );
    const total = rows.reduce((s, r) => s + r.n, 0);
    expect(total).toBeGreaterThanOrEqual(35);
    await seedDossiersDemo(t.app);
    expect(await statuses()).toEqual(rows);
  });

  it('fills the one-stop officer’s inbox: overdue, due today, late online acceptances, one extension', async () => {
    const { headers } = await loginAs(t.app, 'motcua.donghoi', 'Saola@2026');
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/dossiers?limit=100', headers });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{
      items: { status: string; channel: string; deadlineStatus: string | null; currentAgencyId: string }[];
      counts: { overdue: number; dueToday: number };
    }>();
    expect(page.counts.overdue).toBeGreaterThan(0);
    expect(page.counts.dueToday).toBeGreaterThan(0);
    expect(page.items.some((i) => i.status === 'submitted' && i.deadlineStatus === 'overdue')).toBe(true);
    expect(page.items.some((i) => i.channel === 'post')).toBe(true);
    const extended = await sql<{ n: number }>`select count(*)::int as n from dossiers where extended`.execute(
      t.app.database.db,
    );
    expect(extended.rows[0]?.n).toBe(1);
    const stp = await t.app.org.findAgencyByCode('000.00.12.H50');
    expect(page.items.filter((i) => i.currentAgencyId === stp?.id).map((i) => i.status)).toEqual([
      'transferred',
      'transferred',
      'transferred',
    ]);
  });
});
