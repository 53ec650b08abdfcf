import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { loginAs } from '../auth/testing.js';

type Headers = Record<string, string>;

/**
 * Who may read which audit rows, signed in through the real sign-in (both engines): a commune's
 * administrator sees that commune's rows only and gets 404 when asking for another commune's; an
 * officer without audit.read gets 403; the province's administrator sees every commune.
 */
describe('audit rows are scoped by agency (real sign-in)', () => {
  let t: TestApp;
  let communeA: string;
  let communeB: string;
  let adminA: Headers;
  let adminB: Headers;
  let officerA: Headers;
  let provinceAdmin: Headers;

  beforeAll(async () => {
    t = await createTestApp();
    const province = (await createAgency(t.app, { name: 'UBND tỉnh Thử nghiệm', kind: 'ubnd_tinh' })).id;
    communeA = (await createAgency(t.app, { name: 'UBND xã A', parentId: province })).id;
    communeB = (await createAgency(t.app, { name: 'UBND xã B', parentId: province })).id;
    const login = async (agencyId: string, roles: { roleCode: string; includeSubordinates?: boolean }[]) => {
      const u = await createUser(t.app, { agencyId, roles });
      return (await loginAs(t.app, u.username, u.password)).headers;
    };
    adminA = await login(communeA, [{ roleCode: 'quan_tri' }]);
    adminB = await login(communeB, [{ roleCode: 'quan_tri' }]);
    officerA = await login(communeA, [{ roleCode: 'chuyen_vien' }]);
    provinceAdmin = await login(province, [{ roleCode: 'quan_tri', includeSubordinates: true }]);

    // One change in each commune, made by its own administrator through the API.
    for (const [headers, agencyId, username] of [
      [adminA, communeA, 'cb.moi.xa.a'],
      [adminB, communeB, 'cb.moi.xa.b'],
    ] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/users',
        headers,
        payload: { username, fullName: 'Cán bộ Mới', agencyId },
      });
      expect(res.statusCode).toBe(201);
    }
  });
  afterAll(async () => t.close());

  const list = (headers: Headers, query = '') =>
    t.app.inject({ method: 'GET', url: `/api/v1/audit?limit=200${query}`, headers });

  it("shows a commune's administrator only that commune's rows", async () => {
    const res = await list(adminA, '&action=user.create');
    expect(res.statusCode).toBe(200);
    const rows = res.json().items as { agencyId: string; after: { username?: string } }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.agencyId))).toEqual(new Set([communeA]));
    expect(JSON.stringify(rows)).not.toContain('cb.moi.xa.b');
  });

  it("answers 404 when a commune's administrator asks for another commune's rows", async () => {
    const res = await list(adminA, `&agencyId=${communeB}`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const csv = await t.app.inject({
      method: 'GET',
      url: `/api/v1/audit/export.csv?agencyId=${communeB}`,
      headers: adminA,
    });
    expect(csv.statusCode).toBe(404);
  });

  it('answers 403 to an officer without audit.read, and 401 to an anonymous caller', async () => {
    expect((await list(officerA)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/audit' })).statusCode).toBe(401);
  });

  it("shows the province's administrator the rows of every commune below it", async () => {
    const rows = (await list(provinceAdmin, '&action=user.create')).json().items as { agencyId: string }[];
    expect(new Set(rows.map((r) => r.agencyId))).toEqual(new Set([communeA, communeB]));
  });

  it('names roles and agencies in /auth/me', async () => {
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: adminA })).json();
    expect(me.grants).toEqual([
      expect.objectContaining({
        roleCode: 'quan_tri',
        roleName: expect.not.stringMatching(/^quan_tri$/),
        agencyName: 'UBND xã A',
      }),
    ]);
  });
});
