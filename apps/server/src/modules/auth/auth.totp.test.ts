import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createAuthTestApp, createStaffUser } from '../../test/factories/auth.js';
import type { TestApp } from '../../test/test-app.js';
import { loginAs, totpCode, totpSecretOf } from './testing.js';

let t: TestApp;
let agencyId: string;
let ipCounter = 1;
const newIp = () => `203.0.113.${ipCounter++}`;

beforeAll(async () => {
  t = await createAuthTestApp();
  agencyId = await createAgency(t.app);
});
afterAll(async () => t.close());

const post = (url: string, payload: object, headers: Record<string, string> = {}, ip = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: `/api/v1${url}`, payload, headers, remoteAddress: ip });

describe('TOTP required by role (quan_tri)', () => {
  it('enrols at first sign-in, then asks for a code at every sign-in; codes work once', async () => {
    const start = new Date('2026-05-04T01:00:05Z');
    t.setNow(start);
    try {
      const admin = await createStaffUser(t.app, { agencyId, roles: ['quan_tri'] });
      const ip = newIp();
      const first = await post('/auth/login', { username: admin.username, password: admin.password }, {}, ip);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toEqual({ status: 'totp_setup_required', challengeId: expect.any(String) });
      expect(first.cookies.find((c) => c.name === 'saola_session')).toBeUndefined();
      const { challengeId } = first.json();

      // The second step cannot be skipped: a code before any QR code was made is refused.
      expect((await post('/auth/login/totp', { challengeId, code: '123456' }, {}, ip)).json()).toMatchObject({
        code: 'totp_setup_not_started',
      });

      const setup = await post('/auth/totp/setup', { challengeId }, {}, ip);
      expect(setup.statusCode).toBe(200);
      const { secret, otpauthUrl, qrDataUrl } = setup.json();
      expect(otpauthUrl).toContain(`secret=${secret}`);
      expect(qrDataUrl).toMatch(/^data:image\/png;base64,/);
      // The seed is stored encrypted, never in clear.
      const stored = await sql<{
        totp_pending_secret_enc: string;
      }>`select totp_pending_secret_enc from staff_credentials where user_id = ${admin.id}`.execute(t.app.database.db);
      expect(stored.rows[0]!.totp_pending_secret_enc).not.toContain(secret);

      const bad = await post('/auth/login/totp', { challengeId, code: '000000' }, {}, ip);
      expect(bad.statusCode).toBe(401);
      expect(bad.json()).toMatchObject({ code: 'invalid_totp_code' });

      const ok = await post('/auth/login/totp', { challengeId, code: totpCode(secret, start) }, {}, ip);
      expect(ok.statusCode).toBe(200);
      expect(ok.json().me).toMatchObject({
        totpEnabled: true,
        totpRequired: true,
        permissions: expect.arrayContaining(['users.manage']),
      });
      expect(ok.cookies.find((c) => c.name === 'saola_session')?.value).toBeTruthy();
      // A challenge is used once.
      expect(
        (await post('/auth/login/totp', { challengeId, code: totpCode(secret, start) }, {}, ip)).json(),
      ).toMatchObject({
        code: 'challenge_expired',
      });

      // Next sign-in: a code is required, and the code already used is refused (replay).
      const second = await post('/auth/login', { username: admin.username, password: admin.password }, {}, ip);
      expect(second.json()).toEqual({ status: 'totp_required', challengeId: expect.any(String) });
      const replay = await post(
        '/auth/login/totp',
        { challengeId: second.json().challengeId, code: totpCode(secret, start) },
        {},
        ip,
      );
      expect(replay.json()).toMatchObject({ code: 'invalid_totp_code' });
      t.setNow(new Date(start.getTime() + 30_000));
      const next = await post(
        '/auth/login/totp',
        { challengeId: second.json().challengeId, code: totpCode(secret, t.app.clock()) },
        {},
        ip,
      );
      expect(next.statusCode).toBe(200);

      // Setup through a challenge is only for enrolment.
      const third = await post('/auth/login', { username: admin.username, password: admin.password }, {}, ip);
      expect((await post('/auth/totp/setup', { challengeId: third.json().challengeId }, {}, ip)).statusCode).toBe(409);

      const actions = await sql<{
        action: string;
      }>`select action from audit_log where entity_id = ${admin.id} order by seq`.execute(t.app.database.db);
      expect(actions.rows.map((r) => r.action)).toEqual(
        expect.arrayContaining(['auth.totp_enable', 'auth.login', 'auth.login_failed']),
      );
    } finally {
      t.setNow(new Date());
    }
  });

  it('expires a challenge after 5 minutes and after 5 wrong codes', async () => {
    const start = new Date('2026-05-05T01:00:05Z');
    t.setNow(start);
    try {
      const admin = await createStaffUser(t.app, { agencyId, roles: ['quan_tri'] });
      await loginAs(t.app, admin.username, admin.password); // enrols
      const secret = await totpSecretOf(t.app, admin.username);
      const ip = newIp();
      const c1 = (await post('/auth/login', { username: admin.username, password: admin.password }, {}, ip)).json()
        .challengeId;
      t.setNow(new Date(start.getTime() + 5 * 60_000 + 1000));
      const late = await post('/auth/login/totp', { challengeId: c1, code: totpCode(secret, t.app.clock()) }, {}, ip);
      expect(late.json()).toMatchObject({ code: 'challenge_expired' });

      const c2 = (await post('/auth/login', { username: admin.username, password: admin.password }, {}, ip)).json()
        .challengeId;
      for (let i = 0; i < 4; i++)
        expect((await post('/auth/login/totp', { challengeId: c2, code: '000000' }, {}, ip)).statusCode).toBe(401);
      // The fifth wrong code also locks the account (failures count like wrong passwords).
      expect((await post('/auth/login/totp', { challengeId: c2, code: '000000' }, {}, ip)).json()).toMatchObject({
        code: 'account_locked',
      });
      t.setNow(new Date(start.getTime() + 7 * 60_000));
      expect(
        (await post('/auth/login/totp', { challengeId: c2, code: totpCode(secret, t.app.clock()) }, {}, ip)).json(),
      ).toMatchObject({
        code: 'challenge_expired',
      });
    } finally {
      t.setNow(new Date());
    }
  });

  it('cannot be turned off by an administrator whose role requires it', async () => {
    const admin = await createStaffUser(t.app, { agencyId, roles: ['quan_tri'] });
    const s = await loginAs(t.app, admin.username, admin.password);
    const res = await post('/auth/totp/disable', { password: admin.password }, s.headers);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'totp_required_by_role' });
  });
});

