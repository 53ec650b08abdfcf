import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createAuthTestApp, createStaffUser } from '../../test/factories/auth.js';
import type { TestApp } from '../../test/test-app.js';
import { loginAs } from './testing.js';

let t: TestApp;
let agencyId: string;

beforeAll(async () => {
  t = await createAuthTestApp();
  agencyId = await createAgency(t.app);
});
afterAll(async () => t.close());

const changePassword = (headers: Record<string, string>, currentPassword: string, newPassword: string) =>
  t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { currentPassword, newPassword } });

describe('forced change of a temporary password (QĐ 742/QĐ-BTTTT)', () => {
  it('gives no permissions and only /me, /password, /logout until the password is changed', async () => {
    const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'], mustChangePassword: true });
    const other = await loginAs(t.app, user.username, user.password);
    const s = await loginAs(t.app, user.username, user.password);
    expect(s.me).toMatchObject({ mustChangePassword: true, permissions: [] });
    expect(s.me.grants[0]!.permissions).toEqual([]);

    const act = await t.app.inject({
      method: 'POST',
      url: `/api/v1/_probe/agencies/${agencyId}/act`,
      headers: s.headers,
      payload: {},
    });
    expect(act.statusCode).toBe(403);
    const sessions = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: s.headers });
    expect(sessions.statusCode).toBe(403);
    expect(sessions.json()).toMatchObject({ code: 'password_change_required' });
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', headers: s.headers, payload: {} }))
        .statusCode,
    ).toBe(403);

    const weak = await changePassword(s.headers, user.password, 'matkhau');
    expect(weak.statusCode).toBe(422);
    expect(weak.json()).toMatchObject({ code: 'password_policy' });
    expect(weak.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(
      Array(4).fill('/newPassword'),
    );

    const same = await changePassword(s.headers, user.password, user.password);
    expect(same.statusCode).toBe(422);
    expect(same.json().errors[0].message).toContain('5 mật khẩu gần nhất');

    const wrongCurrent = await changePassword(s.headers, 'Khong-dung-9', 'Mat-khau-Moi-2026');
    expect(wrongCurrent.statusCode).toBe(422);
    expect(wrongCurrent.json().errors).toEqual([
      { field: '/currentPassword', message: 'Mật khẩu hiện tại không đúng.' },
    ]);

    const ok = await changePassword(s.headers, user.password, 'Mat-khau-Moi-2026');
    expect(ok.statusCode).toBe(204);
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers });
    expect(me.json()).toMatchObject({
      mustChangePassword: false,
      permissions: ['dashboard.view', 'dossiers.read', 'org.read', 'procedures.read', 'statistics.read'],
    });
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/_probe/agencies/${agencyId}/act`,
          headers: s.headers,
          payload: {},
        })
      ).statusCode,
    ).toBe(200);

    // The other sessions ended with the change; the old password no longer works.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: other.headers })).statusCode).toBe(
      401,
    );
    await expect(loginAs(t.app, user.username, user.password)).rejects.toThrow(/401/);
    const again = await loginAs(t.app, user.username, 'Mat-khau-Moi-2026');
    expect(again.me.mustChangePassword).toBe(false);

    const audit = await sql<{
      action: string;
    }>`select action from audit_log where entity_id = ${user.id} and action like 'auth.password%' order by seq`.execute(
      t.app.database.db,
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['auth.password_set', 'auth.password_change']);
  });

  it('refuses any of the last 5 passwords, accepts an older one', async () => {
    const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'], password: 'Mat-khau-So-0' });
    const s = await loginAs(t.app, user.username, user.password);
    let current = 'Mat-khau-So-0';
    for (let i = 1; i <= 5; i++) {
      const next = `Mat-khau-So-${i}`;
      expect((await changePassword(s.headers, current, next)).statusCode).toBe(204);
      current = next;
    }
    // History now holds 1…5; 2 is among the last five, 0 is not.
    expect((await changePassword(s.headers, current, 'Mat-khau-So-2')).statusCode).toBe(422);
    expect((await changePassword(s.headers, current, 'Mat-khau-So-0')).statusCode).toBe(204);
    const kept = await sql<{
      n: number;
    }>`select count(*)::int as n from password_history where user_id = ${user.id}`.execute(t.app.database.db);
    expect(kept.rows[0]!.n).toBe(5);
  });

  it('stores argon2id hashes only', async () => {
    const user = await createStaffUser(t.app, { agencyId });
    const row = await sql<{
      password_hash: string;
    }>`select password_hash from staff_credentials where user_id = ${user.id}`.execute(t.app.database.db);
    expect(row.rows[0]!.password_hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(row.rows[0]!.password_hash).not.toContain(user.password);
  });

  it('app.auth.setPassword applies the rules and rejects a password containing the username', async () => {
    const user = await createStaffUser(t.app, { agencyId, username: 'nguyen.van.binh' });
    await expect(t.app.auth.setPassword(user.id, 'X-nguyen.van.binh-1', { mustChange: false })).rejects.toMatchObject({
      status: 422,
      fields: [{ field: '/password', message: 'Mật khẩu không được chứa tên đăng nhập.' }],
    });
  });

  it('app.auth.issueTemporaryPassword: a valid one-time password, sessions ended, lock-out cleared', async () => {
    const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'] });
    const s = await loginAs(t.app, user.username, user.password);
    const ip = '198.51.100.200';
    for (let i = 0; i < 5; i++) {
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        remoteAddress: ip,
        payload: { username: user.username, password: `Sai-${i}-Mat-khau` },
      });
    }
    const temporary = await t.app.auth.issueTemporaryPassword(user.id);
    expect(temporary).toMatch(/^.{14}$/);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(401);
    const fresh = await loginAs(t.app, user.username, temporary);
    expect(fresh.me.mustChangePassword).toBe(true);
    expect(await t.app.auth.lastSignInAt(user.id)).toBeInstanceOf(Date);
  });
});
