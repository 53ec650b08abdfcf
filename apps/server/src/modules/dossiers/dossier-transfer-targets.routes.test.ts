import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  createAgencyWithStaff,
  createCommune,
  createProvince,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
} from './dossiers.factories.js';

describe('GET /dossiers/:code/transfer-targets', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let b: Awaited<ReturnType<typeof createCommune>>;
  let so: Awaited<ReturnType<typeof createAgencyWithStaff>>;
  let provinceId: string;
  let otherProvinceAgency: string;
  let code: string;

  beforeAll(async () => {
    t = await createTestApp();
    const { province, admin } = await createProvince(t.app);
    provinceId = province.id;
    a = await createCommune(t.app, province.id, 'UBND xã Liên Thông A');
    b = await createCommune(t.app, province.id, 'UBND xã Liên Thông B');
    so = await createAgencyWithStaff(t.app, province.id, 'Sở Tư pháp Thử Nghiệm', 'so');
    const other = await createProvince(t.app);
    otherProvinceAgency = other.province.id;
    const adminH = await session(t.app, admin);
    const procedure = await publishedProcedure(t.app, adminH, [a.agency.id, b.agency.id], 5);
    code = (await receiveDossier(t.app, await session(t.app, a.officer), receptionBody(procedure.code, a.agency.id)))
      .code;
  }, 120_000);
  afterAll(async () => t.close());

  const get = async (headers: Record<string, string>) =>
    t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}/transfer-targets`, headers });

  it('lists the other agencies of the same province (not the current one, not another province) for its officers', async () => {
    const res = await get(await session(t.app, a.specialist));
    expect(res.statusCode, res.body).toBe(200);
    const ids = res.json<{ id: string; name: string }[]>().map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining([provinceId, b.agency.id, so.agency.id]));
    expect(ids).not.toContain(a.agency.id);
    expect(ids).not.toContain(otherProvinceAgency);
    const leader = await get(await session(t.app, a.leader));
    expect(leader.statusCode).toBe(200);
  });

  it('is refused to an officer of another commune (404), to the anonymous (401)', async () => {
    const other = await get(await session(t.app, b.specialist));
    expect(other.statusCode).toBe(404);
    const anonymous = await get({});
    expect(anonymous.statusCode).toBe(401);
  });
});