describe('optional TOTP for other roles', () => {
  it('enables from the account page, then is asked at sign-in, then disables with the password', async () => {
    const user = await createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'] });
    const s = await loginAs(t.app, user.username, user.password);
    expect(s.me).toMatchObject({ totpEnabled: false, totpRequired: false });
    const setup = await post('/auth/totp/setup', {}, s.headers);
    expect(setup.statusCode).toBe(200);
    const { secret } = setup.json();
    const wrong = await post('/auth/totp/enable', { code: '000000' }, s.headers);
    expect(wrong.statusCode).toBe(422);
    expect((await post('/auth/totp/enable', { code: totpCode(secret, t.app.clock()) }, s.headers)).statusCode).toBe(
      204,
    );
    expect((await post('/auth/totp/setup', {}, s.headers)).json()).toMatchObject({ code: 'totp_already_enabled' });

    const login = await post('/auth/login', { username: user.username, password: user.password }, {}, newIp());
    expect(login.json().status).toBe('totp_required');

    expect((await post('/auth/totp/disable', { password: 'Khong-dung-1' }, s.headers)).statusCode).toBe(422);
    expect((await post('/auth/totp/disable', { password: user.password }, s.headers)).statusCode).toBe(204);
    const after = await post('/auth/login', { username: user.username, password: user.password }, {}, newIp());
    expect(after.json().status).toBe('ok');
    const actions = await sql<{
      action: string;
    }>`select action from audit_log where entity_id = ${user.id} and action like 'auth.totp%' order by seq`.execute(
      t.app.database.db,
    );
    expect(actions.rows.map((r) => r.action)).toEqual(['auth.totp_enable', 'auth.totp_disable']);
  });

  it('setup needs a session or a live enrolment challenge', async () => {
    expect((await post('/auth/totp/setup', {})).statusCode).toBe(401);
    const bogus = await post('/auth/totp/setup', { challengeId: '0b8a3c1e-8f0e-4d55-9f57-6a1d2f3c4b5a' });
    expect(bogus.json()).toMatchObject({ code: 'challenge_expired' });
  });
});
