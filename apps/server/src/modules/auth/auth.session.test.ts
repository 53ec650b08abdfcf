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

const me = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/auth/me', headers });
const act = (headers: Record<string, string>, agency = agencyId) =>
  t.app.inject({ method: 'POST', url: `/api/v1/_probe/agencies/${agency}/act`, headers, payload: {} });

async function newUser() {
  return createStaffUser(t.app, { agencyId, roles: ['chuyen_vien'] });
}

describe('CSRF (double submit, bound to the session)', () => {
  it('refuses an unsafe cookie-authenticated request without the header, or with a wrong one', async () => {
    const user = await newUser();
    const s = await loginAs(t.app, user.username, user.password);
    const missing = await act({ cookie: s.cookie });
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toMatchObject({ code: 'csrf_failed' });
    const wrong = await act({ cookie: s.cookie, 'x-csrf-token': `${s.csrf.slice(0, -2)}xx` });
    expect(wrong.json()).toMatchObject({ code: 'csrf_failed' });
    expect((await act(s.headers)).statusCode).toBe(200);
    // Safe methods need no token.
    expect((await me({ cookie: s.cookie })).statusCode).toBe(200);
  });

  it("refuses another session's token (a planted cookie does not help)", async () => {
    const a = await loginAs(t.app, (await newUser()).username, 'Saola@Kiem-tra-2025');
    const b = await loginAs(t.app, (await newUser()).username, 'Saola@Kiem-tra-2025');
    const res = await act({
      cookie: `saola_session=${a.cookie.split(';')[0]!.split('=')[1]}; saola_csrf=${b.csrf}`,
      'x-csrf-token': b.csrf,
    });
    expect(res.json()).toMatchObject({ code: 'csrf_failed' });
  });

  it('accepts the token as a `_csrf` form field or query parameter (forms without JavaScript)', async () => {
    const s = await loginAs(t.app, (await newUser()).username, 'Saola@Kiem-tra-2025');
    const form = (body: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/_probe/form',
        headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
      });
    expect((await form('a=1')).statusCode).toBe(403);
    expect((await form(`a=1&_csrf=${encodeURIComponent(s.csrf)}`)).statusCode).toBe(200);
    const viaQuery = await t.app.inject({
      method: 'POST',
      url: `/api/v1/_probe/form?_csrf=${encodeURIComponent(s.csrf)}`,
      headers: { cookie: s.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'a=1',
    });
    expect(viaQuery.statusCode).toBe(200);
  });
});

describe('session lifetime (QĐ 742/QĐ-BTTTT: session timeout)', () => {
  it('ends after SESSION_IDLE_MINUTES without activity, and activity keeps it alive', async () => {
    const start = new Date('2026-04-06T01:00:00Z');
    t.setNow(start);
    try {
      const s = await loginAs(t.app, (await newUser()).username, 'Saola@Kiem-tra-2025');
      const idle = t.config.sessionIdleMinutes * 60_000;
      t.setNow(new Date(start.getTime() + idle - 60_000));
      expect((await me(s.headers)).statusCode).toBe(200);
      // last seen moved, so another almost-idle period is still fine…
      t.setNow(new Date(start.getTime() + 2 * idle - 120_000));
      expect((await me(s.headers)).statusCode).toBe(200);
      // …but one idle period plus a second is not.
      t.setNow(new Date(start.getTime() + 3 * idle));
      const expired = await me(s.headers);
      expect(expired.statusCode).toBe(401);
      expect(expired.cookies.find((c) => c.name === 'saola_session')?.value).toBe('');
    } finally {
      t.setNow(new Date());
    }
  });

  it('ends 12 hours after sign-in even when active', async () => {
    const start = new Date('2026-04-07T01:00:00Z');
    t.setNow(start);
    try {
      const s = await loginAs(t.app, (await newUser()).username, 'Saola@Kiem-tra-2025');
      for (let m = 20; m < 12 * 60; m += 20) {
        t.setNow(new Date(start.getTime() + m * 60_000));
        expect((await me(s.headers)).statusCode).toBe(200);
      }
      t.setNow(new Date(start.getTime() + 12 * 3600_000 + 1000));
      expect((await me(s.headers)).statusCode).toBe(401);
    } finally {
      t.setNow(new Date());
    }
  });

  it('writes last_seen_at at most once a minute', async () => {
    const start = new Date('2026-04-08T01:00:00Z');
    t.setNow(start);
    try {
      const user = await newUser();
      const s = await loginAs(t.app, user.username, user.password);
      const lastSeen = async () =>
        (
          await sql<{ last_seen_at: Date }>`select last_seen_at from sessions where subject_id = ${user.id}`.execute(
            t.app.database.db,
          )
        ).rows[0]!.last_seen_at.getTime();
      t.setNow(new Date(start.getTime() + 30_000));
      await me(s.headers);
      expect(await lastSeen()).toBe(start.getTime());
      t.setNow(new Date(start.getTime() + 61_000));
      await me(s.headers);
      expect(await lastSeen()).toBe(start.getTime() + 61_000);
    } finally {
      t.setNow(new Date());
    }
  });
});

