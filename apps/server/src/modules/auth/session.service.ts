import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import * as repo from './session.repository.js';
import type { SubjectKind } from './session.repository.js';

/**
 * Sessions (ADR: server-side sessions). The cookie holds 32 random bytes; the database holds only
 * their SHA-256, so a leaked table cannot be replayed. A session ends when idle longer than
 * SESSION_IDLE_MINUTES or SESSION_MAX_HOURS after sign-in, whichever comes first (QĐ 742/QĐ-BTTTT:
 * session timeout). The CSRF token is an HMAC of the session, so it cannot be planted by another
 * site or sub-domain (stronger than a plain double-submit cookie).
 */
export const SESSION_COOKIE = 'saola_session';
export const CSRF_COOKIE = 'saola_csrf';
export const SESSION_MAX_HOURS = 12;
/** last_seen_at is written at most this often. */
const TOUCH_INTERVAL_MS = 60_000;

export interface SessionInfo {
  id: string;
  kind: SubjectKind;
  subjectId: string;
  tokenHash: string;
  csrf: string;
  mustChangePassword: boolean;
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function csrfFor(secret: string, tokenHash: string): string {
  return createHmac('sha256', secret).update(`csrf:${tokenHash}`).digest('base64url');
}

export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function cookieBase(app: FastifyInstance) {
  return { path: '/', sameSite: 'lax' as const, secure: app.config.env === 'production' };
}

export function clearSessionCookies(app: FastifyInstance, reply: FastifyReply) {
  void reply.clearCookie(SESSION_COOKIE, { ...cookieBase(app), httpOnly: true });
  void reply.clearCookie(CSRF_COOKIE, cookieBase(app));
}

/** Creates a session, sets both cookies on the reply, returns its id and CSRF token. */
export async function startSession(
  app: FastifyInstance,
  reply: FastifyReply,
  kind: SubjectKind,
  subjectId: string,
  meta: { ip: string | null; userAgent: string | null },
): Promise<{ sessionId: string; csrf: string }> {
  const now = app.clock();
  const token = randomBytes(32).toString('base64url');
  const tokenHash = hashToken(token);
  const expiresAt = new Date(now.getTime() + SESSION_MAX_HOURS * 3600_000);
  const sessionId = await repo.insertSession(app.database.db, {
    tokenHash,
    kind,
    subjectId,
    ip: meta.ip,
    userAgent: meta.userAgent?.slice(0, 500) ?? null,
    now,
    expiresAt,
  });
  // Ended sessions stay visible a while (audit, "where was I signed in"), then go.
  await repo.purgeEndedSessions(app.database.db, kind, subjectId, new Date(now.getTime() - 30 * 86_400_000));
  const csrf = csrfFor(app.config.sessionSecret, tokenHash);
  const maxAge = SESSION_MAX_HOURS * 3600;
  void reply.setCookie(SESSION_COOKIE, token, { ...cookieBase(app), httpOnly: true, maxAge });
  void reply.setCookie(CSRF_COOKIE, csrf, { ...cookieBase(app), httpOnly: false, maxAge });
  return { sessionId, csrf };
}

/** The live session behind a cookie value, or null (unknown, revoked, idle too long, too old). */
export async function resolveSession(app: FastifyInstance, token: string): Promise<SessionInfo | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const tokenHash = hashToken(token);
  const row = await repo.findLiveSessionByTokenHash(app.database.db, tokenHash);
  if (!row) return null;
  const now = app.clock();
  if (row.expires_at.getTime() <= now.getTime()) return null;
  if (now.getTime() - row.last_seen_at.getTime() > app.config.sessionIdleMinutes * 60_000) return null;
  if (now.getTime() - row.last_seen_at.getTime() >= TOUCH_INTERVAL_MS)
    await repo.touchSession(app.database.db, row.id, now);
  return {
    id: row.id,
    kind: row.subject_kind,
    subjectId: row.subject_id,
    tokenHash,
    csrf: csrfFor(app.config.sessionSecret, tokenHash),
    // A staff session without credentials cannot exist; treat a missing row as "must change".
    mustChangePassword: row.subject_kind === 'staff' ? (row.must_change_password ?? true) : false,
  };
}

export function idleCutoff(app: FastifyInstance, now: Date): Date {
  return new Date(now.getTime() - app.config.sessionIdleMinutes * 60_000);
}
