import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { pdfText } from '../papers/papers.test-helpers.js';
import {
  createCommune,
  createProvince,
  type Headers,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
  uploadResult,
} from './dossiers.factories.js';

/** Wall-clock instant of a local (Asia/Ho_Chi_Minh) date and time. */
const local = (iso: string) => new Date(`${iso}+07:00`);

describe('dossiers: reception, inbox, actions, papers', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let u: Awaited<ReturnType<typeof createCommune>>;
  let p3: string;
  let adminH: Headers;
  const procs: Record<number, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-03-09T08:00:00') });
    const { province, admin } = await createProvince(t.app);
    a = await createCommune(t.app, province.id, 'UBND xã Cam Lộ Thử Nghiệm');
    u = await createCommune(t.app, province.id, 'UBND xã Khẩn Cấp');
    adminH = await session(t.app, admin);
    for (const days of [1, 3, 5])
      procs[days] = (await publishedProcedure(t.app, adminH, [a.agency.id, u.agency.id], days)).code;
    p3 = procs[3]!;
  }, 120_000);
  afterAll(async () => t.close());

  const act = (headers: Headers, code: string, action: string, payload: object) =>
    t.app.inject({ method: 'POST', url: `/api/v1/dossiers/${code}/actions/${action}`, headers, payload });
  const detail = async (headers: Headers, code: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}`, headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ version: number; status: string; allowedActions: string[]; events: { action: string }[] }>();
  };

  it('receives at the counter: national code, due date from the working-day calendar, receipt PDF', async () => {
    t.setNow(local('2026-03-10T09:00:00')); // a Tuesday, no holiday that week
    const officer = await session(t.app, a.officer);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: officer,
      payload: receptionBody(p3, a.agency.id),
    });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json<{ code: string; dueAt: string; status: string }>();
    const escaped = a.agency.code.replace(/\./g, '\\.');
    expect(body.code).toMatch(new RegExp(`^${escaped}-260310-\\d{4}$`));
    // 3 working days after Tue 10/3: Wed, Thu, Fri → Fri 13/3/2026 at the close of office hours (17:00).
    expect(body.dueAt).toBe(local('2026-03-13T17:00:00').toISOString());
    expect(body.status).toBe('received');

    const pdf = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${body.code}/papers/01.pdf`,
      headers: officer,
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain(body.code);
    expect(text).toContain('Nguyễn Văn Đức');
  });

  it('counts working days across the statutory holidays (30/4, 1/5 and the weekend after)', async () => {
    t.setNow(local('2026-04-29T09:00:00')); // Wednesday; 30/4 and 1/5 are days off, then Sat/Sun
    const officer = await session(t.app, a.officer);
    const { dueAt } = await receiveDossier(t.app, officer, receptionBody(p3, a.agency.id));
    expect(dueAt).toBe(local('2026-05-06T17:00:00').toISOString());
  });

  it('sorts the inbox by urgency with counts (overdue, due today, due soon, then by due date)', async () => {
    const officer = async () => session(t.app, u.officer);
    t.setNow(local('2026-03-09T09:00:00')); // Monday
    const e = await receiveDossier(t.app, await officer(), receptionBody(procs[5]!, u.agency.id, 'Hồ sơ E'));
    const b = await receiveDossier(t.app, await officer(), receptionBody(procs[3]!, u.agency.id, 'Hồ sơ B'));
    const aa = await receiveDossier(t.app, await officer(), receptionBody(procs[1]!, u.agency.id, 'Hồ sơ A'));
    t.setNow(local('2026-03-10T09:00:00'));
    const d = await receiveDossier(t.app, await officer(), receptionBody(procs[1]!, u.agency.id, 'Hồ sơ D'));
    t.setNow(local('2026-03-11T10:00:00')); // Wednesday
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/dossiers?scope=agency', headers: await officer() });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json<{ items: { code: string; deadlineStatus: string }[]; counts: Record<string, number> }>();
    expect(page.items.map((i) => i.code)).toEqual([aa.code, d.code, b.code, e.code]);
    expect(page.items.map((i) => i.deadlineStatus)).toEqual(['overdue', 'due_today', 'due_soon', 'on_time']);
    expect(page.counts).toEqual({ overdue: 1, dueToday: 1, dueSoon: 1, onTime: 1, total: 4 });

    const paged = await t.app.inject({ method: 'GET', url: '/api/v1/dossiers?limit=3', headers: await officer() });
    const first = paged.json<{ items: { code: string }[]; nextCursor: string }>();
    expect(first.items).toHaveLength(3);
    const rest = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers?limit=3&cursor=${first.nextCursor}`,
      headers: await officer(),
    });
    expect(rest.json<{ items: { code: string }[] }>().items.map((i) => i.code)).toEqual([e.code]);

    const search = async (q: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/dossiers?q=${encodeURIComponent(q)}`,
          headers: await officer(),
        })
      )
        .json<{ items: { code: string }[] }>()
        .items.map((i) => i.code);
    expect(await search('ho so d')).toEqual([d.code]); // diacritics-insensitive name
    expect(await search(b.code)).toEqual([b.code]);
    expect(await search('045090001234')).toHaveLength(4);
    expect(await search('0912345678')).toHaveLength(4);
    expect(await search('không có ai')).toEqual([]);
  });

  it('walks forward → approve → attach result → return, with the timeline and allowed actions', async () => {
    t.setNow(local('2026-03-16T09:00:00'));
    const [officer, specialist, leader] = [
      await session(t.app, a.officer),
      await session(t.app, a.specialist),
      await session(t.app, a.leader),
    ];
    const { code } = await receiveDossier(t.app, officer, receptionBody(p3, a.agency.id));
    let d = await detail(officer, code);
    expect(d.allowedActions).toContain('forward');
    expect((await detail(specialist, code)).allowedActions).toEqual([]);

    let res = await act(officer, code, 'forward', { version: d.version, assigneeId: a.specialist.id });
    expect(res.statusCode, res.body).toBe(200);
    d = await detail(specialist, code);
    expect(d.allowedActions).toEqual(expect.arrayContaining(['forward', 'return_to_previous_step']));

    res = await act(specialist, code, 'return_to_previous_step', { version: d.version });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: { field: string; message: string }[] }>().errors).toContainEqual({
      field: '/reason',
      message: 'Cần nêu rõ lý do.',
    });

    res = await act(specialist, code, 'forward', { version: d.version, note: 'Đủ điều kiện' });
    expect(res.statusCode, res.body).toBe(200);
    res = await act(specialist, code, 'approve', { version: res.json<{ version: number }>().version });
    expect(res.statusCode).toBe(403);

    d = await detail(leader, code);
    expect(d.allowedActions).toContain('approve');
    res = await act(leader, code, 'approve', { version: d.version });
    expect(res.statusCode, res.body).toBe(200);

    d = await detail(officer, code);
    expect(d.allowedActions).toContain('attach_result');
    // Only result files of this dossier may be attached (checked through the resultFiles dependency).
    res = await act(officer, code, 'attach_result', { version: d.version, resultFileIds: [randomUUID()] });
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['/resultFileIds/0']);
    const fileId = await uploadResult(t.app, officer, code);
    res = await act(officer, code, 'attach_result', { version: d.version, resultFileIds: [fileId] });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ status: string }>().status).toBe('result_ready');
    res = await act(officer, code, 'return_result', {
      version: res.json<{ version: number }>().version,
      returnMethod: 'counter',
    });
    expect(res.statusCode, res.body).toBe(200);
    d = await detail(officer, code);
    expect(d.status).toBe('returned');
    expect(d.allowedActions).toEqual([]);
    expect(d.events.map((e) => e.action)).toEqual([
      'receive',
      'forward',
      'forward',
      'approve',
      'attach_result',
      'return_result',
    ]);
  });

  it('stops the clock while waiting for a supplement and moves the due date by the paused office time', async () => {
    t.setNow(local('2026-03-23T09:00:00')); // Monday
    const officer = await session(t.app, a.officer);
    const { code, dueAt } = await receiveDossier(t.app, officer, receptionBody(p3, a.agency.id));
    expect(dueAt).toBe(local('2026-03-26T17:00:00').toISOString());
    let res = await act(officer, code, 'forward', { version: (await detail(officer, code)).version });
    expect(res.statusCode, res.body).toBe(200);
    t.setNow(local('2026-03-23T10:00:00'));
    const specialist = await session(t.app, a.specialist);
    res = await act(specialist, code, 'request_supplement', { version: res.json<{ version: number }>().version });
    expect(res.statusCode).toBe(422); // a reason is required
    res = await act(specialist, code, 'request_supplement', {
      version: (await detail(specialist, code)).version,
      reason: 'Thiếu bản sao giấy chứng sinh',
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ status: string }>().status).toBe('supplement_requested');
    const paused = await detail(specialist, code);
    expect(paused).toMatchObject({ deadlineStatus: null });
    // One full working day later (Mon 10:00 → Tue 10:00 = 7.5 office hours) the applicant supplements.
    t.setNow(local('2026-03-24T10:00:00'));
    const officerAgain = await session(t.app, a.officer);
    res = await act(officerAgain, code, 'supplement', { version: paused.version, note: 'Đã nộp bổ sung' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ status: string; dueAt: string }>()).toMatchObject({
      status: 'received',
      dueAt: local('2026-03-27T17:00:00').toISOString(),
    });
  });

  it('lets one of two officers acting on the same version win; the other gets 409 stale_version', async () => {
    const officer = await session(t.app, a.officer);
    const { code } = await receiveDossier(t.app, officer, receptionBody(p3, a.agency.id));
    const d = await detail(officer, code);
    await act(officer, code, 'forward', { version: d.version }); // unassigned: any chuyên viên may take it
    const v = (await detail(officer, code)).version;
    const [s1, s2] = [await session(t.app, a.specialist), await session(t.app, a.specialist2)];
    const results = await Promise.all([
      act(s1, code, 'forward', { version: v, note: 'Cán bộ 1' }),
      act(s2, code, 'forward', { version: v, note: 'Cán bộ 2' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    const loser = results.find((r) => r.statusCode === 409)!;
    expect(loser.json<{ code: string }>().code).toBe('stale_version');
    const after = await detail(officer, code);
    expect(after.events.filter((e) => e.action === 'forward')).toHaveLength(2);
  });

  it('creates one dossier for a double POST with the same Idempotency-Key', async () => {
    const officer = await session(t.app, a.officer);
    const body = receptionBody(p3, a.agency.id, 'Võ Thị Một Lần');
    const headers = { ...officer, 'idempotency-key': `dup-${randomUUID()}` };
    const first = await t.app.inject({ method: 'POST', url: '/api/v1/dossiers', headers, payload: body });
    const second = await t.app.inject({ method: 'POST', url: '/api/v1/dossiers', headers, payload: body });
    expect(first.statusCode, first.body).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.json<{ code: string }>().code).toBe(first.json<{ code: string }>().code);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/dossiers?q=vo%20thi%20mot%20lan',
      headers: officer,
    });
    expect(list.json<{ items: unknown[] }>().items).toHaveLength(1);
  });
});