describe('sign-out and the session list', () => {
  it('signs out: the cookie stops working and is cleared', async () => {
    const user = await newUser();
    const s = await loginAs(t.app, user.username, user.password);
    const out = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: s.headers });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'saola_session')?.value).toBe('');
    expect((await me(s.headers)).statusCode).toBe(401);
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'auth.logout' and actor_id = ${user.id}`.execute(
      t.app.database.db,
    );
    expect(audit.rows[0]!.n).toBe(1);
  });

  it('lists my live sessions, marks the current one, and ends one of them', async () => {
    const user = await newUser();
    const first = await loginAs(t.app, user.username, user.password);
    const second = await loginAs(t.app, user.username, user.password);
    const other = await loginAs(t.app, (await newUser()).username, 'Saola@Kiem-tra-2025');
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: second.headers });
    expect(list.statusCode).toBe(200);
    const items = list.json().items as { id: string; current: boolean; ip: string }[];
    expect(items).toHaveLength(2);
    expect(items.filter((i) => i.current)).toHaveLength(1);
    expect(items.find((i) => i.current)).toMatchObject({ ip: '127.0.0.1', userAgent: 'lightMyRequest' });
    const firstId = items.find((i) => !i.current)!.id;

    // Another user's session is not mine to end: 404.
    const otherId = (await t.app.inject({ method: 'GET', url: '/api/v1/auth/sessions', headers: other.headers })).json()
      .items[0].id;
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/auth/sessions/${otherId}`, headers: second.headers }))
        .statusCode,
    ).toBe(404);
    expect((await me(other.headers)).statusCode).toBe(200);

    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/auth/sessions/${firstId}`,
      headers: second.headers,
    });
    expect(del.statusCode).toBe(204);
    expect((await me(first.headers)).statusCode).toBe(401);
    expect((await me(second.headers)).statusCode).toBe(200);
  });

  it('signs out everywhere', async () => {
    const user = await newUser();
    const sessions = [
      await loginAs(t.app, user.username, user.password),
      await loginAs(t.app, user.username, user.password),
      await loginAs(t.app, user.username, user.password),
    ];
    const other = await loginAs(t.app, (await newUser()).username, 'Saola@Kiem-tra-2025');
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout-all', headers: sessions[1]!.headers });
    expect(res.statusCode).toBe(204);
    for (const s of sessions) expect((await me(s.headers)).statusCode).toBe(401);
    expect((await me(other.headers)).statusCode).toBe(200);
  });

  it('app.auth.revokeAllSessions ends a user’s sessions (used when an administrator locks them)', async () => {
    const user = await newUser();
    const s = await loginAs(t.app, user.username, user.password);
    await t.app.auth.revokeAllSessions(user.id);
    expect((await me(s.headers)).statusCode).toBe(401);
  });

  it('a fresh sign-in replaces the session the browser already had (no session fixation)', async () => {
    const user = await newUser();
    const old = await loginAs(t.app, user.username, user.password);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: old.headers,
      payload: { username: user.username, password: user.password },
    });
    expect(res.statusCode).toBe(200);
    expect((await me(old.headers)).statusCode).toBe(401);
  });
});

describe('principal and permissions', () => {
  it('holds permissions in its own agency only: another agency gets 404, no permission gets 403', async () => {
    const otherAgency = await createAgency(t.app);
    const s = await loginAs(t.app, (await newUser()).username, 'Saola@Kiem-tra-2025');
    expect((await act(s.headers, agencyId)).statusCode).toBe(200);
    expect((await act(s.headers, otherAgency)).statusCode).toBe(404);
    const noRole = await createStaffUser(t.app, { agencyId });
    const n = await loginAs(t.app, noRole.username, noRole.password);
    expect((await act(n.headers)).statusCode).toBe(403);
    expect((await act({})).statusCode).toBe(403);
  });

  it('citizen sessions from app.auth.startCitizenSession have the citizen principal', async () => {
    const citizenId = '7f1b7d7e-52a4-4c43-9d53-1c1f3b0a9e11';
    let cookies: { name: string; value: string }[] = [];
    const reply = {
      setCookie(name: string, value: string) {
        cookies.push({ name, value });
        return reply;
      },
    };
    await t.app.auth.startCitizenSession(reply as never, citizenId, { ip: '127.0.0.1', userAgent: 'test' });
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const who = await t.app.inject({ method: 'GET', url: '/api/v1/_probe/whoami', headers: { cookie } });
    expect(who.json()).toEqual({ kind: 'citizen', permissions: [] });
    // Citizens have no staff account.
    expect((await me({ cookie })).statusCode).toBe(401);
    cookies = [];
  });
});
