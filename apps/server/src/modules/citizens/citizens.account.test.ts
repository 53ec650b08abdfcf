import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../auth/testing.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { createStaffUser } from '../../test/factories/auth.js';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';

describe("the citizen's own data: profile, consents, export, correction requests", () => {
  let t: TestApp;
  let an: CitizenSession;
  let binh: CitizenSession;
  beforeAll(async () => {
    t = await createTestApp();
    an = await signInCitizen(t.app, '0912000001');
    binh = await signInCitizen(t.app, 'binh@example.vn');
  });
  afterAll(async () => t.close());

  const inject = (
    s: CitizenSession | { headers: Record<string, string> } | null,
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    payload?: object,
  ) => t.app.inject({ method, url, headers: s?.headers ?? {}, ...(payload ? { payload } : {}) });

  it('updates the self-declared profile with optimistic locking', async () => {
    const me = (await inject(an, 'GET', '/api/v1/citizen/me')).json<{ version: number; fullName: string | null }>();
    expect(me.fullName).toBeNull();
    const ok = await inject(an, 'PATCH', '/api/v1/citizen/me', {
      version: me.version,
      fullName: '  Nguyễn  Văn An ',
      dateOfBirth: '1990-05-31',
      address: 'Phường Đồng Hới, Quảng Trị',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({
      fullName: 'Nguyễn Văn An',
      dateOfBirth: '1990-05-31',
      address: 'Phường Đồng Hới, Quảng Trị',
      version: me.version + 1,
    });
    const stale = await inject(an, 'PATCH', '/api/v1/citizen/me', { version: me.version, fullName: 'Người Khác' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });
    const bad = await inject(an, 'PATCH', '/api/v1/citizen/me', {
      version: me.version + 1,
      dateOfBirth: '2999-01-01',
      fullName: '<script>',
    });
    expect(bad.statusCode).toBe(422);
    expect(
      bad
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(['/dateOfBirth', '/fullName']);
  });

  it('needs the CSRF header for a cookie-authenticated change', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/citizen/me',
      headers: { cookie: an.cookie },
      payload: { version: 1 },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ code: 'csrf_failed' });
  });

  it('lets the citizen grant and withdraw optional consents, but not the mandatory one', async () => {
    const start = (await inject(an, 'GET', '/api/v1/citizen/me/consents')).json<{
      purposes: { code: string; granted: boolean; mandatory: boolean }[];
    }>();
    expect(start.purposes.find((p) => p.code === 'account')).toMatchObject({ granted: true, mandatory: true });
    // Nothing optional is pre-granted.
    expect(start.purposes.filter((p) => !p.mandatory).every((p) => !p.granted)).toBe(true);

    const grant = await inject(an, 'POST', '/api/v1/citizen/me/consents', {
      purpose: 'notifications.sms',
      granted: true,
    });
    expect(grant.statusCode).toBe(200);
    expect(
      grant
        .json<{ purposes: { code: string; granted: boolean }[] }>()
        .purposes.find((p) => p.code === 'notifications.sms')?.granted,
    ).toBe(true);
    const withdraw = await inject(an, 'POST', '/api/v1/citizen/me/consents', {
      purpose: 'notifications.sms',
      granted: false,
    });
    const after = withdraw.json<{
      purposes: { code: string; granted: boolean }[];
      history: { purpose: string; granted: boolean; withdrawnAt: string | null }[];
    }>();
    expect(after.purposes.find((p) => p.code === 'notifications.sms')?.granted).toBe(false);
    // The history keeps the grant, now marked withdrawn.
    expect(after.history.filter((h) => h.purpose === 'notifications.sms')).toEqual([
      expect.objectContaining({ granted: true, withdrawnAt: expect.any(String) }),
    ]);

    const mandatory = await inject(an, 'POST', '/api/v1/citizen/me/consents', { purpose: 'account', granted: false });
    expect(mandatory.statusCode).toBe(409);
    expect(mandatory.json()).toMatchObject({ code: 'consent_mandatory' });
    const unknown = await inject(an, 'POST', '/api/v1/citizen/me/consents', { purpose: 'marketing', granted: true });
    expect(unknown.statusCode).toBe(422);
  });

  it("exports the citizen's data as a JSON attachment, and only theirs", async () => {
    await inject(an, 'POST', '/api/v1/citizen/me/correction-requests', {
      field: 'address',
      requestedValue: 'Xã Vĩnh Linh, Quảng Trị',
      reason: 'Tôi đã chuyển nhà',
    });
    await t.app.privacy.logSensitiveAccess(
      { actorKind: 'staff', actorId: null, actorName: 'cb.motcua', ip: '10.0.0.9', userAgent: null, requestId: null },
      { citizenId: an.citizenId, itemType: 'id_card_image', itemId: 'file-1', purpose: 'Kiểm tra hồ sơ 44.001' },
    );
    const res = await inject(an, 'GET', '/api/v1/citizen/me/export');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="du-lieu-ca-nhan-\d{8}\.json"$/);
    const doc = res.json<Record<string, unknown>>();
    expect(doc).toMatchObject({
      legalBasis: expect.stringContaining('91/2025/QH15'),
      profile: { id: an.citizenId, phone: '+84912000001', fullName: 'Nguyễn Văn An' },
      consents: expect.arrayContaining([expect.objectContaining({ purpose: 'account', granted: true })]),
      correctionRequests: [
        expect.objectContaining({ field: 'address', requestedValue: 'Xã Vĩnh Linh, Quảng Trị', status: 'pending' }),
      ],
      sensitiveDataAccess: [
        expect.objectContaining({
          actorName: 'cb.motcua',
          itemType: 'id_card_image',
          purpose: 'Kiểm tra hồ sơ 44.001',
        }),
      ],
    });
    expect(JSON.stringify(doc)).not.toContain('binh@example.vn');
    const other = (await inject(binh, 'GET', '/api/v1/citizen/me/export')).json<{
      correctionRequests: unknown[];
      sensitiveDataAccess: unknown[];
    }>();
    expect(other.correctionRequests).toEqual([]);
    expect(other.sensitiveDataAccess).toEqual([]);
    expect((await inject(null, 'GET', '/api/v1/citizen/me/export')).statusCode).toBe(401);
  });

  it('validates a correction request per field', async () => {
    const bad = await inject(binh, 'POST', '/api/v1/citizen/me/correction-requests', {
      field: 'dateOfBirth',
      requestedValue: '31/05/1990',
      reason: 'sai',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ errors: [{ field: '/requestedValue' }] });
    const badField = await inject(binh, 'POST', '/api/v1/citizen/me/correction-requests', {
      field: 'password',
      requestedValue: 'x',
      reason: 'y',
    });
    expect(badField.statusCode).toBe(422);
  });

  it('correction requests: a citizen sees only their own; staff need privacy.manage; approval corrects the profile', async () => {
    const created = await inject(binh, 'POST', '/api/v1/citizen/me/correction-requests', {
      field: 'fullName',
      requestedValue: 'Trần Thị Bình',
      reason: 'Tên trên giấy tờ',
    });
    expect(created.statusCode).toBe(201);
    const req = created.json<{ id: string; status: string; currentValue: string | null }>();
    expect(req).toMatchObject({ status: 'pending', currentValue: null });

    const mine = (await inject(binh, 'GET', '/api/v1/citizen/me/correction-requests')).json<{
      items: { id: string }[];
    }>();
    expect(mine.items.map((i) => i.id)).toEqual([req.id]);
    const anList = (await inject(an, 'GET', '/api/v1/citizen/me/correction-requests')).json<{
      items: { id: string }[];
    }>();
    expect(anList.items.map((i) => i.id)).not.toContain(req.id);
    // A citizen is not staff: the staff routes are closed to them.
    expect((await inject(an, 'GET', '/api/v1/privacy/correction-requests')).statusCode).toBe(403);
    expect(
      (await inject(an, 'POST', `/api/v1/privacy/correction-requests/${req.id}/resolve`, { decision: 'approved' }))
        .statusCode,
    ).toBe(403);
    expect((await inject(null, 'GET', '/api/v1/privacy/correction-requests')).statusCode).toBe(401);

    const clerk = await createStaffUser(t.app, { roles: ['chuyen_vien'] });
    const clerkSession = await loginAs(t.app, clerk.username, clerk.password);
    expect((await inject(clerkSession, 'GET', '/api/v1/privacy/correction-requests')).statusCode).toBe(403);
    expect(
      (
        await inject(clerkSession, 'POST', `/api/v1/privacy/correction-requests/${req.id}/resolve`, {
          decision: 'approved',
        })
      ).statusCode,
    ).toBe(403);

    const admin = await createStaffUser(t.app, { roles: ['quan_tri'] });
    const adminSession = await loginAs(t.app, admin.username, admin.password);
    const list = await inject(adminSession, 'GET', '/api/v1/privacy/correction-requests?status=pending');
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: { id: string; citizen: { email: string | null } }[] }>().items;
    expect(items.find((i) => i.id === req.id)?.citizen.email).toBe('binh@example.vn');

    const rejectWithoutNote = await inject(
      adminSession,
      'POST',
      `/api/v1/privacy/correction-requests/${req.id}/resolve`,
      { decision: 'rejected' },
    );
    expect(rejectWithoutNote.statusCode).toBe(422);
    const approved = await inject(adminSession, 'POST', `/api/v1/privacy/correction-requests/${req.id}/resolve`, {
      decision: 'approved',
      note: 'Đã đối chiếu căn cước',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      status: 'approved',
      applied: true,
      decisionNote: 'Đã đối chiếu căn cước',
      resolvedByName: admin.username,
    });
    const again = await inject(adminSession, 'POST', `/api/v1/privacy/correction-requests/${req.id}/resolve`, {
      decision: 'rejected',
      note: 'x',
    });
    expect(again.statusCode).toBe(409);

    const me = (await inject(binh, 'GET', '/api/v1/citizen/me')).json<{ fullName: string }>();
    expect(me.fullName).toBe('Trần Thị Bình');
    const pending = (await inject(adminSession, 'GET', '/api/v1/privacy/correction-requests?status=pending')).json<{
      items: { id: string }[];
    }>();
    expect(pending.items.map((i) => i.id)).not.toContain(req.id);
  });

  it('the sensitive-data access log is for privacy staff only', async () => {
    const admin = await createStaffUser(t.app, { roles: ['quan_tri'] });
    const adminSession = await loginAs(t.app, admin.username, admin.password);
    const res = await inject(adminSession, 'GET', `/api/v1/privacy/sensitive-access?citizenId=${an.citizenId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      items: [{ itemType: 'id_card_image', citizenId: an.citizenId, actorName: 'cb.motcua' }],
      nextCursor: null,
    });
    expect((await inject(an, 'GET', '/api/v1/privacy/sensitive-access')).statusCode).toBe(403);
  });
});
