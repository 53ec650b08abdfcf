import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, forbidden, unauthorized } from '../../http/errors.js';
import { actorOf, type ActorContext } from '../../http/request-context.js';
import type { StaffAccount } from '../org/org.port.js';
import * as repo from './auth.repository.js';
import { buildMe, totpRequiredFor, type Me } from './me.service.js';
import { verifyAgainstDummy, verifyPassword } from './password-hash.js';
import { revokeSession } from './session.repository.js';
import { startSession } from './session.service.js';
import { assertNotLocked, clearAccountFailures, lockedError, recordFailure } from './throttle.service.js';
import { openTotpSecret } from './totp-seal.js';
import { acceptedStep } from './totp.js';

/**
 * Staff sign-in: password, then (when enabled or required by a role) a TOTP code. Every failure
 * counts towards the lock-out (throttle.service.ts); unknown users cost the same argon2 time as
 * known ones and get the same answer.
 */
export type LoginResult =
  | { status: 'ok'; me: Me }
  | { status: 'totp_required'; challengeId: string }
  | { status: 'totp_setup_required'; challengeId: string };

const CHALLENGE_TTL_MS = 5 * 60_000;
const CHALLENGE_MAX_ATTEMPTS = 5;

export function userActor(request: FastifyRequest, staff: { id: string; username: string }): ActorContext {
  return { ...actorOf(request), actorKind: 'staff', actorId: staff.id, actorName: staff.username };
}

const invalidCredentials = () => unauthorized('Tên đăng nhập hoặc mật khẩu không đúng.', 'invalid_credentials');
const accountDisabled = () =>
  forbidden('Tài khoản đã bị khóa bởi quản trị viên. Vui lòng liên hệ quản trị viên của cơ quan.', 'account_disabled');

async function failed(
  app: FastifyInstance,
  request: FastifyRequest,
  username: string,
  staff: StaffAccount | null,
  reason: string,
): Promise<never> {
  const lock = await recordFailure(app, username, request.ip);
  const actor = actorOf(request);
  const entity = { entityType: 'user', entityId: staff?.id ?? null, agencyId: null };
  await app.audit.record(actor, {
    action: 'auth.login_failed',
    ...entity,
    after: { username: username.slice(0, 100) },
    note: reason,
  });
  if (lock) {
    await app.audit.record(actor, {
      action: 'auth.lockout',
      ...entity,
      after: { username: username.slice(0, 100), seconds: lock.seconds, by: lock.byAddress ? 'ip' : 'account' },
    });
    throw lockedError(lock.seconds, lock.byAddress);
  }
  throw reason === 'totp'
    ? unauthorized('Mã xác thực không đúng hoặc đã được dùng.', 'invalid_totp_code')
    : invalidCredentials();
}

export async function login(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { username: string; password: string },
): Promise<LoginResult> {
  const username = input.username.trim();
  await assertNotLocked(app, username, request.ip);
  const staff = await app.org.findStaffByUsername(username);
  const cred = staff ? await repo.findCredentials(app.database.db, staff.id) : undefined;
  const ok = cred ? await verifyPassword(cred.password_hash, input.password) : await verifyAgainstDummy(input.password);
  if (!staff || !cred || !ok) return failed(app, request, username, staff, 'password');
  if (staff.status !== 'active') {
    await app.audit.record(actorOf(request), {
      action: 'auth.login_failed',
      entityType: 'user',
      entityId: staff.id,
      agencyId: null,
      after: { username: staff.username },
      note: 'account_disabled',
    });
    throw accountDisabled();
  }
  await clearAccountFailures(app, username);

  const kind = cred.totp_enabled ? 'totp' : (await totpRequiredFor(app, staff.roleCodes)) ? 'totp_setup' : null;
  if (kind) {
    const now = app.clock();
    const challengeId = await repo.createChallenge(app.database.db, {
      userId: staff.id,
      kind,
      ip: request.ip,
      now,
      expiresAt: new Date(now.getTime() + CHALLENGE_TTL_MS),
    });
    return kind === 'totp' ? { status: 'totp_required', challengeId } : { status: 'totp_setup_required', challengeId };
  }
  return { status: 'ok', me: await completeLogin(app, request, reply, staff) };
}

