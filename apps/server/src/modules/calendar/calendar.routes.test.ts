import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createStaffUser } from '../../test/factories/auth.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { loginAs } from '../auth/testing.js';

/**
 * The calendar routes on the whole app (both engines: SAOLA_TEST_DB=postgresql), signed in through
 * the real auth module. Who may: anyone reads (public), calendar.manage writes; an officer without
 * it gets 403, an administrator of another agency gets 404 on this agency's office hours.
 */
describe('calendar routes', () => {
  let t: TestApp;
  let agencyId: string;
  let otherAgencyId: string;
  let admin: Awaited<ReturnType<typeof loginAs>>;
  let officer: Awaited<ReturnType<typeof loginAs>>;
  let otherAdmin: Awaited<ReturnType<typeof loginAs>>;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-02-10T09:00:00+07:00') });
    agencyId = await createAgency(t.app);
    otherAgencyId = await createAgency(t.app);
    const a = await createStaffUser(t.app, { agencyId, roles: ['quan_tri'] });
    const o = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'] });
    const x = await createStaffUser(t.app, { agencyId: otherAgencyId, roles: ['quan_tri'] });
    admin = await loginAs(t.app, a.username, a.password);
    officer = await loginAs(t.app, o.username, o.password);
    otherAdmin = await loginAs(t.app, x.username, x.password);
  });
  afterAll(async () => t.close());

  const due = (query: string) => t.app.inject({ method: 'GET', url: `/api/v1/calendar/due?${query}` });
  const enc = encodeURIComponent;

  describe('GET /calendar/due (public)', () => {
    it('counts working days across Tết 2026 and prints the close of office hours', async () => {
      const res = await due(`from=${enc('2026-02-13T10:00:00+07:00')}&amount=3&unit=working_days`);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ dueAt: '2026-02-25T17:00:00+07:00' });
    });

    it('applies the afternoon cut-off and working hours', async () => {
      const late = await due(`from=${enc('2026-02-13T16:00:00+07:00')}&amount=1&unit=working_days&cutoff=15:00`);
      expect(late.json()).toEqual({ dueAt: '2026-02-24T17:00:00+07:00' });
      const hours = await due(`from=${enc('2026-02-13T09:00:00Z')}&amount=2&unit=working_hours`);
      expect(hours.json()).toEqual({ dueAt: '2026-02-23T08:30:00+07:00' }); // 16:00 local Fri + 2 h
      const calendarDays = await due(`from=${enc('2026-02-11T10:00:00+07:00')}&amount=5&unit=calendar_days`);
      expect(calendarDays.json()).toEqual({ dueAt: '2026-02-23T17:00:00+07:00' });
    });

    it('rejects bad input with Vietnamese field messages', async () => {
      for (const q of [
        `from=${enc('2026-02-13T10:00:00')}&amount=1&unit=working_days`, // no time zone: ambiguous
        `from=${enc('2026-02-13T10:00:00+07:00')}&amount=-1&unit=working_days`,
        `from=${enc('2026-02-13T10:00:00+07:00')}&amount=1&unit=weeks`,
        `from=${enc('2026-02-13T10:00:00+07:00')}&amount=1&unit=working_days&cutoff=25:00`,
        `amount=1&unit=working_days`,
        `from=${enc('1980-02-13T10:00:00+07:00')}&amount=1&unit=working_days`,
      ]) {
        const res = await due(q);
        expect(res.statusCode, q).toBe(422);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().errors.length).toBeGreaterThan(0);
      }
    });

    it('resolves an agency code through the org module, and 404s an unknown one', async () => {
      const unknown = await due(
        `from=${enc('2026-02-13T10:00:00+07:00')}&amount=0&unit=working_days&agencyCode=KHONG-CO`,
      );
      expect(unknown.statusCode).toBe(404);
      expect(unknown.json().detail).toContain('KHONG-CO');
    });
  });

  describe('GET /calendar/holidays (public)', () => {
    it('lists 2026 as announced (Thông báo 9441/TB-BNV) with swapped and make-up days', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/calendar/holidays?year=2026' });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toMatchObject({ year: 2026, origin: 'announced', source: expect.stringContaining('9441/TB-BNV') });
      expect(body.days).toContainEqual({
        date: '2026-02-17',
        name: 'Tết Âm lịch (mùng 1 tháng Giêng)',
        kind: 'holiday',
      });
      expect(body.days).toContainEqual(expect.objectContaining({ date: '2026-08-31', kind: 'bridge' }));
      expect(body.days).toContainEqual(expect.objectContaining({ date: '2026-08-22', kind: 'workday' }));
      expect(body.days).toContainEqual(expect.objectContaining({ date: '2026-04-27', kind: 'compensatory' }));
    });

    it('says when a year is derived, and defaults to the current year', async () => {
      const y2030 = await t.app.inject({ method: 'GET', url: '/api/v1/calendar/holidays?year=2030' });
      expect(y2030.json()).toMatchObject({
        year: 2030,
        origin: 'derived',
        source: expect.stringContaining('chưa có thông báo'),
      });
      const current = await t.app.inject({ method: 'GET', url: '/api/v1/calendar/holidays' });
      expect(current.json().year).toBe(2026);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/calendar/holidays?year=1800' })).statusCode).toBe(422);
    });
  });

  describe('PUT /calendar/years/:year', () => {
    // 2027 as an administrator might record an announcement: Friday 12/02 swapped with Saturday 20/02.
    interface YearDto {
      origin: string;
      version: number;
      daysOff: unknown[];
      workingDays: unknown[];
      note: string | null;
    }
    const y2027 = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/v1/calendar/years/2027' })).json<YearDto>();
    const withBridge = (year: { daysOff: unknown[]; version: number }) => ({
      version: year.version,
      daysOff: [
        ...year.daysOff,
        { date: '2027-02-12', name: 'Nghỉ hoán đổi (làm bù thứ Bảy 20/02/2027)', kind: 'bridge' },
      ],
      workingDays: [{ date: '2027-02-20', name: 'Làm bù cho thứ Sáu 12/02/2027' }],
      note: 'Thử nghiệm',
      source: 'Thông báo giả định số 1/TB-KT',
    });

    it('is refused to anonymous callers (401) and to staff without calendar.manage (403)', async () => {
      const body = withBridge(await y2027());
      const anonymous = await t.app.inject({ method: 'PUT', url: '/api/v1/calendar/years/2027', payload: body });
      expect(anonymous.statusCode).toBe(401);
      const noPermission = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/calendar/years/2027',
        headers: officer.headers,
        payload: body,
      });
      expect(noPermission.statusCode).toBe(403);
      expect((await y2027()).origin).toBe('derived');
    });

    it('lets an administrator replace the year, is audited, and changes deadlines at once', async () => {
      const before = await y2027();
      expect(before).toMatchObject({ origin: 'derived', version: 0 });
      const dueBefore = await due(`from=${enc('2027-02-04T10:00:00+07:00')}&amount=1&unit=working_days`);
      expect(dueBefore.json().dueAt).toBe('2027-02-12T17:00:00+07:00');

      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/calendar/years/2027',
        headers: admin.headers,
        payload: withBridge(before),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        year: 2027,
        origin: 'override',
        version: 1,
        source: 'Thông báo giả định số 1/TB-KT',
      });

      const dueAfter = await due(`from=${enc('2027-02-04T10:00:00+07:00')}&amount=1&unit=working_days`);
      expect(dueAfter.json().dueAt).toBe('2027-02-15T17:00:00+07:00');
      const saturday = await due(`from=${enc('2027-02-19T10:00:00+07:00')}&amount=1&unit=working_days`);
      expect(saturday.json().dueAt).toBe('2027-02-20T17:00:00+07:00');
      expect(await t.app.calendar.isWorkingDay('2027-02-20')).toBe(true);

      const holidays = (await t.app.inject({ method: 'GET', url: '/api/v1/calendar/holidays?year=2027' })).json();
      expect(holidays.origin).toBe('override');
      expect(holidays.days).toContainEqual({
        date: '2027-02-20',
        name: 'Làm bù cho thứ Sáu 12/02/2027',
        kind: 'workday',
      });

      const audit = await sql<{ action: string; entity_id: string; agency_id: string | null; actor_id: string | null }>`
        select action, entity_id, agency_id, actor_id from audit_log where action = 'calendar.year_update'`.execute(
        t.app.database.db,
      );
      expect(audit.rows).toEqual([
        { action: 'calendar.year_update', entity_id: '2027', agency_id: null, actor_id: admin.me.id },
      ]);
    });

    it('refuses a stale version with 409 and accepts the current one', async () => {
      const current = await y2027();
      expect(current.version).toBe(1);
      const stale = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/calendar/years/2027',
        headers: admin.headers,
        payload: { version: 0, daysOff: current.daysOff, workingDays: current.workingDays, note: current.note },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('stale_version');
      const ok = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/calendar/years/2027',
        headers: admin.headers,
        payload: { ...current, note: 'Đã kiểm tra' },
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ version: 2, note: 'Đã kiểm tra' });
    });

    it('validates the dates (422 with the offending fields)', async () => {
      const current = await y2027();
      const res = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/calendar/years/2027',
        headers: admin.headers,
        payload: {
          version: current.version,
          daysOff: [
            { date: '2026-12-31', name: 'Sai năm' },
            { date: '2027-03-02', name: 'Ngày nghỉ' },
          ],
          workingDays: [
            { date: '2027-03-03', name: 'Thứ Tư không phải ngày làm bù' },
            { date: '2027-03-02', name: 'Trùng ngày nghỉ' },
          ],
          note: null,
        },
      });
      expect(res.statusCode).toBe(422);
      const fields = res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
      expect(fields.sort()).toEqual([
        '/daysOff/0/date',
        '/workingDays/0/date',
        '/workingDays/1/date',
        '/workingDays/1/date',
      ]);
    });
  });

  describe('office hours', () => {
    const url = () => `/api/v1/calendar/office-hours/${agencyId}`;
    const periods = [
      { start: '08:00', end: '12:00' },
      { start: '13:00', end: '17:30' },
    ];

    it('shows the default hours publicly and 404 for an unknown agency', async () => {
      const res = await t.app.inject({ method: 'GET', url: url() });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        agencyId,
        version: 0,
        isDefault: true,
        periods: [
          { start: '07:30', end: '11:30' },
          { start: '13:30', end: '17:00' },
        ],
      });
      const unknown = await t.app.inject({
        method: 'GET',
        url: '/api/v1/calendar/office-hours/00000000-0000-4000-8000-000000000000',
      });
      expect(unknown.statusCode).toBe(404);
    });

    it('may be changed only with calendar.manage for that agency', async () => {
      const payload = { version: 0, periods };
      expect((await t.app.inject({ method: 'PUT', url: url(), payload })).statusCode).toBe(401);
      expect((await t.app.inject({ method: 'PUT', url: url(), headers: officer.headers, payload })).statusCode).toBe(
        403,
      );
      // An administrator of another agency holds the permission, but not here: the row is not confirmed to exist.
      expect((await t.app.inject({ method: 'PUT', url: url(), headers: otherAdmin.headers, payload })).statusCode).toBe(
        404,
      );
      expect((await t.app.inject({ method: 'GET', url: url() })).json().version).toBe(0);
    });

    it('is updated by the agency’s administrator, with optimistic locking, audit and effect on deadlines', async () => {
      const bad = await t.app.inject({
        method: 'PUT',
        url: url(),
        headers: admin.headers,
        payload: {
          version: 0,
          periods: [
            { start: '08:00', end: '12:00' },
            { start: '11:00', end: '17:00' },
          ],
        },
      });
      expect(bad.statusCode).toBe(422);
      expect(bad.json().errors).toEqual([{ field: '/periods/1/start', message: expect.any(String) }]);

      const res = await t.app.inject({
        method: 'PUT',
        url: url(),
        headers: admin.headers,
        payload: { version: 0, periods },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ agencyId, version: 1, isDefault: false, periods });
      const stale = await t.app.inject({
        method: 'PUT',
        url: url(),
        headers: admin.headers,
        payload: { version: 0, periods },
      });
      expect(stale.statusCode).toBe(409);

      const from = new Date('2026-02-13T17:15:00+07:00');
      expect((await t.app.calendar.dueAt(from, 1, 'working_days', { agencyId })).toISOString()).toBe(
        '2026-02-23T10:30:00.000Z',
      );
      expect((await t.app.calendar.dueAt(from, 1, 'working_days')).toISOString()).toBe('2026-02-24T10:00:00.000Z');
      const code = (
        await sql<{ code: string }>`select code from agencies where id = ${agencyId}`.execute(t.app.database.db)
      ).rows[0]!.code;
      const byCode = await due(`from=${enc(from.toISOString())}&amount=1&unit=working_days&agencyCode=${enc(code)}`);
      expect(byCode.json()).toEqual({ dueAt: '2026-02-23T17:30:00+07:00' });

      const audit = await sql<{ entity_id: string; agency_id: string }>`
        select entity_id, agency_id from audit_log where action = 'calendar.office_hours_update'`.execute(
        t.app.database.db,
      );
      expect(audit.rows).toEqual([{ entity_id: agencyId, agency_id: agencyId }]);
    });
  });

  it('appears in the OpenAPI document', async () => {
    const spec = (await t.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    for (const path of [
      '/api/v1/calendar/due',
      '/api/v1/calendar/holidays',
      '/api/v1/calendar/years/{year}',
      '/api/v1/calendar/office-hours/{agencyId}',
    ]) {
      expect(Object.keys(spec.paths)).toContain(path);
    }
    expect(spec.paths['/api/v1/calendar/years/{year}'].put.tags).toEqual(['Lịch làm việc']);
  });

  describe('app.calendar port', () => {
    it('answers working-day questions for other modules', async () => {
      expect(await t.app.calendar.isWorkingDay('2026-08-22')).toBe(true);
      expect(await t.app.calendar.isWorkingDay(new Date('2026-02-16T03:00:00Z'))).toBe(false);
      const minutes = await t.app.calendar.workingMinutesBetween(
        new Date('2026-02-13T08:00:00+07:00'),
        new Date('2026-02-23T09:00:00+07:00'),
      );
      expect(minutes).toBe(510);
      expect((await t.app.calendar.holidays(2025)).source).toContain('6150');
    });
  });
});
