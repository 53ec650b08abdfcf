import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createAuthTestApp, createStaffUser } from '../../test/factories/auth.js';
import type { TestApp } from '../../test/test-app.js';
import { loginAs } from './testing.js';

let t: TestApp;
let agencyA: string;
let agencyB: string;
let adminA: Awaited<ReturnType<typeof loginAs>>;
let adminB: Awaited<ReturnType<typeof loginAs>>;
let officerA: Awaited<ReturnType<typeof loginAs>>;

beforeAll(async () => {
  t = await createAuthTestApp();
  agencyA = await createAgency(t.app);
  agencyB = await createAgency(t.app);
  const a = await createStaffUser(t.app, { agencyId: agencyA, roles: ['quan_tri'] });
  const b = await createStaffUser(t.app, { agencyId: agencyB, roles: ['quan_tri'] });
  const o = await createStaffUser(t.app, { agencyId: agencyA, roles: ['chuyen_vien'] });
  adminA = await loginAs(t.app, a.username, a.password);
  adminB = await loginAs(t.app, b.username, b.password);
  officerA = await loginAs(t.app, o.username, o.password);
});
afterAll(async () => t.close());

const createToken = (headers: Record<string, string>, payload: object, remoteAddress = '127.0.0.1') =>
  t.app.inject({ method: 'POST', url: '/api/v1/api-tokens', headers, payload, remoteAddress });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const act = (headers: Record<string, string>, agencyId: string) =>
  t.app.inject({ method: 'POST', url: `/api/v1/_probe/agencies/${agencyId}/act`, headers, payload: {} });

describe('API tokens', () => {
  it('creates a token shown once, stores only its hash, and lists it without the secret', async () => {
    const res = await createToken(adminA.headers, { name: 'Cổng DVC tỉnh', scopes: ['org.read'], agencyId: agencyA });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      name: 'Cổng DVC tỉnh',
      scopes: ['org.read'],
      agencyId: agencyA,
      revokedAt: null,
      lastUsedAt: null,
    });
    expect(body.token).toMatch(/^saola_[A-Za-z0-9_-]{43}$/);
    expect((body.token as string).startsWith(body.prefix as string)).toBe(true);
    const stored = await sql<{ token_hash: string }>`select token_hash from api_tokens where id = ${body.id}`.execute(
      t.app.database.db,
    );
    expect(stored.rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.rows[0]!.token_hash).not.toBe(body.token);

    const list = await t.app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: adminA.headers });
    expect(list.statusCode).toBe(200);
    expect(list.json().items).toEqual([expect.objectContaining({ id: body.id, prefix: body.prefix })]);
    expect(JSON.stringify(list.json())).not.toContain(body.token);
    // Admin B sees nothing of agency A's tokens.
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: adminB.headers })).json().items,
    ).toEqual([]);

    const audit = await sql<{
      action: string;
      agency_id: string;
    }>`select action, agency_id from audit_log where entity_id = ${body.id}`.execute(t.app.database.db);
    expect(audit.rows).toEqual([{ action: 'api_token.create', agency_id: agencyA }]);
  });

  it('authenticates with its scopes, in its own agency only, and needs no CSRF token', async () => {
    const { token } = (
      await createToken(adminA.headers, { name: 'Đọc tổ chức', scopes: ['org.read'], agencyId: agencyA })
    ).json();
    expect((await act(bearer(token), agencyA)).statusCode).toBe(200);
    expect((await act(bearer(token), agencyB)).statusCode).toBe(404);
    const who = await t.app.inject({ method: 'GET', url: '/api/v1/_probe/whoami', headers: bearer(token) });
    expect(who.json()).toEqual({ kind: 'token', permissions: ['org.read'] });

    const { token: auditOnly } = (
      await createToken(adminA.headers, { name: 'Nhật ký', scopes: ['audit.read'], agencyId: agencyA })
    ).json();
    expect((await act(bearer(auditOnly), agencyA)).statusCode).toBe(403);
    // A token cannot manage tokens.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: bearer(token) })).statusCode).toBe(
      403,
    );
  });

  it('records last use at most once a minute', async () => {
    const { id, token } = (
      await createToken(adminA.headers, { name: 'Dùng', scopes: ['org.read'], agencyId: agencyA })
    ).json();
    const start = new Date(Date.now() + 3600_000);
    t.setNow(start);
    try {
      await act(bearer(token), agencyA);
      t.setNow(new Date(start.getTime() + 20_000));
      await act(bearer(token), agencyA);
      const row = await sql<{ last_used_at: Date }>`select last_used_at from api_tokens where id = ${id}`.execute(
        t.app.database.db,
      );
      expect(row.rows[0]!.last_used_at.getTime()).toBe(start.getTime());
    } finally {
      t.setNow(new Date());
    }
  });

  it('refuses unknown, revoked and expired tokens with 401 invalid_token', async () => {
    expect((await act(bearer('saola_khongtontai'), agencyA)).json()).toMatchObject({ code: 'invalid_token' });
    // Other schemes (a proxy's Basic auth) are not ours: anonymous, so 403 here rather than 401.
    expect((await act({ authorization: 'Basic abc' }, agencyA)).statusCode).toBe(403);
    // A valid cookie still works next to a foreign Authorization header.
    expect((await act({ ...officerA.headers, authorization: 'Basic abc' }, agencyA)).statusCode).toBe(200);

    const created = (
      await createToken(adminA.headers, { name: 'Thu hồi', scopes: ['org.read'], agencyId: agencyA })
    ).json();
    // Another agency's admin cannot even see it; an officer without tokens.manage is forbidden.
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${created.id}`, headers: adminB.headers }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/api/v1/api-tokens/${created.id}`, headers: officerA.headers }))
        .statusCode,
    ).toBe(403);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/api-tokens/${created.id}`,
      headers: adminA.headers,
    });
    expect(del.statusCode).toBe(204);
    const revoked = await act(bearer(created.token), agencyA);
    expect(revoked.statusCode).toBe(401);
    expect(revoked.headers['www-authenticate']).toContain('invalid_token');
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where entity_id = ${created.id} order by seq`.execute(t.app.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual(['api_token.create', 'api_token.revoke']);

    const start = new Date();
    const expiring = (
      await createToken(adminA.headers, {
        name: 'Hết hạn',
        scopes: ['org.read'],
        agencyId: agencyA,
        expiresAt: new Date(start.getTime() + 3600_000).toISOString(),
      })
    ).json();
    expect((await act(bearer(expiring.token), agencyA)).statusCode).toBe(200);
    t.setNow(new Date(start.getTime() + 3600_000 + 1000));
    try {
      expect((await act(bearer(expiring.token), agencyA)).statusCode).toBe(401);
    } finally {
      t.setNow(new Date());
    }
  });

  it('never grants more than its creator holds in that agency', async () => {
    const other = await createToken(adminA.headers, { name: 'X', scopes: ['org.read'], agencyId: agencyB });
    expect(other.statusCode).toBe(404);
    const officer = await createToken(officerA.headers, { name: 'X', scopes: ['org.read'], agencyId: agencyA });
    expect(officer.statusCode).toBe(403);
    const bad = await createToken(adminA.headers, {
      name: 'X',
      scopes: ['org.read', 'khong.co', 'tokens.manage'],
      agencyId: agencyA,
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['/scopes/1', '/scopes/2']);
    const past = await createToken(adminA.headers, {
      name: 'X',
      scopes: ['org.read'],
      agencyId: agencyA,
      expiresAt: '2020-01-01T00:00:00Z',
    });
    expect(past.json().errors).toEqual([{ field: '/expiresAt', message: 'Thời điểm hết hạn phải ở tương lai.' }]);
  });

  it('requires CSRF for cookie-authenticated creation', async () => {
    const res = await createToken({ cookie: adminA.cookie }, { name: 'X', scopes: ['org.read'], agencyId: agencyA });
    expect(res.json()).toMatchObject({ code: 'csrf_failed' });
  });
});

