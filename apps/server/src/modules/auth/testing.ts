import type { FastifyInstance } from 'fastify';
import { Secret, TOTP } from 'otpauth';
import { findCredentials } from './auth.repository.js';
import type { Me } from './me.service.js';
import { CSRF_COOKIE, SESSION_COOKIE } from './session.service.js';
import { openTotpSecret } from './totp-seal.js';
import { TOTP_PERIOD_SECONDS } from './totp.js';

/**
 * For other modules' tests: a real sign-in through POST /api/v1/auth/login, returning what to
 * pass to app.inject. Handles the second factor like a person with an authenticator app would:
 * at first sign-in of a role that requires it (quan_tri) it enrols, later it computes the code.
 * Fails loudly on any other outcome. A user with a temporary password gets a session whose
 * principal has no permissions until POST /api/v1/auth/password (me.mustChangePassword tells).
 *
 *   const admin = await loginAs(t.app, 'admin.xa', 'Mat-khau-2025!');
 *   await t.app.inject({ method: 'POST', url: '/api/v1/users', headers: admin.headers, payload });
 */
export async function loginAs(
  app: FastifyInstance,
  username: string,
  password: string,
): Promise<{ cookie: string; csrf: string; headers: Record<string, string>; me: Me }> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`loginAs(${username}): ${res.statusCode} ${res.body}`);
  let body = res.json<{ status: string; challengeId?: string; me?: Me }>();
  let final = res;
  if (body.status === 'totp_setup_required' || body.status === 'totp_required') {
    const challengeId = body.challengeId!;
    let secret: string;
    if (body.status === 'totp_setup_required') {
      const setup = await app.inject({ method: 'POST', url: '/api/v1/auth/totp/setup', payload: { challengeId } });
      if (setup.statusCode !== 200)
        throw new Error(`loginAs(${username}) totp setup: ${setup.statusCode} ${setup.body}`);
      secret = setup.json<{ secret: string }>().secret;
    } else {
      secret = await totpSecretOf(app, username);
    }
    const code = await freshTotpCode(app, username, secret);
    final = await app.inject({ method: 'POST', url: '/api/v1/auth/login/totp', payload: { challengeId, code } });
    if (final.statusCode !== 200) throw new Error(`loginAs(${username}) totp: ${final.statusCode} ${final.body}`);
    body = final.json();
  }
  if (body.status !== 'ok' || !body.me) throw new Error(`loginAs(${username}): ${final.body}`);
  const session = final.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
  const csrf = final.cookies.find((c) => c.name === CSRF_COOKIE)?.value;
  if (!session || !csrf) throw new Error(`loginAs(${username}): no session cookies`);
  const cookie = `${SESSION_COOKIE}=${session}; ${CSRF_COOKIE}=${csrf}`;
  return { cookie, csrf, headers: { cookie, 'x-csrf-token': csrf }, me: body.me };
}

async function userIdOf(app: FastifyInstance, username: string): Promise<string> {
  const staff = await app.org.findStaffByUsername(username);
  if (!staff) throw new Error(`No staff user ${username}`);
  return staff.id;
}

/** The user's TOTP seed, read back from the database (test code only). */
export async function totpSecretOf(app: FastifyInstance, username: string): Promise<string> {
  const userId = await userIdOf(app, username);
  const cred = await findCredentials(app.database.db, userId);
  const sealed = cred?.totp_secret_enc ?? cred?.totp_pending_secret_enc;
  if (!sealed) throw new Error(`${username} has no TOTP secret`);
  return openTotpSecret(app, userId, sealed);
}

/**
 * A valid code at the app's clock. A code is accepted once per 30-second step, so when a test
 * signs the same user in twice within one step, the stored last step is moved back (test only).
 */
export async function freshTotpCode(app: FastifyInstance, username: string, secret: string): Promise<string> {
  const now = app.clock();
  const step = Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
  const userId = await userIdOf(app, username);
  await app.database.db
    .updateTable('staff_credentials')
    .set({ totp_last_step: step - 1 })
    .where('user_id', '=', userId)
    .where('totp_last_step', '>=', step)
    .execute();
  return totpCode(secret, now);
}

export function totpCode(secret: string, at: Date): string {
  return new TOTP({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: TOTP_PERIOD_SECONDS,
  }).generate({
    timestamp: at.getTime(),
  });
}
