import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { seedOrgDemo } from './org.seed.js';
import { readProcedureSeed, seedProceduresDemo } from './procedures.seed.js';

describe('procedures demo seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedOrgDemo(t.app);
    await seedProceduresDemo(t.app);
  }, 120_000);
  afterAll(async () => t.close());

  const count = async (table: 'procedures' | 'procedure_versions' | 'procedure_agencies') =>
    Number(
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(t.app.database.db)).rows[0]
        ?.n,
    );

  it('imports every entry and publishes those with a national code', async () => {
    const seed = readProcedureSeed();
    expect(await count('procedures')).toBe(seed.length);
    const withCode = seed.filter((p) => p.code !== null).length;
    expect(await count('procedure_versions')).toBe(withCode);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/public/procedures?limit=100' });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(withCode);
  });

  it('links commune procedures to the demo communes and business registration to Sở Tài chính', async () => {
    const khaiSinh = await t.app.inject({ method: 'GET', url: '/api/v1/public/procedures/1.001193' });
    expect(
      khaiSinh
        .json<{ agencies: { code: string }[] }>()
        .agencies.map((a) => a.code)
        .sort(),
    ).toEqual(['000.00.61.H50', '000.00.62.H50', '000.00.63.H50']);
    const dn = await t.app.inject({ method: 'GET', url: '/api/v1/public/procedures/2.001610' });
    expect(dn.json<{ agencies: { code: string }[]; feeVnd: number | null }>()).toMatchObject({
      agencies: [{ code: '000.00.14.H50' }],
      feeVnd: 100000,
    });
    const byCommune = await t.app.inject({
      method: 'GET',
      url: '/api/v1/public/procedures?agencyCode=000.00.62.H50&q=chung%20thuc&limit=100',
    });
    expect(byCommune.json<{ items: { level: string }[] }>().items.length).toBeGreaterThanOrEqual(3);
  });

  it('is idempotent and keeps later edits', async () => {
    await t.app.database.db.updateTable('procedures').set({ field: 'Đã sửa' }).where('code', '=', '1.001193').execute();
    const before = await Promise.all([count('procedures'), count('procedure_versions'), count('procedure_agencies')]);
    await seedProceduresDemo(t.app);
    expect(await Promise.all([count('procedures'), count('procedure_versions'), count('procedure_agencies')])).toEqual(
      before,
    );
    const row = await t.app.database.db
      .selectFrom('procedures')
      .select('field')
      .where('code', '=', '1.001193')
      .executeTakeFirst();
    expect(row?.field).toBe('Đã sửa');
  });
});
