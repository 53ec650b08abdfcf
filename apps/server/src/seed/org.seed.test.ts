import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../test/factories/org.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { DEMO_PASSWORDS, seedOrgDemo } from './org.seed.js';
import type { DemoLogin } from './demo.js';

describe('org demo seed', () => {
  let t: TestApp;
  let logins: DemoLogin[];
  beforeAll(async () => {
    t = await createTestApp();
    const started = Date.now();
    logins = await seedOrgDemo(t.app);
    console.info(`org demo seed (units import included): ${Date.now() - started} ms`);
  }, 120_000);
  afterAll(async () => t.close());

  const count = async (table: 'agencies' | 'users' | 'departments' | 'role_assignments' | 'admin_units') =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.app.database.db)).rows[0]
        ?.n,
    );

  it('returns one login per demo user, all with a demo password', () => {
    expect(logins.map((l) => l.username)).toEqual([
      'quantri.tinh',
      'lanhdao.donghoi',
      'chuyenvien.donghoi',
      'vanthu.donghoi',
      'motcua.donghoi',
      'motcua.ttphvhc',
      'quantri.vinhlinh',
    ]);
    for (const l of logins) expect(DEMO_PASSWORDS).toContain(l.password);
  });

  it('is idempotent: a second run adds nothing', async () => {
    const before = await Promise.all([
      count('agencies'),
      count('users'),
      count('departments'),
      count('role_assignments'),
      count('admin_units'),
    ]);
    const again = await seedOrgDemo(t.app);
    expect(again).toEqual(logins);
    expect(
      await Promise.all([
        count('agencies'),
        count('users'),
        count('departments'),
        count('role_assignments'),
        count('admin_units'),
      ]),
    ).toEqual(before);
  }, 60_000);

  it('ties the communes to real 2025 units of Quảng Trị', async () => {
    const tree = await t.app.inject({
      method: 'GET',
      url: '/api/v1/agencies/tree',
      headers: { ...(await signIn(t.app, { username: 'quantri.tinh', password: 'Saola@2026' })) },
    });
    interface Node {
      name: string;
      kind: string;
      unitCode: string;
      departments: { code: string }[];
      children: Node[];
    }
    const root = tree.json<Node[]>()[0];
    expect(root).toMatchObject({ name: 'UBND tỉnh Quảng Trị', code: '000.00.00.H50', unitCode: '44' });
    const communes = root?.children.filter((c) => c.kind === 'ubnd_xa') ?? [];
    expect(communes.map((c) => c.unitCode).sort()).toEqual(['18880', '19333', '19363']);
    for (const c of communes) expect(c.departments.map((d) => d.code)).toContain('mot_cua');
    for (const code of ['18880', '19333', '19363']) {
      const unit = await t.app.inject({ method: 'GET', url: `/api/v1/units/${code}` });
      expect(unit.json()).toMatchObject({ parentCode: '44', validTo: null });
    }
  });

  it('lets the printed logins sign in, scoped as described', async () => {
    const motcua = await signIn(t.app, { username: 'motcua.donghoi', password: 'Saola@2026' });
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: { ...motcua } });
    expect(me.json()).toMatchObject({ username: 'motcua.donghoi', mustChangePassword: false });
    const vinhlinh = await signIn(t.app, { username: 'quantri.vinhlinh', password: 'Saola@2026' });
    const users = await t.app.inject({ method: 'GET', url: '/api/v1/users', headers: { ...vinhlinh } });
    expect(users.json<{ items: { username: string }[] }>().items.map((u) => u.username)).toEqual(['quantri.vinhlinh']);
  });
});
