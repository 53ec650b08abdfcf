import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound, unprocessable } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import * as repo from './auth.repository.js';
import type { StaffPrincipal } from './me.service.js';
import { verifyPassword } from './password-hash.js';
import { assertAcceptablePassword, storePasswordAudited } from './password.service.js';
import * as sessions from './session.repository.js';
import { clearSessionCookies, idleCutoff } from './session.service.js';
import { assertNotLocked, lockedError, recordFailure } from './throttle.service.js';

/** What a signed-in user does with their own account: password, sessions, sign-out. */

export async function changePassword(
  app: FastifyInstance,
  request: FastifyRequest,
  p: StaffPrincipal,
  input: { currentPassword: string; newPassword: string },
) {
  // Guessing the current password through a stolen session counts towards the lock-out too.
  await assertNotLocked(app, p.username, request.ip);
  const db = app.database.db;
  const cred = await repo.findCredentials(db, p.userId);
  if (!cred || !(await verifyPassword(cred.password_hash, input.currentPassword))) {
    const lock = await recordFailure(app, p.username, request.ip);
    if (lock) throw lockedError(lock.seconds, lock.byAddress);
    throw unprocessable(
      'Mật khẩu hiện tại không đúng.',
      [{ field: '/currentPassword', message: 'Mật khẩu hiện tại không đúng.' }],
      'invalid_password',
    );
  }
  await assertAcceptablePassword(db, p.userId, p.username, input.newPassword, '/newPassword');
  await storePasswordAudited(app, actorOf(request), p.userId, input.newPassword, {
    mustChange: false,
    action: 'auth.password_change',
    revokeSessions: true,
    keepSessionId: p.sessionId,
  });
}

export async function listSessions(app: FastifyInstance, p: StaffPrincipal) {
  const now = app.clock();
  const rows = await sessions.listLiveSessions(app.database.db, 'staff', p.userId, now, idleCutoff(app, now));
  return rows.map((r) => ({
    id: r.id,
    current: r.id === p.sessionId,
    createdAt: r.created_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    ip: r.ip,
    userAgent: r.user_agent,
  }));
}

export async function revokeOwnSession(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  p: StaffPrincipal,
  id: string,
) {
  const db = app.database.db;
  const row = await sessions.findSessionOf(db, id, 'staff', p.userId);
  if (!row) throw notFound('Không tìm thấy phiên đăng nhập.');
  if (row.revoked_at) return;
  await db.transaction().execute(async (trx) => {
    await sessions.revokeSession(trx, id, 'revoked_by_user', app.clock());
    await app.audit.record(
      actorOf(request),
      { action: 'auth.session_revoke', entityType: 'session', entityId: id, agencyId: null },
      trx,
    );
  });
  if (id === p.sessionId) clearSessionCookies(app, reply);
}

/** Ends the caller's session (staff or citizen) and clears the cookies. */
export async function logout(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  const session = request.authSession;
  clearSessionCookies(app, reply);
  if (!session) return;
  await app.database.db.transaction().execute(async (trx) => {
    if (!(await sessions.revokeSession(trx, session.id, 'logout', app.clock()))) return;
    await app.audit.record(
      actorOf(request),
      { action: 'auth.logout', entityType: 'session', entityId: session.id, agencyId: null },
      trx,
    );
  });
}

export async function logoutEverywhere(
  app: FastifyInstance,
  request: FastifyRequest,
  reply: FastifyReply,
  p: StaffPrincipal,
) {
  clearSessionCookies(app, reply);
  await app.database.db.transaction().execute(async (trx) => {
    const count = await sessions.revokeSessionsOf(trx, 'staff', p.userId, 'logout_all', app.clock());
    await app.audit.record(
      actorOf(request),
      {
        action: 'auth.logout_all',
        entityType: 'user',
        entityId: p.userId,
        agencyId: null,
        after: { sessionsEnded: count },
      },
      trx,
    );
  });
}
