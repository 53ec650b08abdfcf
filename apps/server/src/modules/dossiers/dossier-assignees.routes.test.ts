import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  actOn,
  createCommune,
  createProvince,
  dossierDetail,
  type Headers,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
} from './dossiers.factories.js';

interface Assignees {
  step: { index: number; key: string; role: string };
  agencyId: string;
  items: { id: string; fullName: string }[];
}

describe('GET /dossiers/:code/assignees', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let b: Awaited<ReturnType<typeof createCommune>>;
  let provincialSpecialist: { id: string };
  let lockedSpecialist: { id: string };
  let otherRoleElsewhere: { id: string };
  let code: string;
  let officerH: Headers;

  beforeAll(async () => {
    t = await createTestApp();
    const { province, admin } = await createProvince(t.app);
    a = await createCommune(t.app, province.id, 'UBND xã Giao Việc A');
    b = await createCommune(t.app, province.id, 'UBND xã Giao Việc B');
    // A specialist of the province whose role reaches the communes below it: may be assigned in A.
    provincialSpecialist = await createUser(t.app, {
      agencyId: province.id,
      fullName: 'Đỗ Văn Tỉnh',
      roles: [{ roleCode: 'chuyen_vien', includeSubordinates: true }],
    });
    // A province specialist WITHOUT subordinates: does not reach A.
    otherRoleElsewhere = await createUser(t.app, {
      agencyId: province.id,
      fullName: 'Ngô Thị Chỉ Tỉnh',
      roles: [{ roleCode: 'chuyen_vien' }],
    });
    lockedSpecialist = await createUser(t.app, {
      agencyId: a.agency.id,
      fullName: 'Vũ Văn Đã Khóa',
      roles: [{ roleCode: 'chuyen_vien' }],
    });
    await t.app.database.db
      .updateTable('users')
      .set({ status: 'locked', locked_reason: 'Nghỉ việc', locked_at: new Date() })
      .where('id', '=', lockedSpecialist.id)
      .execute();
    const procedure = await publishedProcedure(t.app, await session(t.app, admin), [a.agency.id, b.agency.id], 5);
    officerH = await session(t.app, a.officer);
    code = (await receiveDossier(t.app, officerH, receptionBody(procedure.code, a.agency.id))).code;
  }, 120_000);
  afterAll(async () => t.close());

  const get = (headers: Headers, step: number | string) =>
    t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}/assignees?step=${step}`, headers });

  it('lists exactly the active holders of the next step role in the responsible agency', async () => {
    // Received at the counter: the one-stop officer holds step 0 and may forward it to step 1 (chuyên viên).
    const res = await get(officerH, 1);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Assignees>();
    expect(body.step).toMatchObject({ index: 1, role: 'chuyen_vien' });
    expect(body.agencyId).toBe(a.agency.id);
    const ids = body.items.map((u) => u.id).sort();
    expect(ids).toEqual([a.specialist.id, a.specialist2.id, provincialSpecialist.id].sort());
    expect(ids).not.toContain(lockedSpecialist.id);
    expect(ids).not.toContain(otherRoleElsewhere.id);
    expect(ids).not.toContain(b.specialist.id);
    expect(ids).not.toContain(a.leader.id);
  });

  it('offers only steps the caller may assign now (422 for another step)', async () => {
    for (const step of [0, 2, 3, 9]) {
      const res = await get(officerH, step);
      expect(res.statusCode, `step ${step}`).toBe(422);
    }
    expect((await get(officerH, 'x')).statusCode).toBe(422);
  });

  it('is refused to who may not assign (403), to another commune (404), to the anonymous (401)', async () => {
    // The specialist of A may see the dossier but holds no assigning action on it now.
    expect((await get(await session(t.app, a.specialist), 1)).statusCode).toBe(403);
    expect((await get(await session(t.app, b.officer), 1)).statusCode).toBe(404);
    expect((await get(await session(t.app, b.specialist), 1)).statusCode).toBe(404);
    expect((await get({}, 1)).statusCode).toBe(401);
  });

  it('lists people the action accepts, and follows the dossier to the next step', async () => {
    const listed = (await get(officerH, 1)).json<Assignees>().items.find((u) => u.id === a.specialist2.id);
    expect(listed).toBeDefined();
    const { version } = await dossierDetail(t.app, officerH, code);
    const fwd = await actOn(t.app, officerH, code, 'forward', { version, assigneeId: a.specialist2.id });
    expect(fwd.statusCode, fwd.body).toBe(200);
    // The assigned specialist may now forward to the approval step (lãnh đạo): the leader of A only.
    const specialistH = await session(t.app, a.specialist2);
    const res = await get(specialistH, 2);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<Assignees>();
    expect(body.step.role).toBe('lanh_dao');
    expect(body.items.map((u) => u.id)).toEqual([a.leader.id]);
    // The officer no longer holds the dossier's step: nothing to assign.
    expect((await get(officerH, 2)).statusCode).toBe(403);
  });
});
