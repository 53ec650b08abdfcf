import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAgency,
  createAuthTestApp,
  createStaffUser,
  setUserStatus,
  TEST_PASSWORD,
} from '../../test/factories/auth.js';
import type { TestApp } from '../../test/test-app.js';
import { loginAs } from './testing.js';

let t: TestApp;
let agencyId: string;
let ipCounter = 1;
/** Each test signs in from its own address, so address lock-outs and rate limits stay apart. */
const newIp = () => `198.51.100.${ipCounter++}`;

const login = (username: string, password: string, ip: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/login',
    payload: { username, password },
    remoteAddress: ip,
    headers,
  });

async function auditActions(entityId: string) {
  const rows = await sql<{
    action: string;
  }>`select action from audit_log where entity_id = ${entityId} order by seq`.execute(t.app.database.db);
  return rows.rows.map((r) => r.action);
}

beforeAll(async () => {
  t = await createAuthTestApp();
  agencyId = await createAgency(t.app);
});
afterAll(async () => t.close());

describe('POST /auth/login', () => {
  it('signs in with the right password: httpOnly session cookie, readable CSRF cookie, Me', async () => {
    const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'] });
    const res = await login(user.username, user.password, newIp());
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      status: 'ok',
      me: {
        id: user.id,
        username: user.username,
        mustChangePassword: false,
        totpEnabled: false,
        totpRequired: false,
        permissions: ['dashboard.view', 'dossiers.read', 'org.read', 'procedures.read', 'statistics.read'],
        grants: [{ roleCode: 'chuyen_vien', agencyId, permissions: expect.arrayContaining(['org.read']) }],
      },
    });
    expect(body.me.grants[0].agencyName).toMatch(/^UBND xã /);
    const session = res.cookies.find((c) => c.name === 'saola_session')!;
    const csrf = res.cookies.find((c) => c.name === 'saola_csrf')!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(session.secure).toBeFalsy();
    expect(csrf.httpOnly).toBeFalsy();
    expect(csrf.value.length).toBeGreaterThan(20);

    // Only the SHA-256 of the cookie value is stored.
    const stored = await sql<{
      token_hash: string;
    }>`select token_hash from sessions where subject_id = ${user.id}`.execute(t.app.database.db);
    expect(stored.rows).toEqual([{ token_hash: createHash('sha256').update(session.value).digest('hex') }]);

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', cookies: { saola_session: session.value } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual(body.me);
    expect(await auditActions(user.id)).toContain('auth.login');
  });

  it('answers a wrong password and an unknown user alike, and logs both', async () => {
    const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'] });
    const ip = newIp();
    const wrong = await login(user.username, 'Sai-mat-khau-1', ip);
    const unknown = await login('khong.ton.tai', 'Sai-mat-khau-1', ip);
    for (const res of [wrong, unknown]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({
        code: 'invalid_credentials',
        detail: 'Tên đăng nhập hoặc mật khẩu không đúng.',
      });
      expect(res.cookies.find((c) => c.name === 'saola_session')).toBeUndefined();
    }
    expect(await auditActions(user.id)).toEqual(expect.arrayContaining(['auth.login_failed']));
    const anon = await sql<{ n: number }>`select count(*)::int as n from audit_log
      where action = 'auth.login_failed' and entity_id is null and after->>'username' = 'khong.ton.tai'`.execute(
      t.app.database.db,
    );
    expect(anon.rows[0]!.n).toBe(1);
  });

  it('locks the account after 5 failures for 1 minute, doubling each time, even for the right password', async () => {
    const start = new Date('2026-03-02T02:00:00Z');
    t.setNow(start);
    try {
      const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'] });
      const ip = newIp();
      for (let i = 0; i < 4; i++) expect((await login(user.username, `Sai-mat-khau-${i}`, ip)).statusCode).toBe(401);
      const fifth = await login(user.username, 'Sai-mat-khau-5', ip);
      expect(fifth.statusCode).toBe(429);
      expect(fifth.json()).toMatchObject({ code: 'account_locked', retryAfter: 60 });
      expect(fifth.headers['retry-after']).toBe('60');

      const right = await login(user.username, user.password, ip);
      expect(right.statusCode).toBe(429);
      expect(right.json()).toMatchObject({ code: 'account_locked' });

      t.setNow(new Date(start.getTime() + 61_000));
      for (let i = 0; i < 4; i++) expect((await login(user.username, `Sai-${i}-Abc`, ip)).statusCode).toBe(401);
      const second = await login(user.username, 'Sai-mat-khau-6', ip);
      expect(second.json()).toMatchObject({ code: 'account_locked', retryAfter: 120 });

      t.setNow(new Date(start.getTime() + (61 + 119) * 1000));
      expect((await login(user.username, user.password, ip)).json()).toMatchObject({
        code: 'account_locked',
        retryAfter: 1,
      });
      t.setNow(new Date(start.getTime() + (61 + 121) * 1000));
      const ok = await login(user.username, user.password, ip);
      expect(ok.statusCode).toBe(200);
      expect(await auditActions(user.id)).toEqual(expect.arrayContaining(['auth.lockout', 'auth.login']));

      // A success clears the account's counter: the next failure is the first one again.
      expect((await login(user.username, 'Sai-mat-khau-7', ip)).statusCode).toBe(401);
    } finally {
      t.setNow(new Date());
    }
  });

  it('locks an address after 20 failures, whichever accounts it tries', async () => {
    const ip = newIp();
    for (let i = 0; i < 19; i++) expect((await login(`doan.${i}`, 'Sai-mat-khau-1', ip)).statusCode).toBe(401);
    const twentieth = await login('doan.20', 'Sai-mat-khau-1', ip);
    expect(twentieth.statusCode).toBe(429);
    expect(twentieth.json().detail).toContain('địa chỉ mạng');
    const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'] });
    expect((await login(user.username, user.password, ip)).statusCode).toBe(429);
    expect((await login(user.username, user.password, newIp())).statusCode).toBe(200);
  });

  it('refuses a user locked by an administrator (after the password only) and ends their sessions', async () => {
    const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'] });
    const s = await loginAs(t.app, user.username, user.password);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(200);
    await setUserStatus(t.app, user.id, 'locked');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers });
    expect(me.statusCode).toBe(401);
    const ip = newIp();
    expect((await login(user.username, 'Sai-mat-khau-1', ip)).json()).toMatchObject({ code: 'invalid_credentials' });
    const refused = await login(user.username, user.password, ip);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'account_disabled' });
    await setUserStatus(t.app, user.id, 'active');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers: s.headers })).statusCode).toBe(200);
  });

  it('refuses a sign-in posted from another site (login CSRF) but accepts our own origin', async () => {
    const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'] });
    const ip = newIp();
    const evil = await login(user.username, user.password, ip, { origin: 'https://evil.example' });
    expect(evil.statusCode).toBe(403);
    expect(evil.json()).toMatchObject({ code: 'cross_site_request' });
    const fetchSite = await login(user.username, user.password, ip, { 'sec-fetch-site': 'cross-site' });
    expect(fetchSite.statusCode).toBe(403);
    const own = await login(user.username, user.password, ip, {
      origin: t.config.publicUrl,
      'sec-fetch-site': 'same-origin',
    });
    expect(own.statusCode).toBe(200);
    // A page whose referrer policy hides the origin makes the browser send `Origin: null`:
    // accepted only when the browser itself says the post came from this site.
    const hiddenSame = await login(user.username, user.password, ip, {
      origin: 'null',
      'sec-fetch-site': 'same-origin',
    });
    expect(hiddenSame.statusCode).toBe(200);
    const hiddenOther = await login(user.username, user.password, ip, { origin: 'null' });
    expect(hiddenOther.statusCode).toBe(403);
  });

  it('sends a referrer policy under which browsers keep the Origin header on our own forms', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/health' });
    expect(res.headers['referrer-policy']).toBe('same-origin');
  });

  it('rate-limits the sign-in route per address (30 a minute), successful or not', async () => {
    const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'], password: TEST_PASSWORD });
    const ip = newIp();
    const codes: number[] = [];
    for (let i = 0; i < 31; i++) codes.push((await login(user.username, user.password, ip)).statusCode);
    expect(codes.slice(0, 30).every((c) => c === 200)).toBe(true);
    const limited = await login(user.username, user.password, ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ code: 'too_many_requests' });
    expect((await login(user.username, user.password, newIp())).statusCode).toBe(200);
  });
});
