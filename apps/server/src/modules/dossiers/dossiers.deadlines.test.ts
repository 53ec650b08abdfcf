import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import {
  actOn,
  createCommune,
  createProvince,
  dossierDetail,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
} from './dossiers.factories.js';

const local = (iso: string) => new Date(`${iso}+07:00`);

/** Late dossiers: the once-only extension (Mẫu 04) flagged at least one working day ahead; stop (Mẫu 05). */
describe('dossiers: extension of the deadline and stop at the applicant’s request', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let b: Awaited<ReturnType<typeof createCommune>>;
  let p5: string;
  let p3: string;

  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-03-09T08:00:00') });
    const { province, admin } = await createProvince(t.app);
    a = await createCommune(t.app, province.id, 'UBND xã Gia Hạn');
    b = await createCommune(t.app, province.id, 'UBND xã Láng Giềng');
    const adminH = await session(t.app, admin);
    p5 = (await publishedProcedure(t.app, adminH, [a.agency.id, b.agency.id], 5)).code;
    p3 = (await publishedProcedure(t.app, adminH, [a.agency.id, b.agency.id], 3)).code;
  }, 120_000);
  afterAll(async () => t.close());

  /** Received and forwarded to the specialists' step. */
  async function inProcessing(procedure: string, name: string) {
    const officer = await session(t.app, a.officer);
    const { code, dueAt } = await receiveDossier(t.app, officer, receptionBody(procedure, a.agency.id, name));
    const r = await actOn(t.app, officer, code, 'forward', { version: 1 });
    expect(r.statusCode, r.body).toBe(200);
    return { code, dueAt, version: r.json<{ version: number }>().version };
  }

  it('extends once with an apology and a new date; a second extension is refused (409)', async () => {
    t.setNow(local('2026-03-09T09:00:00')); // Monday
    const { code, dueAt, version } = await inProcessing(p5, 'Người Chờ Gia Hạn');
    expect(dueAt).toBe(local('2026-03-16T17:00:00').toISOString());
    t.setNow(local('2026-03-11T10:00:00')); // Wednesday: well before Fri 13/3 07:30
    const h = {
      officer: await session(t.app, a.officer),
      specialist: await session(t.app, a.specialist),
      leader: await session(t.app, a.leader),
      other: await session(t.app, b.leader),
    };
    const newDueAt = local('2026-03-20T17:00:00').toISOString();
    const body = { version, reason: 'Cần xác minh thêm tại nơi cư trú', newDueAt };
    expect((await dossierDetail(t.app, h.specialist, code)).allowedActions).toContain('extend_deadline');
    // Who may not: the one-stop officer (not on the step), another commune's leader.
    expect((await actOn(t.app, h.officer, code, 'extend_deadline', body)).statusCode).toBe(403);
    expect((await actOn(t.app, h.other, code, 'extend_deadline', body)).statusCode).toBe(404);
    // Fields: a reason, a later date, a working day.
    let r = await actOn(t.app, h.specialist, code, 'extend_deadline', { version, newDueAt });
    expect(r.statusCode).toBe(422);
    r = await actOn(t.app, h.specialist, code, 'extend_deadline', {
      ...body,
      newDueAt: local('2026-03-21T17:00:00').toISOString(), // Saturday
    });
    expect(r.statusCode).toBe(422);
    expect(r.json<{ errors: { field: string; message: string }[] }>().errors).toEqual([
      { field: '/newDueAt', message: 'Ngày hẹn mới phải là ngày làm việc.' },
    ]);
    r = await actOn(t.app, h.specialist, code, 'extend_deadline', {
      ...body,
      newDueAt: local('2026-03-16T10:00:00').toISOString(),
    });
    expect(r.statusCode).toBe(422);

    r = await actOn(t.app, h.specialist, code, 'extend_deadline', body);
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ dueAt: string; status: string }>()).toMatchObject({ dueAt: newDueAt, status: 'received' });
    const d = await t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}`, headers: h.leader });
    expect(d.json<object>()).toMatchObject({ dueAt: newDueAt, originalDueAt: dueAt, extended: true });
    expect(d.json<{ allowedActions: string[] }>().allowedActions).not.toContain('extend_deadline');
    // Mẫu 04 is rendered from this event's data.
    const event = await sql<{ data: { newDueAt: string; previousDueAt: string }; reason: string }>`
      select e.data, e.reason from dossier_events e join dossiers d on d.id = e.dossier_id
      where d.code = ${code} and e.action = 'extend_deadline'`.execute(t.app.database.db);
    expect(event.rows).toEqual([
      { data: { newDueAt, previousDueAt: dueAt }, reason: 'Cần xác minh thêm tại nơi cư trú' },
    ]);

    r = await actOn(t.app, h.leader, code, 'extend_deadline', {
      version: r.json<{ version: number }>().version,
      reason: 'Lần hai',
      newDueAt: local('2026-03-27T17:00:00').toISOString(),
    });
    expect(r.statusCode).toBe(409);
    expect(r.json<{ code: string; detail: string }>()).toMatchObject({
      code: 'extension_used',
      detail: 'Hồ sơ đã được gia hạn một lần; không thể gia hạn thêm.',
    });
  });

  it('refuses an extension asked later than one working day before the due date (409)', async () => {
    t.setNow(local('2026-03-23T09:00:00')); // Monday; 3 working days → due Thu 26/3 17:00
    const { code, dueAt } = await inProcessing(p3, 'Người Báo Muộn');
    expect(dueAt).toBe(local('2026-03-26T17:00:00').toISOString());
    t.setNow(local('2026-03-24T16:00:00')); // Tuesday: still before Wed 25/3 07:30
    let leader = await session(t.app, a.leader);
    expect((await dossierDetail(t.app, leader, code)).allowedActions).toContain('extend_deadline');
    t.setNow(local('2026-03-25T08:00:00')); // Wednesday 08:00: less than one working day is left
    leader = await session(t.app, a.leader);
    const d = await dossierDetail(t.app, leader, code);
    expect(d.allowedActions).not.toContain('extend_deadline');
    const r = await actOn(t.app, leader, code, 'extend_deadline', {
      version: d.version,
      reason: 'Chậm',
      newDueAt: local('2026-03-31T17:00:00').toISOString(),
    });
    expect(r.statusCode).toBe(409);
    expect(r.json<{ code: string; detail: string }>()).toMatchObject({
      code: 'extension_too_late',
      detail: 'Đã quá thời điểm phải báo trễ hạn (chậm nhất 01 ngày làm việc trước hạn giải quyết).',
    });
  });

  it('moves an extended date by the time the dossier then waits for a supplement', async () => {
    t.setNow(local('2026-04-06T09:00:00')); // Monday; 5 days → Mon 13/4 17:00
    const { code, version } = await inProcessing(p5, 'Gia Hạn Rồi Bổ Sung');
    const specialist = await session(t.app, a.specialist);
    const newDueAt = local('2026-04-15T17:00:00').toISOString();
    let r = await actOn(t.app, specialist, code, 'extend_deadline', { version, reason: 'Xác minh', newDueAt });
    expect(r.statusCode, r.body).toBe(200);
    t.setNow(local('2026-04-07T09:00:00'));
    r = await actOn(t.app, await session(t.app, a.specialist), code, 'request_supplement', {
      version: r.json<{ version: number }>().version,
      reason: 'Thiếu giấy tờ',
    });
    expect(r.statusCode, r.body).toBe(200);
    t.setNow(local('2026-04-08T09:00:00')); // one whole working day (7.5 office hours) later
    r = await actOn(t.app, await session(t.app, a.officer), code, 'supplement', {
      version: r.json<{ version: number }>().version,
    });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json<{ dueAt: string }>().dueAt).toBe(local('2026-04-16T17:00:00').toISOString());
  });

  it('stops a dossier at the applicant’s request (Mẫu 05): one-stop desk or leader, with a reason', async () => {
    t.setNow(local('2026-04-20T09:00:00'));
    const { code, version } = await inProcessing(p3, 'Người Xin Dừng');
    const h = {
      officer: await session(t.app, a.officer),
      specialist: await session(t.app, a.specialist),
      other: await session(t.app, b.officer),
    };
    expect((await actOn(t.app, h.other, code, 'stop', { version, reason: 'Đề nghị dừng' })).statusCode).toBe(404);
    expect((await actOn(t.app, h.specialist, code, 'stop', { version, reason: 'Đề nghị dừng' })).statusCode).toBe(403);
    expect((await actOn(t.app, h.officer, code, 'stop', { version })).statusCode).toBe(422);
    const r = await actOn(t.app, h.officer, code, 'stop', {
      version,
      reason: 'Người nộp có đơn đề nghị dừng giải quyết',
    });
    expect(r.statusCode, r.body).toBe(200);
    const d = await dossierDetail(t.app, h.officer, code);
    expect(d).toMatchObject({ status: 'stopped', deadlineStatus: null, allowedActions: [] });
  });
});
