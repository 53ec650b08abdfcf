import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAgency,
  createDepartment,
  createUser,
  type OrgTestUser,
  type Session,
  signIn,
} from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import type { AgencyRow } from './org.repository.js';

interface TreeNode {
  id: string;
  children: TreeNode[];
}

/**
 * Authorization matrix of the org module, with real sign-ins. World: province P with communes A and
 * B and a Sở S below it, and A1 below A. Administrators: of P (with subordinates), of A, of B.
 */
describe('org authorization', () => {
  let t: TestApp;
  let P: AgencyRow, A: AgencyRow, A1: AgencyRow, B: AgencyRow, S: AgencyRow;
  const u = {} as Record<
    'provAdmin' | 'adminA' | 'adminB' | 'leaderA' | 'officerA' | 'officerA2' | 'officerB' | 'provOfficer' | 'assignerA',
    OrgTestUser
  >;
  const s = {} as Record<keyof typeof u, Session>;

  beforeAll(async () => {
    t = await createTestApp();
    const app = t.app;
    P = await createAgency(app, { name: 'UBND tỉnh Thử Nghiệm', kind: 'ubnd_tinh' });
    A = await createAgency(app, { name: 'UBND xã An Phú', parentId: P.id });
    A1 = await createAgency(app, { name: 'Trạm Thử nghiệm xã An Phú', kind: 'khac', parentId: A.id });
    B = await createAgency(app, { name: 'UBND xã Bình Minh', parentId: P.id });
    S = await createAgency(app, { name: 'Sở Tư pháp Thử Nghiệm', kind: 'so', parentId: P.id });
    // A role that may assign roles but holds few permissions itself (to test escalation and reach).
    await sql`insert into roles (code, name, description) values ('to_chuc', 'Cán bộ tổ chức', 'Thử nghiệm')`.execute(
      app.database.db,
    );
    await sql`insert into role_permissions (role_code, permission) values
      ('to_chuc', 'roles.assign'), ('to_chuc', 'users.read'), ('to_chuc', 'org.read'), ('to_chuc', 'dashboard.view'),
      ('to_chuc', 'procedures.read'), ('to_chuc', 'dossiers.read'), ('to_chuc', 'statistics.read')`.execute(
      app.database.db,
    );

    u.provAdmin = await createUser(app, {
      agencyId: P.id,
      fullName: 'Quản Trị Tỉnh',
      roles: [{ roleCode: 'quan_tri', includeSubordinates: true }],
    });
    u.adminA = await createUser(app, {
      agencyId: A.id,
      fullName: 'Quản Trị An Phú',
      roles: [{ roleCode: 'quan_tri', includeSubordinates: true }],
    });
    u.adminB = await createUser(app, {
      agencyId: B.id,
      fullName: 'Quản Trị Bình Minh',
      roles: [{ roleCode: 'quan_tri', includeSubordinates: true }],
    });
    u.leaderA = await createUser(app, {
      agencyId: A.id,
      fullName: 'Lãnh Đạo An Phú',
      roles: [{ roleCode: 'lanh_dao' }],
    });
    u.officerA = await createUser(app, {
      agencyId: A.id,
      fullName: 'Nguyễn Văn Đức',
      roles: [{ roleCode: 'chuyen_vien' }],
    });
    u.officerA2 = await createUser(app, {
      agencyId: A.id,
      fullName: 'Trần Thị Ánh',
      roles: [{ roleCode: 'can_bo_mot_cua' }],
    });
    u.officerB = await createUser(app, {
      agencyId: B.id,
      fullName: 'Nguyễn Văn Đông',
      roles: [{ roleCode: 'chuyen_vien' }],
    });
    u.provOfficer = await createUser(app, {
      agencyId: S.id,
      fullName: 'Cán Bộ Sở',
      roles: [{ roleCode: 'chuyen_vien' }],
    });
    u.assignerA = await createUser(app, {
      agencyId: A.id,
      fullName: 'Tổ Chức An Phú',
      roles: [{ roleCode: 'to_chuc' }],
    });
    for (const key of Object.keys(u) as (keyof typeof u)[]) s[key] = await signIn(app, u[key]);
  }, 120_000);
  afterAll(async () => t.close());

  const call = (who: Session | null, method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: who ? { ...who } : {}, ...(payload ? { payload } : {}) });

  describe('GET /agencies/tree', () => {
    it('shows the province admin the whole tree, a commune admin only their commune', async () => {
      const prov = await call(s.provAdmin, 'GET', '/agencies/tree');
      expect(prov.statusCode).toBe(200);
      expect(prov.json()).toHaveLength(1);
      expect(prov.json()[0].id).toBe(P.id);
      expect(
        prov
          .json<TreeNode[]>()[0]
          ?.children.map((c) => c.id)
          .sort(),
      ).toEqual([A.id, B.id, S.id].sort());
      const commune = await call(s.adminA, 'GET', '/agencies/tree');
      expect(commune.json<TreeNode[]>().map((r) => r.id)).toEqual([A.id]);
      expect(commune.json<TreeNode[]>()[0]?.children.map((c) => c.id)).toEqual([A1.id]);
      const officer = await call(s.officerB, 'GET', '/agencies/tree');
      expect(officer.json()).toEqual([expect.objectContaining({ id: B.id, children: [] })]);
    });
    it('refuses anonymous callers', async () => {
      expect((await call(null, 'GET', '/agencies/tree')).statusCode).toBe(401);
    });
  });

  describe('agencies and departments', () => {
    it('lets an admin create an agency under one they manage, never under another commune', async () => {
      const body = (parentId: string, code: string) => ({ code, name: 'Tổ Thử nghiệm', kind: 'khac', parentId });
      expect((await call(s.adminA, 'POST', '/agencies', body(A.id, '001.01.61.T99'))).statusCode).toBe(201);
      expect((await call(s.adminA, 'POST', '/agencies', body(B.id, '001.01.62.T99'))).statusCode).toBe(404);
      expect((await call(s.adminA, 'POST', '/agencies', body(P.id, '001.01.63.T99'))).statusCode).toBe(404);
      expect((await call(s.officerA, 'POST', '/agencies', body(A.id, '001.01.64.T99'))).statusCode).toBe(403);
      expect((await call(null, 'POST', '/agencies', body(A.id, '001.01.65.T99'))).statusCode).toBe(401);
      const dup = await call(s.provAdmin, 'POST', '/agencies', body(P.id, '001.01.61.T99'));
      expect(dup.statusCode).toBe(409);
      expect(dup.json().code).toBe('agency_code_taken');
    });

    it('edits an agency with optimistic locking and refuses cycles and other communes', async () => {
      const ok = await call(s.adminA, 'PATCH', `/agencies/${A1.id}`, { version: A1.version, name: 'Trạm mới' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ name: 'Trạm mới', version: A1.version + 1 });
      const stale = await call(s.adminA, 'PATCH', `/agencies/${A1.id}`, { version: A1.version, name: 'Cũ' });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('stale_version');
      expect((await call(s.adminB, 'PATCH', `/agencies/${A1.id}`, { version: 2, name: 'X' })).statusCode).toBe(404);
      expect((await call(s.leaderA, 'PATCH', `/agencies/${A1.id}`, { version: 2, name: 'X' })).statusCode).toBe(403);
      const cycle = await call(s.provAdmin, 'PATCH', `/agencies/${A.id}`, { version: A.version, parentId: A1.id });
      expect(cycle.statusCode).toBe(422);
    });

    it('adds departments only in a managed agency', async () => {
      const ok = await call(s.adminA, 'POST', `/agencies/${A.id}/departments`, {
        code: 'mot_cua',
        name: 'Bộ phận Một cửa',
      });
      expect(ok.statusCode).toBe(201);
      expect(
        (await call(s.adminA, 'POST', `/agencies/${A.id}/departments`, { code: 'mot_cua', name: 'Trùng' })).statusCode,
      ).toBe(409);
      expect(
        (await call(s.adminB, 'POST', `/agencies/${A.id}/departments`, { code: 'khac', name: 'X' })).statusCode,
      ).toBe(404);
      expect(
        (await call(s.officerA, 'POST', `/agencies/${A.id}/departments`, { code: 'khac', name: 'X' })).statusCode,
      ).toBe(403);
    });

    it('shows the catalogues to staff, not to anonymous callers', async () => {
      const positions = await call(s.officerA, 'GET', '/positions');
      expect(positions.statusCode).toBe(200);
      expect(positions.json()).toContainEqual({ code: 'can_bo_mot_cua', name: 'Cán bộ một cửa' });
      const roles = await call(s.officerA, 'GET', '/roles');
      expect(roles.json()).toContainEqual(
        expect.objectContaining({
          code: 'chuyen_vien',
          permissions: ['dashboard.view', 'dossiers.read', 'org.read', 'procedures.read', 'statistics.read'],
        }),
      );
      expect((await call(null, 'GET', '/roles')).statusCode).toBe(401);
      expect((await call(null, 'GET', '/positions')).statusCode).toBe(401);
    });
  });

  describe('GET /users', () => {
    const ids = (res: { json(): { items: { id: string }[] } }) => res.json().items.map((i) => i.id);

    it('gives a commune admin the users of their commune only — not the other commune, not the province', async () => {
      const res = await call(s.adminA, 'GET', '/users?limit=200');
      expect(res.statusCode).toBe(200);
      expect(ids(res)).toEqual(expect.arrayContaining([u.adminA.id, u.leaderA.id, u.officerA.id, u.officerA2.id]));
      expect(ids(res)).not.toContain(u.officerB.id);
      expect(ids(res)).not.toContain(u.adminB.id);
      expect(ids(res)).not.toContain(u.provOfficer.id);
      expect(ids(res)).not.toContain(u.provAdmin.id);
      expect((await call(s.adminA, 'GET', `/users?agencyId=${B.id}`)).statusCode).toBe(404);
      expect((await call(s.adminA, 'GET', `/users?agencyId=${P.id}`)).statusCode).toBe(404);
    });

    it('gives the province admin everyone below the province', async () => {
      const res = await call(s.provAdmin, 'GET', '/users?limit=200');
      expect(ids(res)).toEqual(expect.arrayContaining([u.officerA.id, u.officerB.id, u.provOfficer.id]));
    });

    it('searches names without diacritics and pages with a cursor', async () => {
      const res = await call(s.provAdmin, 'GET', '/users?q=nguyen%20van%20d');
      expect(ids(res).sort()).toEqual([u.officerA.id, u.officerB.id].sort());
      const accented = await call(s.adminA, 'GET', `/users?q=${encodeURIComponent('ĐỨC')}`);
      expect(ids(accented)).toEqual([u.officerA.id]);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await call(s.adminA, 'GET', `/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        const body = page.json<{ items: { id: string }[]; nextCursor: string | null }>();
        expect(body.items.length).toBeLessThanOrEqual(2);
        seen.push(...body.items.map((i) => i.id));
        cursor = body.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.sort()).toEqual(ids(await call(s.adminA, 'GET', '/users?limit=200')).sort());
    });

    it('lets a leader read their agency, and refuses officers without users.read and anonymous callers', async () => {
      expect((await call(s.leaderA, 'GET', '/users')).statusCode).toBe(200);
      expect((await call(s.officerA, 'GET', '/users')).statusCode).toBe(403);
      expect((await call(null, 'GET', '/users')).statusCode).toBe(401);
    });
  });

  describe('GET /users/:id', () => {
    it('answers 404 for a user of another commune or of the province, 403 without users.read', async () => {
      expect((await call(s.adminA, 'GET', `/users/${u.officerA.id}`)).statusCode).toBe(200);
      expect((await call(s.leaderA, 'GET', `/users/${u.officerA.id}`)).statusCode).toBe(200);
      expect((await call(s.adminA, 'GET', `/users/${u.officerB.id}`)).statusCode).toBe(404);
      expect((await call(s.adminB, 'GET', `/users/${u.officerA.id}`)).statusCode).toBe(404);
      expect((await call(s.adminA, 'GET', `/users/${u.provOfficer.id}`)).statusCode).toBe(404);
      expect((await call(s.officerA, 'GET', `/users/${u.officerA2.id}`)).statusCode).toBe(403);
      const detail = await call(s.provAdmin, 'GET', `/users/${u.officerA.id}`);
      expect(detail.json()).toMatchObject({
        username: u.officerA.username,
        agencyId: A.id,
        roles: [{ roleCode: 'chuyen_vien', agencyId: A.id, includeSubordinates: false }],
      });
      expect(detail.json().lastLoginAt).toEqual(expect.any(String));
    });
  });

  describe('POST /users', () => {
    it('creates a user in a managed agency with a temporary password that works once and must be changed', async () => {
      const res = await call(s.adminA, 'POST', '/users', {
        username: 'Moi.AnPhu',
        fullName: 'Cán bộ Mới',
        agencyId: A.id,
      });
      expect(res.statusCode).toBe(201);
      const { user, temporaryPassword } = res.json();
      expect(user).toMatchObject({ username: 'moi.anphu', status: 'active', agencyId: A.id, roles: [] });
      expect(temporaryPassword).toEqual(expect.any(String));
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'moi.anphu', password: temporaryPassword },
      });
      expect(login.json()).toMatchObject({ status: 'ok', me: { mustChangePassword: true } });
    });

    it('refuses another commune (404), a leader (403), a taken username (409), a weak password and a foreign department (422)', async () => {
      const base = { fullName: 'Cán bộ X', agencyId: A.id };
      expect((await call(s.adminB, 'POST', '/users', { ...base, username: 'x.b' })).statusCode).toBe(404);
      expect((await call(s.leaderA, 'POST', '/users', { ...base, username: 'x.c' })).statusCode).toBe(403);
      expect((await call(s.adminA, 'POST', '/users', { ...base, username: u.officerB.username })).statusCode).toBe(409);
      const weak = await call(s.adminA, 'POST', '/users', { ...base, username: 'x.weak', password: 'abc' });
      expect(weak.statusCode).toBe(422);
      expect((await call(s.provAdmin, 'GET', '/users?q=x.weak')).json().items).toEqual([]);
      const deptB = await createDepartment(t.app, B.id);
      expect(
        (await call(s.adminA, 'POST', '/users', { ...base, username: 'x.dept', departmentId: deptB.id })).statusCode,
      ).toBe(422);
    });
  });

  describe('PATCH /users/:id', () => {
    it('edits with optimistic locking; another commune gets 404', async () => {
      const current = (await call(s.adminA, 'GET', `/users/${u.officerA2.id}`)).json();
      const ok = await call(s.adminA, 'PATCH', `/users/${u.officerA2.id}`, {
        version: current.version,
        phone: '0912 345 678',
      });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toMatchObject({ phone: '0912 345 678', version: current.version + 1 });
      const stale = await call(s.adminA, 'PATCH', `/users/${u.officerA2.id}`, {
        version: current.version,
        phone: '0900000000',
      });
      expect(stale.statusCode).toBe(409);
      expect(
        (
          await call(s.adminB, 'PATCH', `/users/${u.officerA2.id}`, {
            version: current.version + 1,
            phone: '0900000000',
          })
        ).statusCode,
      ).toBe(404);
      expect(
        (
          await call(s.leaderA, 'PATCH', `/users/${u.officerA2.id}`, {
            version: current.version + 1,
            phone: '0900000000',
          })
        ).statusCode,
      ).toBe(403);
    });
  });

  describe('lock, unlock, reset password', () => {
    it('locks a user (their session stops working), unlocks them, and audits both', async () => {
      const victim = await createUser(t.app, { agencyId: A.id, roles: [{ roleCode: 'chuyen_vien' }] });
      const session = await signIn(t.app, victim);
      expect((await call(session, 'GET', '/auth/me')).statusCode).toBe(200);
      expect((await call(s.adminB, 'POST', `/users/${victim.id}/lock`, { reason: 'X' })).statusCode).toBe(404);
      expect((await call(s.leaderA, 'POST', `/users/${victim.id}/lock`, { reason: 'X' })).statusCode).toBe(403);
      const locked = await call(s.adminA, 'POST', `/users/${victim.id}/lock`, { reason: 'Nghỉ việc' });
      expect(locked.statusCode).toBe(200);
      expect(locked.json()).toMatchObject({ status: 'locked', lockedReason: 'Nghỉ việc' });
      expect((await call(session, 'GET', '/auth/me')).statusCode).toBe(401);
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: victim.username, password: victim.password },
      });
      expect(login.statusCode).toBe(403);
      expect((await call(s.adminB, 'POST', `/users/${victim.id}/unlock`)).statusCode).toBe(404);
      const unlocked = await call(s.adminA, 'POST', `/users/${victim.id}/unlock`);
      expect(unlocked.json()).toMatchObject({ status: 'active', lockedReason: null });
      const audit = await call(s.provAdmin, 'GET', `/audit?entityType=user&entityId=${victim.id}`);
      expect(audit.statusCode).toBe(200);
      expect(audit.json<{ items: { action: string }[] }>().items.map((r) => r.action)).toEqual(
        expect.arrayContaining(['user.lock', 'user.unlock']),
      );
    });

    it('does not let an admin lock themselves', async () => {
      const res = await call(s.adminB, 'POST', `/users/${u.adminB.id}/lock`, { reason: 'X' });
      expect(res.statusCode).toBe(409);
    });

    it('resets a password to a temporary one; another commune gets 404', async () => {
      const target = await createUser(t.app, { agencyId: A.id });
      expect((await call(s.adminB, 'POST', `/users/${target.id}/reset-password`)).statusCode).toBe(404);
      expect((await call(s.leaderA, 'POST', `/users/${target.id}/reset-password`)).statusCode).toBe(403);
      const res = await call(s.adminA, 'POST', `/users/${target.id}/reset-password`);
      expect(res.statusCode).toBe(200);
      const login = await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: target.username, password: res.json().temporaryPassword },
      });
      expect(login.json()).toMatchObject({ status: 'ok', me: { mustChangePassword: true } });
    });
  });

  describe('PUT /users/:id/roles', () => {
    const put = (who: Session, id: string, assignments: object[]) =>
      call(who, 'PUT', `/users/${id}/roles`, { assignments });

    it('lets a commune admin give roles in their commune, never in another one or at the province', async () => {
      const target = await createUser(t.app, { agencyId: A.id, roles: [{ roleCode: 'chuyen_vien' }] });
      const ok = await put(s.adminA, target.id, [
        { roleCode: 'chuyen_vien', agencyId: A.id, includeSubordinates: false },
        { roleCode: 'van_thu', agencyId: A.id, includeSubordinates: false },
      ]);
      expect(ok.statusCode).toBe(200);
      expect(
        ok
          .json<{ roles: { roleCode: string }[] }>()
          .roles.map((r) => r.roleCode)
          .sort(),
      ).toEqual(['chuyen_vien', 'van_thu']);
      const other = await put(s.adminA, target.id, [
        { roleCode: 'chuyen_vien', agencyId: B.id, includeSubordinates: false },
      ]);
      expect(other.statusCode).toBe(404);
      const up = await put(s.adminA, target.id, [
        { roleCode: 'chuyen_vien', agencyId: P.id, includeSubordinates: false },
      ]);
      expect(up.statusCode).toBe(404);
      expect((await put(s.adminB, target.id, [])).statusCode).toBe(404);
      expect((await put(s.leaderA, target.id, [])).statusCode).toBe(403);
    });

    it('refuses to hand out permissions the caller lacks, or a reach beyond their scope', async () => {
      const target = await createUser(t.app, { agencyId: A.id });
      const escalate = await put(s.assignerA, target.id, [
        { roleCode: 'quan_tri', agencyId: A.id, includeSubordinates: false },
      ]);
      expect(escalate.statusCode).toBe(403);
      expect(escalate.json().code).toBe('permission_escalation');
      const reach = await put(s.assignerA, target.id, [
        { roleCode: 'chuyen_vien', agencyId: A.id, includeSubordinates: true },
      ]);
      expect(reach.statusCode).toBe(403);
      expect(reach.json().code).toBe('grant_outside_scope');
      const fine = await put(s.assignerA, target.id, [
        { roleCode: 'chuyen_vien', agencyId: A.id, includeSubordinates: false },
      ]);
      expect(fine.statusCode).toBe(200);
    });

    it('keeps grants made higher up when they are sent back unchanged, and refuses to remove them', async () => {
      const target = await createUser(t.app, { agencyId: A.id, roles: [{ roleCode: 'chuyen_vien' }] });
      const byProvince = await put(s.provAdmin, target.id, [
        { roleCode: 'chuyen_vien', agencyId: A.id, includeSubordinates: false },
        { roleCode: 'chuyen_vien', agencyId: S.id, includeSubordinates: false },
      ]);
      expect(byProvince.statusCode).toBe(200);
      const dropProvincial = await put(s.adminA, target.id, [
        { roleCode: 'chuyen_vien', agencyId: A.id, includeSubordinates: false },
      ]);
      expect(dropProvincial.statusCode).toBe(404);
      const keep = await put(s.adminA, target.id, [
        { roleCode: 'chuyen_vien', agencyId: A.id, includeSubordinates: false },
        { roleCode: 'chuyen_vien', agencyId: S.id, includeSubordinates: false },
        { roleCode: 'van_thu', agencyId: A.id, includeSubordinates: false },
      ]);
      expect(keep.statusCode).toBe(200);
      expect(keep.json().roles).toHaveLength(3);
    });

    it('applies a change of roles to the user’s very next request (the node’s cached grants are dropped)', async () => {
      const target = await createUser(t.app, { agencyId: A.id, roles: [{ roleCode: 'chuyen_vien' }] });
      const session = await signIn(t.app, target);
      const roles = async () =>
        (await call(session, 'GET', '/auth/me'))
          .json<{ grants: { roleCode: string }[] }>()
          .grants.map((g) => g.roleCode);
      expect(await roles()).toEqual(['chuyen_vien']);
      expect(await roles()).toEqual(['chuyen_vien']); // served from the cache
      const changed = await put(s.adminA, target.id, [
        { roleCode: 'van_thu', agencyId: A.id, includeSubordinates: false },
      ]);
      expect(changed.statusCode).toBe(200);
      expect(await roles()).toEqual(['van_thu']);
    });

    it('does not let an admin change their own roles, and rejects unknown roles', async () => {
      const self = await put(s.adminA, u.adminA.id, [
        { roleCode: 'quan_tri', agencyId: A.id, includeSubordinates: true },
      ]);
      expect(self.statusCode).toBe(403);
      const unknown = await put(s.adminA, u.officerA.id, [
        { roleCode: 'khong_co', agencyId: A.id, includeSubordinates: false },
      ]);
      expect(unknown.statusCode).toBe(422);
    });

    it('expands include_subordinates through the agency tree in the grants', async () => {
      const grants = await t.app.org.getGrants(u.provAdmin.id);
      expect(grants).toHaveLength(1);
      expect(grants[0]?.agencyIds.sort()).toEqual(expect.arrayContaining([P.id, A.id, A1.id, B.id, S.id]));
      const officer = await t.app.org.getGrants(u.officerA.id);
      expect(officer[0]?.agencyIds).toEqual([A.id]);
    });
  });
});
