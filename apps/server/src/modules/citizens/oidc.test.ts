import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { signInCitizen } from '../../test/factories/citizens.js';
import { browseProvider, startTestProvider, type TestProvider } from '../../test/factories/oidc.js';

const PUBLIC_URL = 'http://127.0.0.1:3999';
const CALLBACK = `${PUBLIC_URL}/api/v1/citizen/oidc/callback`;

describe('sign-in through an OpenID Connect provider (real oidc-provider on 127.0.0.1)', () => {
  let op: TestProvider;
  let t: TestApp;
  beforeAll(async () => {
    op = await startTestProvider(CALLBACK);
    t = await createTestApp({
      env: {
        PUBLIC_URL,
        OIDC_ISSUER: op.issuer,
        OIDC_CLIENT_ID: op.clientId,
        OIDC_CLIENT_SECRET: op.clientSecret,
        OIDC_NAME: 'VNeID',
      },
    });
    op.accounts.set('vneid-001', {
      name: 'Lê Thị Hoa',
      email: 'hoa.le@example.vn',
      email_verified: true,
      phone_number: '0912888999',
      phone_number_verified: true,
    });
  });
  afterAll(async () => {
    await t.close();
    await op.close();
  });

  /** The whole browser round trip: app → provider (login, consent) → app callback. 'deny' = the person cancels. */
  async function signIn(
    accountId: string,
    options: { consent?: boolean; tamper?: (u: URL) => void; dropCookie?: boolean } = {},
  ) {
    op.nextLogin = accountId === 'deny' ? 'deny' : { accountId };
    const start = await t.app.inject({
      method: 'GET',
      url: `/api/v1/citizen/oidc/start${options.consent === false ? '' : '?consent=account'}`,
    });
    expect(start.statusCode).toBe(302);
    const authUrl = new URL(String(start.headers.location));
    expect(authUrl.origin).toBe(op.issuer);
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    for (const p of ['state', 'nonce', 'code_challenge']) expect(authUrl.searchParams.get(p)).toBeTruthy();
    expect(authUrl.searchParams.get('redirect_uri')).toBe(CALLBACK);
    const flow = start.cookies.find((c) => c.name === 'saola_oidc');
    expect(flow).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/v1/citizen/oidc' });

    const back = await browseProvider(authUrl.href, CALLBACK);
    options.tamper?.(back);
    const callback = await t.app.inject({
      method: 'GET',
      url: `${back.pathname}${back.search}`,
      headers: options.dropCookie ? {} : { cookie: `saola_oidc=${flow?.value ?? ''}` },
    });
    expect(callback.statusCode).toBe(302);
    const cookie = callback.cookies
      .filter((c) => c.name === 'saola_session' || c.name === 'saola_csrf')
      .filter((c) => c.value !== '')
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
    return { location: String(callback.headers.location), cookie, back };
  }

  it('creates the account from the claims, starts a session and sends the citizen to /tai-khoan', async () => {
    const r = await signIn('vneid-001');
    expect(r.location).toBe('/tai-khoan');
    expect(r.back.searchParams.get('code')).toBeTruthy();
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/citizen/me', headers: { cookie: r.cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      fullName: 'Lê Thị Hoa',
      nameSource: 'oidc',
      email: 'hoa.le@example.vn',
      emailVerified: true,
      phone: '+84912888999',
      phoneVerified: true,
      status: 'active',
      identities: [{ provider: op.issuer }],
    });
    const id = me.json<{ id: string }>().id;
    const identity = await t.database.db
      .selectFrom('citizen_identities')
      .selectAll()
      .where('citizen_id', '=', id)
      .execute();
    expect(identity).toMatchObject([{ provider: op.issuer, subject: 'vneid-001' }]);
    const consents = await t.database.db.selectFrom('consents').selectAll().where('citizen_id', '=', id).execute();
    expect(consents).toMatchObject([{ purpose_code: 'account', granted: true, source: 'oidc_signin' }]);
    const audit = await sql<{
      action: string;
    }>`select action from audit_log where entity_id = ${id} order by seq`.execute(t.database.db);
    expect(audit.rows.map((a) => a.action)).toEqual(['privacy.consent_grant', 'citizen.create']);
  });

  it('signs the same person in again to the same account, without asking for consent again', async () => {
    const before = await t.database.db
      .selectFrom('citizens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const r = await signIn('vneid-001', { consent: false });
    expect(r.location).toBe('/tai-khoan');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/citizen/me', headers: { cookie: r.cookie } })).json<{
      fullName: string;
    }>();
    expect(me.fullName).toBe('Lê Thị Hoa');
    const after = await t.database.db
      .selectFrom('citizens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('a new person who did not tick the consent box gets no account', async () => {
    op.accounts.set('vneid-002', { name: 'Phạm Văn Minh', email: 'minh@example.vn', email_verified: true });
    const r = await signIn('vneid-002', { consent: false });
    expect(r.location).toBe('/dang-nhap?loi=dong-y');
    expect(r.cookie).toBe('');
    const rows = await t.database.db
      .selectFrom('citizen_identities')
      .selectAll()
      .where('subject', '=', 'vneid-002')
      .execute();
    expect(rows).toEqual([]);
    expect(
      await t.database.db.selectFrom('citizens').selectAll().where('email', '=', 'minh@example.vn').execute(),
    ).toEqual([]);
  });

  it('links an existing OTP account whose e-mail the provider has verified', async () => {
    const otp = await signInCitizen(t.app, 'tuan@example.vn');
    op.accounts.set('vneid-003', { name: 'Đỗ Minh Tuấn', email: 'Tuan@Example.vn', email_verified: true });
    const r = await signIn('vneid-003', { consent: false });
    expect(r.location).toBe('/tai-khoan');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/citizen/me', headers: { cookie: r.cookie } })).json<{
      id: string;
      fullName: string;
      identities: unknown[];
    }>();
    expect(me.id).toBe(otp.citizenId);
    expect(me.fullName).toBe('Đỗ Minh Tuấn');
    expect(me.identities).toHaveLength(1);
  });

  it('does not link on an unverified e-mail: a separate account is made without that address', async () => {
    const otp = await signInCitizen(t.app, 'lan@example.vn');
    op.accounts.set('vneid-004', { name: 'Kẻ Mạo Danh', email: 'lan@example.vn', email_verified: false });
    const r = await signIn('vneid-004');
    expect(r.location).toBe('/tai-khoan');
    const me = (await t.app.inject({ method: 'GET', url: '/api/v1/citizen/me', headers: { cookie: r.cookie } })).json<{
      id: string;
      email: string | null;
    }>();
    expect(me.id).not.toBe(otp.citizenId);
    expect(me.email).toBeNull();
  });

  it('refuses a callback whose state was changed, or that lost its flow cookie, or that the person cancelled', async () => {
    const tampered = await signIn('vneid-001', { tamper: (u) => u.searchParams.set('state', 'forged-state') });
    expect(tampered).toMatchObject({ location: '/dang-nhap?loi=oidc', cookie: '' });
    const noCookie = await signIn('vneid-001', { dropCookie: true });
    expect(noCookie).toMatchObject({ location: '/dang-nhap?loi=oidc', cookie: '' });
    const denied = await signIn('deny');
    expect(denied.back.searchParams.get('error')).toBe('access_denied');
    expect(denied).toMatchObject({ location: '/dang-nhap?loi=oidc', cookie: '' });
  });

  it('a code can be exchanged only once (replaying the callback fails)', async () => {
    op.nextLogin = { accountId: 'vneid-001' };
    const start = await t.app.inject({ method: 'GET', url: '/api/v1/citizen/oidc/start?consent=account' });
    const flow = start.cookies.find((c) => c.name === 'saola_oidc')?.value ?? '';
    const back = await browseProvider(String(start.headers.location), CALLBACK);
    const url = `${back.pathname}${back.search}`;
    const first = await t.app.inject({ method: 'GET', url, headers: { cookie: `saola_oidc=${flow}` } });
    expect(first.headers.location).toBe('/tai-khoan');
    const replay = await t.app.inject({ method: 'GET', url, headers: { cookie: `saola_oidc=${flow}` } });
    expect(replay.headers.location).toBe('/dang-nhap?loi=oidc');
  });
});

describe('OIDC not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers /citizen/oidc/start with 404 oidc_not_configured', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/citizen/oidc/start' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'oidc_not_configured' });
  });
});
