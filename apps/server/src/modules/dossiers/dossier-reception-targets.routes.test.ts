import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  createAgencyWithStaff,
  createCommune,
  createProvince,
  type Headers,
  publishedProcedure,
  receptionBody,
  session,
} from './dossiers.factories.js';

interface Targets {
  isCentre: boolean;
  items: { id: string; name: string; kind: string }[];
}

describe('GET /dossiers/reception-targets', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let b: Awaited<ReturnType<typeof createCommune>>;
  let notImplementing: Awaited<ReturnType<typeof createCommune>>;
  let x: Awaited<ReturnType<typeof createCommune>>;
  let centre: Awaited<ReturnType<typeof createAgencyWithStaff>>;
  let proc: string;

  beforeAll(async () => {
    t = await createTestApp();
    const { province, admin } = await createProvince(t.app);
    // As in the demo province: the centre sits under the Văn phòng UBND tỉnh.
    const office = await createAgency(t.app, { kind: 'so', parentId: province.id, name: 'Văn phòng UBND tỉnh' });
    centre = await createAgencyWithStaff(t.app, office.id, 'Trung tâm Phục vụ hành chính công tỉnh', 'trung_tam_phvhc');
    a = await createCommune(t.app, province.id, 'UBND xã An Tiếp Nhận');
    b = await createCommune(t.app, province.id, 'UBND xã Bình Tiếp Nhận');
    notImplementing = await createCommune(t.app, province.id, 'UBND xã Không Thực Hiện');
    const other = await createProvince(t.app);
    x = await createCommune(t.app, other.province.id, 'UBND xã Tỉnh Bên');
    proc = (await publishedProcedure(t.app, await session(t.app, admin), [a.agency.id, b.agency.id, x.agency.id], 5))
      .code;
  }, 120_000);
  afterAll(async () => t.close());

  const get = (headers: Headers, agencyId: string, procedureCode = proc) =>
    t.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/reception-targets?agencyId=${agencyId}&procedureCode=${encodeURIComponent(procedureCode)}`,
      headers,
    });

  it('for a centre: the agencies of its province that implement the procedure', async () => {
    const res = await get(await session(t.app, centre.officer), centre.agency.id);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Targets>();
    expect(body.isCentre).toBe(true);
    expect(body.items.map((i) => i.id).sort()).toEqual([a.agency.id, b.agency.id].sort());
    expect(body.items.map((i) => i.id)).not.toContain(x.agency.id);
    expect(body.items.map((i) => i.id)).not.toContain(notImplementing.agency.id);
    // Sorted by Vietnamese name.
    expect(body.items.map((i) => i.name)).toEqual(['UBND xã An Tiếp Nhận', 'UBND xã Bình Tiếp Nhận']);
  });

  it('a listed agency is accepted by the reception itself', async () => {
    const headers = await session(t.app, centre.officer);
    const target = (await get(headers, centre.agency.id)).json<Targets>().items[0];
    expect(target).toBeDefined();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers,
      payload: { ...receptionBody(proc, centre.agency.id), forAgencyId: target?.id },
    });
    expect(res.statusCode, res.body).toBe(201);
  });

  it('for a commune counter: receives only for itself (no targets)', async () => {
    const res = await get(await session(t.app, a.officer), a.agency.id);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Targets>()).toEqual({ isCentre: false, items: [] });
  });

  it('is refused to other agencies (404), to non-reception roles (403), to the anonymous (401)', async () => {
    // An officer of commune A asking for the centre's desk, or for commune B's.
    expect((await get(await session(t.app, a.officer), centre.agency.id)).statusCode).toBe(404);
    expect((await get(await session(t.app, a.officer), b.agency.id)).statusCode).toBe(404);
    // The centre's specialist and leader can read its dossiers but do not receive at the counter.
    expect((await get(await session(t.app, centre.specialist), centre.agency.id)).statusCode).toBe(403);
    expect((await get(await session(t.app, centre.leader), centre.agency.id)).statusCode).toBe(403);
    expect((await get({}, centre.agency.id)).statusCode).toBe(401);
  });

  it('answers 422 for an unknown procedure or a malformed agency id', async () => {
    const headers = await session(t.app, centre.officer);
    expect((await get(headers, centre.agency.id, '9.999999')).statusCode).toBe(422);
    expect((await get(headers, 'not-a-uuid')).statusCode).toBe(422);
  });
});
