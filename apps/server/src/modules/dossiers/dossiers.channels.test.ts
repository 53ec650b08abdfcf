import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createProcedure } from '../procedures/procedures.factories.js';
import type { OnlineSubmission } from './dossiers.port.js';
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

/** Wall-clock instant of a local (Asia/Ho_Chi_Minh) date and time. */
const local = (iso: string) => new Date(`${iso}+07:00`);

const birthForm = {
  type: 'object',
  required: ['noiSinh'],
  properties: { noiSinh: { type: 'string', minLength: 1, title: 'Nơi sinh' } },
};

/** Channels (counter, post, online), the e-form check, the 8-working-hour acceptance limit, inbox filters. */
describe('dossiers: channels, online acceptance, e-form, inbox filters', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let c: Awaited<ReturnType<typeof createCommune>>;
  let adminH: Headers;
  let p3: string;
  let p1: string;
  let withForm: string;
  let counterOnly: string;

  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-03-09T08:00:00') });
    const { province, admin } = await createProvince(t.app);
    a = await createCommune(t.app, province.id, 'UBND xã Trực Tuyến');
    c = await createCommune(t.app, province.id, 'UBND phường Bộ Lọc');
    adminH = await session(t.app, admin);
    const agencies = [a.agency.id, c.agency.id];
    p3 = (await publishedProcedure(t.app, adminH, agencies, 3)).code;
    p1 = (await publishedProcedure(t.app, adminH, agencies, 1)).code;
    withForm = (
      await createProcedure(
        t.app,
        adminH,
        { agencyIds: agencies, formSchema: birthForm, onlineMode: 'toan_trinh' },
        { publish: true },
      )
    ).code;
    counterOnly = (
      await createProcedure(t.app, adminH, { agencyIds: agencies, onlineMode: 'truc_tiep' }, { publish: true })
    ).code;
  }, 120_000);
  afterAll(async () => t.close());

  const online = (over: Partial<OnlineSubmission> = {}): OnlineSubmission => ({
    citizenId: randomUUID(),
    procedureCode: p3,
    agencyId: a.agency.id,
    applicant: { name: 'Lý Thị Trực Tuyến', idNumber: '045190009999', phone: '0987654321' },
    formData: {},
    files: [{ component: 'Tờ khai', fileId: randomUUID() }],
    ...over,
  });
  const list = async (headers: Headers, query: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/dossiers?${query}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{
      items: { code: string; channel: string; deadlineStatus: string | null; acceptBy: string | null }[];
      nextCursor: string | null;
      counts: Record<string, number>;
    }>();
  };

  it('receives by post: same flow as the counter, channel recorded', async () => {
    t.setNow(local('2026-03-10T09:00:00'));
    const officer = await session(t.app, a.officer);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: officer,
      payload: { ...receptionBody(p3, a.agency.id, 'Người Gửi Bưu Điện'), channel: 'post' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const { code, dueAt } = res.json<{ code: string; dueAt: string }>();
    expect(dueAt).toBe(local('2026-03-13T17:00:00').toISOString());
    const d = await dossierDetail(t.app, officer, code);
    expect(d).toMatchObject({ status: 'received', acceptBy: null });
    expect((await list(officer, `q=${code}`)).items[0]?.channel).toBe('post');
  });

  it('files online through the port: submitted, coded now, accepted within 8 working hours, due date from acceptance', async () => {
    t.setNow(local('2026-03-10T09:00:00')); // Tuesday 09:00
    const sub = await t.app.dossiers.submitOnline(online());
    expect(sub.status).toBe('submitted');
    expect(sub.code).toMatch(/-260310-\d{4}$/);
    // 8 office hours from Tue 09:00: 2.5 h + 3.5 h on Tuesday, then 2 h from Wed 07:30 → Wed 09:30.
    expect(sub.acceptBy).toBe(local('2026-03-11T09:30:00').toISOString());
    const officer = await session(t.app, a.officer);
    let d = await dossierDetail(t.app, officer, sub.code);
    expect(d).toMatchObject({ status: 'submitted', dueAt: null, acceptBy: sub.acceptBy, deadlineStatus: 'due_soon' });
    expect(d.allowedActions).toEqual(expect.arrayContaining(['receive', 'request_supplement', 'refuse']));
    // Another commune's officer neither sees it nor may accept it.
    const other = await session(t.app, c.officer);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${sub.code}`, headers: other })).statusCode,
    ).toBe(404);
    expect((await actOn(t.app, other, sub.code, 'receive', { version: d.version })).statusCode).toBe(404);
    // A specialist of the same commune may not accept it.
    const specialist = await session(t.app, a.specialist);
    expect((await actOn(t.app, specialist, sub.code, 'receive', { version: d.version })).statusCode).toBe(403);

    t.setNow(local('2026-03-11T10:00:00')); // Wednesday 10:00: accepted 30 minutes late
    const late = await session(t.app, a.officer);
    d = await dossierDetail(t.app, late, sub.code);
    expect(d.deadlineStatus).toBe('overdue');
    const res = await actOn(t.app, late, sub.code, 'receive', { version: d.version });
    expect(res.statusCode, res.body).toBe(200);
    // 3 working days from the acceptance instant (Wed): Thu, Fri, Mon → Mon 16/3 17:00 (not Fri 13/3).
    expect(res.json<{ dueAt: string; status: string }>()).toMatchObject({
      status: 'received',
      dueAt: local('2026-03-16T17:00:00').toISOString(),
    });
    d = await dossierDetail(t.app, late, sub.code);
    expect(d.allowedActions).toContain('forward'); // the accepting officer holds the reception step
    expect(d.events.map((e) => e.action)).toEqual(['submit_online', 'receive']);
  });

  it('sends an online dossier back for supplement; the supplement gives a new 8-hour limit', async () => {
    t.setNow(local('2026-03-12T14:00:00')); // Thursday
    const sub = await t.app.dossiers.submitOnline(online({ applicant: { name: 'Người Bổ Sung Trực Tuyến' } }));
    const officer = await session(t.app, a.officer);
    const d = await dossierDetail(t.app, officer, sub.code);
    let res = await actOn(t.app, officer, sub.code, 'request_supplement', {
      version: d.version,
      reason: 'Ảnh chụp tờ khai bị mờ',
    });
    expect(res.statusCode, res.body).toBe(200);
    // Waiting for the applicant past the acceptance limit is not late for the agency.
    t.setNow(local('2026-03-13T16:00:00'));
    const waiting = await list(await session(t.app, a.officer), `q=${sub.code}`);
    expect(waiting.items.map((i) => i.deadlineStatus)).toEqual([null]);
    expect(waiting.counts).toMatchObject({ overdue: 0, onTime: 1, total: 1 });
    t.setNow(local('2026-03-16T08:00:00')); // Monday 08:00
    res = await actOn(t.app, await session(t.app, a.officer), sub.code, 'supplement', {
      version: res.json<{ version: number }>().version,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ status: string }>().status).toBe('submitted');
    // 08:00 Mon + 8 office hours: 3.5 h + 3.5 h Monday, 1 h Tuesday → Tue 08:30.
    expect((await dossierDetail(t.app, await session(t.app, a.officer), sub.code)).acceptBy).toBe(
      local('2026-03-17T08:30:00').toISOString(),
    );
  });

  it('validates the e-form at the counter and online (422 with the failing fields)', async () => {
    t.setNow(local('2026-03-17T09:00:00'));
    const officer = await session(t.app, a.officer);
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: officer,
      payload: { ...receptionBody(withForm, a.agency.id), formData: { noiSinh: '' } },
    });
    expect(bad.statusCode).toBe(422);
    const problem = bad.json<{ detail: string; errors: { field: string }[] }>();
    expect(problem.detail).toBe('Tờ khai điện tử chưa đúng hoặc còn thiếu thông tin.');
    expect(problem.errors.map((e) => e.field)).toEqual(['/formData/noiSinh']);
    const good = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: officer,
      payload: { ...receptionBody(withForm, a.agency.id), formData: { noiSinh: 'Bệnh viện Đa khoa tỉnh' } },
    });
    expect(good.statusCode, good.body).toBe(201);

    await expect(t.app.dossiers.submitOnline(online({ procedureCode: withForm, formData: {} }))).rejects.toMatchObject({
      status: 422,
      fields: [{ field: '/formData/noiSinh' }],
    });
    const ok = await t.app.dossiers.submitOnline(
      online({ procedureCode: withForm, formData: { noiSinh: 'Trạm y tế phường' } }),
    );
    expect(ok.status).toBe('submitted');
  });

  it('refuses online submissions the procedure or agency does not allow', async () => {
    await expect(t.app.dossiers.submitOnline(online({ procedureCode: counterOnly }))).rejects.toMatchObject({
      status: 422,
      fields: [{ field: '/procedureCode' }],
    });
    await expect(t.app.dossiers.submitOnline(online({ files: [] }))).rejects.toMatchObject({
      status: 422,
      fields: [{ field: '/files/0', message: 'Thiếu thành phần bắt buộc: Tờ khai.' }],
    });
    await expect(t.app.dossiers.submitOnline(online({ procedureCode: '9.999999' }))).rejects.toMatchObject({
      status: 422,
    });
    await expect(t.app.dossiers.submitOnline(online({ agencyId: randomUUID() }))).rejects.toMatchObject({
      status: 422,
    });
  });

  it('sorts a late online acceptance with the overdue dossiers and filters by procedure, channel and date', async () => {
    const officer = async () => session(t.app, c.officer);
    t.setNow(local('2026-03-23T09:00:00')); // Monday
    const overdue = await receiveDossier(t.app, await officer(), receptionBody(p1, c.agency.id, 'Quá Hạn')); // Tue 17:00
    const lateOnline = await t.app.dossiers.submitOnline(online({ agencyId: c.agency.id })); // accept by Tue 09:30
    t.setNow(local('2026-03-24T10:00:00')); // Tuesday
    const dueToday = await receiveDossier(t.app, await officer(), receptionBody(p1, c.agency.id, 'Hôm Nay')); // Wed
    t.setNow(local('2026-03-25T08:00:00')); // Wednesday 08:00
    const fresh = await t.app.dossiers.submitOnline(online({ agencyId: c.agency.id, procedureCode: p1 })); // Thu
    const counter3 = await receiveDossier(t.app, await officer(), receptionBody(p3, c.agency.id, 'Ba Ngày')); // Mon
    t.setNow(local('2026-03-25T09:00:00'));

    const all = await list(await officer(), 'scope=agency');
    expect(all.items.map((i) => i.code)).toEqual([
      lateOnline.code,
      overdue.code,
      dueToday.code,
      fresh.code,
      counter3.code,
    ]);
    expect(all.items.map((i) => i.deadlineStatus)).toEqual(['overdue', 'overdue', 'due_today', 'due_soon', 'on_time']);
    expect(all.counts).toEqual({ overdue: 2, dueToday: 1, dueSoon: 1, onTime: 1, total: 5 });

    const h = await officer();
    const codes = async (q: string) => (await list(h, q)).items.map((i) => i.code);
    expect(await codes('channel=online')).toEqual([lateOnline.code, fresh.code]);
    expect(await codes(`procedureCode=${p1}`)).toEqual([overdue.code, dueToday.code, fresh.code]);
    expect(await codes(`procedureCode=${p1}&channel=counter`)).toEqual([overdue.code, dueToday.code]);
    expect(await codes('receivedFrom=2026-03-24&receivedTo=2026-03-24')).toEqual([dueToday.code]);
    expect(await codes('receivedFrom=2026-03-25')).toEqual([fresh.code, counter3.code]);
    expect(await codes('receivedTo=2026-03-23')).toEqual([lateOnline.code, overdue.code]);

    // The cursor keeps the filters and the urgency order.
    const first = await list(h, `channel=counter&limit=2`);
    expect(first.items.map((i) => i.code)).toEqual([overdue.code, dueToday.code]);
    const rest = await list(h, `channel=counter&limit=2&cursor=${first.nextCursor}`);
    expect(rest.items.map((i) => i.code)).toEqual([counter3.code]);
    expect(rest.nextCursor).toBeNull();
    const onlinePage = await list(h, 'limit=1');
    const second = await list(h, `limit=1&cursor=${onlinePage.nextCursor}`);
    expect([onlinePage.items[0]?.code, second.items[0]?.code]).toEqual([lateOnline.code, overdue.code]);

    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/dossiers?channel=fax', headers: h });
    expect(bad.statusCode).toBe(422);
  });
});