describe('administration only from configured networks (QĐ 742/QĐ-BTTTT)', () => {
  it('refuses token administration from an address outside ADMIN_NETWORKS', async () => {
    const outside = await createToken(
      adminA.headers,
      { name: 'X', scopes: ['org.read'], agencyId: agencyA },
      '203.0.113.50',
    );
    expect(outside.statusCode).toBe(403);
    expect(outside.json()).toMatchObject({ code: 'admin_network_required' });
    const inside = await createToken(
      adminA.headers,
      { name: 'X', scopes: ['org.read'], agencyId: agencyA },
      '10.1.2.3',
    );
    expect(inside.statusCode).toBe(201);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/api-tokens',
      headers: adminA.headers,
      remoteAddress: '2001:db8::7',
    });
    expect(list.statusCode).toBe(403);
    // Sign-in itself is not administration: it works from anywhere.
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/v1/auth/me',
          headers: adminA.headers,
          remoteAddress: '203.0.113.50',
        })
      ).statusCode,
    ).toBe(200);
  });

  it('follows ADMIN_NETWORKS, IPv6 included', async () => {
    const app2 = await createAuthTestApp({ env: { ADMIN_NETWORKS: '2001:db8:44::/48' } });
    try {
      const agency = await createAgency(app2.app);
      const admin = await createStaffUser(app2.app, { agencyId: agency, roles: ['quan_tri'] });
      const s = await loginAs(app2.app, admin.username, admin.password);
      const get = (remoteAddress: string) =>
        app2.app.inject({ method: 'GET', url: '/api/v1/api-tokens', headers: s.headers, remoteAddress });
      expect((await get('127.0.0.1')).statusCode).toBe(403);
      expect((await get('2001:db8:44:12::1')).statusCode).toBe(200);
      expect((await get('2001:db8:45::1')).statusCode).toBe(403);
    } finally {
      await app2.close();
    }
  });
});