/** A second-step challenge still usable, with its (active) user; 401 otherwise. */
export async function liveChallenge(app: FastifyInstance, challengeId: string) {
  const challenge = await repo.findChallenge(app.database.db, challengeId);
  const now = app.clock();
  if (
    !challenge ||
    challenge.consumed_at ||
    challenge.expires_at.getTime() <= now.getTime() ||
    challenge.attempts >= CHALLENGE_MAX_ATTEMPTS
  ) {
    throw new AppError(401, 'challenge_expired', 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.');
  }
  const staff = await app.org.findStaff(challenge.user_id);
  if (!staff) throw new AppError(401, 'challenge_expired', 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.');
  if (staff.status !== 'active') throw accountDisabled();
  return { challenge, staff };
}

export async function loginTotp(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  input: { challengeId: string; code: string },
): Promise<{ status: 'ok'; me: Me }> {
  const { challenge, staff } = await liveChallenge(app, input.challengeId);
  await assertNotLocked(app, staff.username, request.ip);
  const db = app.database.db;
  const cred = await repo.findCredentials(db, staff.id);
  const sealed = challenge.kind === 'totp' ? cred?.totp_secret_enc : cred?.totp_pending_secret_enc;
  if (!cred || !sealed) {
    throw new AppError(
      409,
      'totp_setup_not_started',
      'Chưa tạo mã QR xác thực hai lớp. Hãy bấm "Thiết lập" để lấy mã QR trước khi nhập mã.',
    );
  }
  const now = app.clock();
  const secret = openTotpSecret(app, staff.id, sealed);
  const step = acceptedStep(secret, input.code.trim(), now);
  const fresh = step !== null && (cred.totp_last_step === null || step > cred.totp_last_step);
  if (!fresh) {
    await repo.countChallengeAttempt(db, challenge.id, now);
    return failed(app, request, staff.username, staff, 'totp');
  }
  if (!(await repo.consumeChallenge(db, challenge.id, now))) {
    throw new AppError(401, 'challenge_expired', 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.');
  }
  if (challenge.kind === 'totp_setup') {
    await db.transaction().execute(async (trx) => {
      if (!(await repo.enableTotp(trx, staff.id, sealed, step, now))) {
        throw new AppError(409, 'totp_setup_changed', 'Mã QR đã được tạo lại. Vui lòng quét mã mới rồi thử lại.');
      }
      await app.audit.record(
        userActor(request, staff),
        { action: 'auth.totp_enable', entityType: 'user', entityId: staff.id, agencyId: null, note: 'first_sign_in' },
        trx,
      );
    });
  } else if (!(await repo.useTotpStep(db, staff.id, step))) {
    return failed(app, request, staff.username, staff, 'totp');
  }
  return { status: 'ok', me: await completeLogin(app, request, reply, staff) };
}

/** Password (and second factor) accepted: a new session, cookies, audit row, Me. */
async function completeLogin(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, staff: StaffAccount) {
  const db = app.database.db;
  const now = app.clock();
  // A session that came with the request (another account, or an old one) ends: no fixation.
  if (request.authSession) await revokeSession(db, request.authSession.id, 'replaced', now);
  const { sessionId } = await startSession(app, reply, 'staff', staff.id, {
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  });
  await repo.setLastLogin(db, staff.id, now);
  // Wrong TOTP codes before this success do not count towards the next lock-out.
  await clearAccountFailures(app, staff.username);
  await app.audit.record(userActor(request, staff), {
    action: 'auth.login',
    entityType: 'user',
    entityId: staff.id,
    agencyId: null,
    after: { sessionId },
  });
  const cred = await repo.findCredentials(db, staff.id);
  const grants = await app.org.getGrants(staff.id);
  return buildMe(app, {
    kind: 'staff',
    userId: staff.id,
    username: staff.username,
    fullName: staff.fullName,
    sessionId,
    grants,
    mustChangePassword: cred?.must_change_password ?? true,
  });
}
