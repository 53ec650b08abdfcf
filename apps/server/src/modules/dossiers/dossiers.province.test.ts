import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  actOn,
  createAgencyWithStaff,
  createCommune,
  createProvince,
  dossierDetail,
  type Headers,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
  uploadResult,
} from './dossiers.factories.js';

const local = (iso: string) => new Date(`${iso}+07:00`);

/**
 * Province-wide reception by a Trung tâm Phục vụ hành chính công (Nghị định 118/2025/NĐ-CP) and transfer
 * (liên thông) from a commune to a provincial agency: who sees, who acts, where the result goes back.
 */
describe('dossiers: province-wide reception by the centre, transfer commune → province', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let b: Awaited<ReturnType<typeof createCommune>>;
  let x: Awaited<ReturnType<typeof createCommune>>;
  let centre: Awaited<ReturnType<typeof createAgencyWithStaff>>;
  let so: Awaited<ReturnType<typeof createAgencyWithStaff>>;
  let proc: string;

  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-03-09T08:00:00') });
    const { province, admin } = await createProvince(t.app);
    // As in the demo province: the centre belongs to the Văn phòng UBND tỉnh, one level below the province.
    const office = await createAgency(t.app, { kind: 'so', parentId: province.id, name: 'Văn phòng UBND tỉnh' });
    centre = await createAgencyWithStaff(t.app, office.id, 'Trung tâm Phục vụ hành chính công tỉnh', 'trung_tam_phvhc');
    so = await createAgencyWithStaff(t.app, province.id, 'Sở Tư pháp tỉnh Thử Nghiệm', 'so');
    a = await createCommune(t.app, province.id, 'UBND xã An Liên Thông');
    b = await createCommune(t.app, province.id, 'UBND xã Bình Ủy Quyền');
    const other = await createProvince(t.app);
    x = await createCommune(t.app, other.province.id, 'UBND xã Tỉnh Khác');
    const adminH = await session(t.app, admin);
    proc = (await publishedProcedure(t.app, adminH, [a.agency.id, b.agency.id, x.agency.id], 5)).code;
  }, 120_000);
  afterAll(async () => t.close());

  const post = (headers: Headers, payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/dossiers', headers, payload });
  const get = (headers: Headers, code: string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}`, headers });
  const listed = async (headers: Headers, code: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/dossiers?q=${code}&scope=agency`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: { code: string }[] }>().items.map((i) => i.code);
  };
  const errorFields = (res: { json: <T>() => T }) =>
    res.json<{ errors: { field: string; message: string }[] }>().errors.map((e) => e.field);

  it('lets the centre receive for a commune of its province; the commune processes, the centre returns', async () => {
    t.setNow(local('2026-03-10T09:00:00'));
    const h = {
      centre: await session(t.app, centre.officer),
      officerA: await session(t.app, a.officer),
      specialistA: await session(t.app, a.specialist),
      officerB: await session(t.app, b.officer),
      specialistB: await session(t.app, b.specialist),
      leaderB: await session(t.app, b.leader),
    };
    const res = await post(h.centre, {
      ...receptionBody(proc, centre.agency.id, 'Người Ở Xã Bình'),
      forAgencyId: b.agency.id,
    });
    expect(res.statusCode, res.body).toBe(201);
    const { code, currentAgencyId, dueAt } = res.json<{ code: string; currentAgencyId: string; dueAt: string }>();
    expect(currentAgencyId).toBe(b.agency.id);
    expect(code.startsWith(`${centre.agency.code}-`)).toBe(true); // coded by the receiving centre
    expect(dueAt).toBe(local('2026-03-17T17:00:00').toISOString()); // 5 working days: Wed … Tue

    // Commune A sees nothing and may do nothing.
    for (const who of [h.officerA, h.specialistA]) {
      expect((await get(who, code)).statusCode).toBe(404);
      expect(await listed(who, code)).toEqual([]);
      expect((await actOn(t.app, who, code, 'forward', { version: 1 })).statusCode).toBe(404);
    }
    // The centre and commune B see it; B's specialists have it in their queue (reception step done by the centre).
    let d = await dossierDetail(t.app, h.centre, code);
    expect(d).toMatchObject({ receivingAgencyId: centre.agency.id, currentAgencyId: b.agency.id, currentStep: 1 });
    expect(d.allowedActions).toEqual(['stop']); // at the applicant's request, through its desk
    expect(await listed(h.officerB, code)).toEqual([code]);
    const queue = await t.app.inject({
      method: 'GET',
      url: '/api/v1/dossiers?scope=department',
      headers: h.specialistB,
    });
    expect(queue.json<{ items: { code: string }[] }>().items.map((i) => i.code)).toContain(code);
    expect((await actOn(t.app, h.centre, code, 'forward', { version: d.version })).statusCode).toBe(403);

    let r = await actOn(t.app, h.specialistB, code, 'forward', { version: d.version });
    expect(r.statusCode, r.body).toBe(200);
    r = await actOn(t.app, h.leaderB, code, 'approve', { version: r.json<{ version: number }>().version });
    expect(r.statusCode, r.body).toBe(200);
    const resultB = await uploadResult(t.app, h.officerB, code);
    r = await actOn(t.app, h.officerB, code, 'attach_result', {
      version: r.json<{ version: number }>().version,
      resultFileIds: [resultB],
    });
    expect(r.statusCode, r.body).toBe(200);
    d = await dossierDetail(t.app, h.centre, code);
    expect(d.allowedActions).toContain('return_result');
    expect(
      (await actOn(t.app, h.officerA, code, 'return_result', { version: d.version, returnMethod: 'counter' }))
        .statusCode,
    ).toBe(404);
    r = await actOn(t.app, h.centre, code, 'return_result', { version: d.version, returnMethod: 'counter' });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ status: string }>().status).toBe('returned');
  });

  it('refuses reception for another agency unless a centre receives for an implementing agency of its province', async () => {
    const h = { centre: await session(t.app, centre.officer), officerA: await session(t.app, a.officer) };
    // A commune is not a centre.
    let res = await post(h.officerA, { ...receptionBody(proc, a.agency.id), forAgencyId: b.agency.id });
    expect(res.statusCode).toBe(422);
    expect(errorFields(res)).toEqual(['/forAgencyId']);
    // Another province's commune.
    res = await post(h.centre, { ...receptionBody(proc, centre.agency.id), forAgencyId: x.agency.id });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: { message: string }[] }>().errors[0]?.message).toBe(
      'Cơ quan giải quyết phải thuộc cùng tỉnh với Trung tâm.',
    );
    // An agency that does not implement the procedure.
    res = await post(h.centre, { ...receptionBody(proc, centre.agency.id), forAgencyId: so.agency.id });
    expect(res.statusCode).toBe(422);
    // The centre itself does not implement it.
    res = await post(h.centre, receptionBody(proc, centre.agency.id));
    expect(res.statusCode).toBe(422);
    expect(errorFields(res)).toEqual(['/agencyId']);
    // A commune officer cannot receive in the centre's name.
    res = await post(h.officerA, { ...receptionBody(proc, centre.agency.id), forAgencyId: a.agency.id });
    expect(res.statusCode).toBe(404);
    // Only the centre's one-stop officer receives there.
    res = await post(await session(t.app, centre.specialist), {
      ...receptionBody(proc, centre.agency.id),
      forAgencyId: b.agency.id,
    });
    expect(res.statusCode).toBe(403);
  });

  it('transfers a commune dossier to a provincial agency and brings the result back through the commune', async () => {
    t.setNow(local('2026-03-11T09:00:00'));
    const h = {
      officerA: await session(t.app, a.officer),
      specialistA: await session(t.app, a.specialist),
      officerB: await session(t.app, b.officer),
      soOfficer: await session(t.app, so.officer),
      soSpecialist: await session(t.app, so.specialist),
      soLeader: await session(t.app, so.leader),
    };
    const { code, dueAt } = await receiveDossier(t.app, h.officerA, receptionBody(proc, a.agency.id, 'Liên Thông'));
    let r = await actOn(t.app, h.officerA, code, 'forward', { version: 1 });
    expect(r.statusCode, r.body).toBe(200);
    let v = r.json<{ version: number }>().version;
    // Not to another province, not to nowhere.
    r = await actOn(t.app, h.specialistA, code, 'transfer_to_agency', { version: v, targetAgencyId: x.agency.id });
    expect(r.statusCode).toBe(422);
    expect(errorFields(r)).toEqual(['/targetAgencyId']);
    r = await actOn(t.app, h.specialistA, code, 'transfer_to_agency', { version: v, targetAgencyId: randomUUID() });
    expect(r.statusCode).toBe(422);
    // The one-stop officer no longer holds the step; the Sở cannot act on a commune's dossier yet.
    expect(
      (await actOn(t.app, h.officerA, code, 'transfer_to_agency', { version: v, targetAgencyId: so.agency.id }))
        .statusCode,
    ).toBe(403);
    expect((await get(h.soOfficer, code)).statusCode).toBe(404);

    r = await actOn(t.app, h.specialistA, code, 'transfer_to_agency', {
      version: v,
      targetAgencyId: so.agency.id,
      note: 'Thuộc thẩm quyền của Sở',
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ status: string }>().status).toBe('transferred');
    v = r.json<{ version: number }>().version;

    // The commune still sees it; the other commune does not; the Sở's specialist cannot act before reception.
    expect((await dossierDetail(t.app, h.officerA, code)).currentAgencyId).toBe(so.agency.id);
    expect(await listed(h.officerA, code)).toEqual([code]);
    expect((await get(h.officerB, code)).statusCode).toBe(404);
    expect((await actOn(t.app, h.soSpecialist, code, 'forward', { version: v })).statusCode).toBe(409);
    expect((await actOn(t.app, h.specialistA, code, 'receive', { version: v })).statusCode).toBe(403);

    // The Sở's one-stop officer receives it and works it through the procedure's workflow; the due date stays.
    let d = await dossierDetail(t.app, h.soOfficer, code);
    expect(d.allowedActions).toContain('receive');
    r = await actOn(t.app, h.soOfficer, code, 'receive', { version: d.version });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ dueAt: string }>().dueAt).toBe(dueAt);
    r = await actOn(t.app, h.soOfficer, code, 'forward', { version: r.json<{ version: number }>().version });
    expect(r.statusCode, r.body).toBe(200);
    expect(
      (await actOn(t.app, h.specialistA, code, 'forward', { version: r.json<{ version: number }>().version }))
        .statusCode,
    ).toBe(403);
    r = await actOn(t.app, h.soSpecialist, code, 'forward', { version: r.json<{ version: number }>().version });
    expect(r.statusCode, r.body).toBe(200);
    r = await actOn(t.app, h.soLeader, code, 'approve', { version: r.json<{ version: number }>().version });
    expect(r.statusCode, r.body).toBe(200);
    const resultSo = await uploadResult(t.app, h.soOfficer, code);
    r = await actOn(t.app, h.soOfficer, code, 'attach_result', {
      version: r.json<{ version: number }>().version,
      resultFileIds: [resultSo],
    });
    expect(r.statusCode, r.body).toBe(200);

    // The result goes back through the commune's desk.
    d = await dossierDetail(t.app, h.officerA, code);
    expect(d.allowedActions).toContain('return_result');
    r = await actOn(t.app, h.officerA, code, 'return_result', { version: d.version, returnMethod: 'post' });
    expect(r.statusCode, r.body).toBe(200);
    d = await dossierDetail(t.app, h.soOfficer, code);
    expect(d.status).toBe('returned');
    expect(d.events.map((e) => [e.action, e.agencyId])).toEqual([
      ['receive', a.agency.id],
      ['forward', a.agency.id],
      ['transfer_to_agency', a.agency.id],
      ['receive', so.agency.id],
      ['forward', so.agency.id],
      ['forward', so.agency.id],
      ['approve', so.agency.id],
      ['attach_result', so.agency.id],
      ['return_result', a.agency.id],
    ]);
  });
});
