import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { lastCodeFor, nextIp, requestCode, sentMessages, signInCitizen } from '../../test/factories/citizens.js';

describe('citizen sign-in with a one-time code', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    sentMessages(t.app);
  });
  afterAll(async () => t.close());

  const verify = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/api/v1/citizen/otp/verify', payload, headers, remoteAddress: nextIp() });

  it('creates an unverified account, queues the code, verifies it and opens a session', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/citizen/otp/request',
      payload: { identifier: '0912 345 678' },
      remoteAddress: nextIp(),
    });
    expect(res.statusCode).toBe(202);
    const body = res.json<{ challengeId: string; channel: string; maskedDestination: string }>();
    expect(body).toEqual({ challengeId: expect.any(String), channel: 'sms', maskedDestination: '0912***678' });

    const code = lastCodeFor(t.app, '+84912345678');
    expect(code).toMatch(/^\d{6}$/);
    // Queued in the outbox (sent later by a job), addressed to the normalised number.
    const outbox = await t.database.db
      .selectFrom('notification_outbox')
      .select(['recipient', 'template_code', 'status'])
      .where('recipient', '=', '+84912345678')
      .execute();
    expect(outbox).toEqual([{ recipient: '+84912345678', template_code: 'citizen.otp', status: 'queued' }]);
    // Only a hash of the code is stored.
    const challenge = await t.database.db
      .selectFrom('citizen_otp_challenges')
      .selectAll()
      .where('id', '=', body.challengeId)
      .executeTakeFirstOrThrow();
    expect(challenge.code_hash).not.toContain(code);
    expect(challenge.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.expires_at.getTime() - challenge.created_at.getTime()).toBe(5 * 60_000);
    const before = await t.database.db
      .selectFrom('citizens')
      .selectAll()
      .where('phone', '=', '+84912345678')
      .executeTakeFirstOrThrow();
    expect(before.status).toBe('unverified');

    const ok = await verify({ challengeId: body.challengeId, code, consent: { purpose: 'account', accepted: true } });
    expect(ok.statusCode).toBe(200);
    const citizen = ok.json<{
      status: string;
      citizen: { id: string; phone: string; phoneVerified: boolean; status: string };
    }>();
    expect(citizen.status).toBe('ok');
    expect(citizen.citizen).toMatchObject({
      id: before.id,
      phone: '+84912345678',
      phoneVerified: true,
      status: 'active',
    });

    const cookies = ok.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/citizen/me', headers: { cookie: cookies } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ id: before.id, phone: '+84912345678', identities: [] });

    // The code cannot be used twice.
    const again = await verify({ challengeId: body.challengeId, code });
    expect(again.statusCode).toBe(400);
    expect(again.json()).toMatchObject({ code: 'otp_invalid' });

    const consents = await t.database.db
      .selectFrom('consents')
      .selectAll()
      .where('citizen_id', '=', before.id)
      .execute();
    expect(consents).toHaveLength(1);
    expect(consents[0]).toMatchObject({
      purpose_code: 'account',
      granted: true,
      source: 'otp_signin',
      withdrawn_at: null,
    });
    expect(consents[0]?.purpose_text).toContain('tài khoản');

    const audit = await sql<{
      action: string;
    }>`select action from audit_log where entity_id = ${before.id} order by seq`.execute(t.database.db);
    expect(audit.rows.map((r) => r.action)).toEqual([
      'citizen.otp_request',
      'privacy.consent_grant',
      'citizen.activate',
    ]);
  });

  it('accepts +84 and e-mail identifiers and refuses anything else in Vietnamese', async () => {
    const phone = await requestCode(t.app, '+84 987 654 321');
    expect(phone.maskedDestination).toBe('0987***321');
    const mail = await requestCode(t.app, '  Nguyen.Van.An@Example.VN ');
    expect(mail).toMatchObject({ channel: 'email', maskedDestination: 'ng***@example.vn' });
    expect(lastCodeFor(t.app, 'nguyen.van.an@example.vn')).toMatch(/^\d{6}$/);
    for (const identifier of ['0123456789', '091234567', 'khong-phai-email', '+1 202 555 0100']) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/citizen/otp/request',
        payload: { identifier },
        remoteAddress: nextIp(),
      });
      expect(res.statusCode, identifier).toBe(422);
      expect(res.json()).toMatchObject({ code: 'invalid_identifier', errors: [{ field: '/identifier' }] });
    }
  });

  it('gives the same answer for an unknown challenge and a wrong code, and kills the challenge after 5 tries', async () => {
    const { challengeId } = await requestCode(t.app, '0355 000 111');
    const code = lastCodeFor(t.app, '+84355000111');
    const wrong = code === '000000' ? '111111' : '000000';
    const unknown = await verify({
      challengeId: '3f1c7a2e-8d4b-4c6a-9e1f-0a2b3c4d5e6f',
      code,
      consent: { purpose: 'account', accepted: true },
    });
    const malformed = await verify({ challengeId: 'not-a-uuid', code });
    const first = await verify({ challengeId, code: wrong, consent: { purpose: 'account', accepted: true } });
    for (const res of [unknown, malformed, first]) {
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'otp_invalid', detail: unknown.json<{ detail: string }>().detail });
    }
    for (let i = 2; i <= 5; i++) {
      const res = await verify({ challengeId, code: wrong, consent: { purpose: 'account', accepted: true } });
      expect(res.statusCode).toBe(400);
    }
    // Five wrong codes: even the right one no longer works.
    const right = await verify({ challengeId, code, consent: { purpose: 'account', accepted: true } });
    expect(right.statusCode).toBe(400);
    expect(right.json()).toMatchObject({ code: 'otp_invalid' });
    const row = await t.database.db
      .selectFrom('citizen_otp_challenges')
      .select(['attempts'])
      .where('id', '=', challengeId)
      .executeTakeFirstOrThrow();
    expect(row.attempts).toBe(5);
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_log where action = 'citizen.otp_exhausted'`.execute(t.database.db);
    expect(audit.rows[0]?.n).toBe(1);
  });

  it('refuses an expired code', async () => {
    const { challengeId } = await requestCode(t.app, '0356 000 222');
    const code = lastCodeFor(t.app, '+84356000222');
    t.setNow(new Date(Date.now() + 5 * 60_000 + 1000));
    try {
      const res = await verify({ challengeId, code, consent: { purpose: 'account', accepted: true } });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'otp_invalid' });
    } finally {
      t.setNow(new Date());
    }
  });

  it('requires explicit consent for a new account (422), and keeps the challenge usable', async () => {
    const { challengeId } = await requestCode(t.app, '0357 000 333');
    const code = lastCodeFor(t.app, '+84357000333');
    for (const consent of [
      undefined,
      { purpose: 'account', accepted: false },
      { purpose: 'notifications.sms', accepted: true },
    ]) {
      const res = await verify({ challengeId, code, ...(consent ? { consent } : {}) });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'consent_required', errors: [{ field: '/consent/accepted' }] });
      expect(res.cookies.find((c) => c.name === 'saola_session')).toBeUndefined();
    }
    const ok = await verify({ challengeId, code, consent: { purpose: 'account', accepted: true } });
    expect(ok.statusCode).toBe(200);
  });

  it('does not ask a returning citizen to consent again', async () => {
    const first = await signInCitizen(t.app, '0358000444');
    const { challengeId } = await requestCode(t.app, '0358000444');
    const res = await verify({ challengeId, code: lastCodeFor(t.app, '+84358000444') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ citizen: { id: first.citizenId } });
  });

  it('limits how many codes one identifier may ask for (database counter)', async () => {
    for (let i = 0; i < 5; i++) await requestCode(t.app, '0359 000 555');
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/citizen/otp/request',
      payload: { identifier: '0359000555' },
      remoteAddress: nextIp(),
    });
    expect(res.statusCode).toBe(429);
    expect(res.json()).toMatchObject({ code: 'too_many_requests', retryAfter: expect.any(Number) });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const counters = await t.database.db.selectFrom('citizen_rate_counters').select('key').execute();
    expect(counters.every((c) => !c.key.includes('359000555'))).toBe(true);
  });

  it('limits requests per client IP (route rate limit, before the database counter)', async () => {
    const ip = nextIp();
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/citizen/otp/request',
        payload: { identifier: `0936${String(100000 + i)}` },
        remoteAddress: ip,
      });
      codes.push(res.statusCode);
    }
    expect(codes.slice(0, 10).every((c) => c === 202)).toBe(true);
    expect(codes[10]).toBe(429);
  });

  it('rejects /citizen/me without a citizen session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/citizen/me' });
    expect(res.statusCode).toBe(401);
  });
});
