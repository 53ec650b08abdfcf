import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  actOn,
  createCommune,
  createProvince,
  dossierDetail,
  type Headers,
  publishedProcedure,
  session,
} from './dossiers.factories.js';

interface Rating {
  score: number;
  comment: string | null;
  channel: string;
  ratedAt: string;
}

/** The applicant's satisfaction rating on the officers' dossier detail (GET /api/v1/dossiers/{code}). */
describe('dossiers: the citizen’s rating on the dossier detail', () => {
  let t: TestApp;
  let citizen: CitizenSession;
  let officerA: Headers;
  let specialistA: Headers;
  let officerB: Headers;
  let rated: string;
  let notRated: string;

  const fileOnline = async (procedureCode: string, agencyId: string) =>
    (
      await t.app.dossiers.submitOnline({
        citizenId: citizen.citizenId,
        procedureCode,
        agencyId,
        applicant: { name: 'Lê Thị Đánh Giá', phone: '0912000333' },
        formData: {},
        files: [{ component: 'Tờ khai', fileId: randomUUID() }],
      })
    ).code;
  const ratingOf = async (headers: Headers, code: string) =>
    (await dossierDetail(t.app, headers, code)) as unknown as { rating: Rating | null };
  const refuse = async (code: string) => {
    const res = await actOn(t.app, officerA, code, 'refuse', {
      version: (await dossierDetail(t.app, officerA, code)).version,
      reason: 'Không thuộc thẩm quyền giải quyết',
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp();
    const { province, admin } = await createProvince(t.app);
    const a = await createCommune(t.app, province.id, 'UBND xã Đánh Giá');
    const b = await createCommune(t.app, province.id, 'UBND xã Láng Giềng');
    const procedure = (await publishedProcedure(t.app, await session(t.app, admin), [a.agency.id, b.agency.id], 3))
      .code;
    officerA = await session(t.app, a.officer);
    specialistA = await session(t.app, a.specialist);
    officerB = await session(t.app, b.officer);
    citizen = await signInCitizen(t.app);
    rated = await fileOnline(procedure, a.agency.id);
    notRated = await fileOnline(procedure, a.agency.id);
  }, 120_000);
  afterAll(async () => t.close());

  it('carries no rating before the citizen rated, even once the dossier may be rated', async () => {
    expect((await ratingOf(officerA, rated)).rating).toBeNull();
    await refuse(rated);
    await refuse(notRated);
    expect((await ratingOf(officerA, rated)).rating).toBeNull();
  });

  it('carries the stars, the comment and when, after the citizen rated on the portal; only for that dossier', async () => {
    const comment = 'Cán bộ giải thích rõ vì sao hồ sơ không được tiếp nhận.';
    // The clock stands still while the citizen rates, so the time of the rating is known.
    const at = new Date(Math.floor(Date.now() / 1000) * 1000 + 60_000);
    t.setNow(at);
    const res = await t.app.inject({
      method: 'POST',
      url: `/ho-so-cua-toi/${rated}/danh-gia`,
      headers: { cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ diem: '4', y_kien: comment, _csrf: citizen.csrf }).toString(),
    });
    expect(res.statusCode, res.body).toBe(303);
    const expected = { score: 4, comment, channel: 'online', ratedAt: at.toISOString() };
    expect((await ratingOf(officerA, rated)).rating).toEqual(expected);
    expect((await ratingOf(specialistA, rated)).rating).toEqual(expected);
    expect((await ratingOf(officerA, notRated)).rating).toBeNull();
  });

  it('is read with the dossier only: another commune’s officer 404, a citizen 403, nobody 401', async () => {
    const url = `/api/v1/dossiers/${rated}`;
    const other = await t.app.inject({ method: 'GET', url, headers: officerB });
    expect(other.statusCode).toBe(404);
    expect(other.body).not.toContain('Cán bộ giải thích');
    expect((await t.app.inject({ method: 'GET', url, headers: citizen.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
  });
});
