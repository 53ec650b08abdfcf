import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../../http/errors.js';
import { resolveTokenPrincipal } from './api-token.service.js';
import type { Principal } from './principal.js';
import {
  clearSessionCookies,
  resolveSession,
  sameSecret,
  SESSION_COOKIE,
  type SessionInfo,
} from './session.service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind the cookie, when the caller is authenticated by one (not by a token). */
    authSession: SessionInfo | null;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * onRequest: who is calling. A bearer API token (saola_…) wins over cookies; a bad one is a 401 (RFC 6750)
 * rather than silently anonymous. A session cookie that no longer works is cleared. A staff session
 * of a user the org module reports missing or locked authenticates nobody.
 */
export async function resolvePrincipal(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
  request.principal = null;
  request.authSession = null;

  // Only our own tokens: other Authorization headers (e.g. Basic auth of a reverse proxy) are not ours.
  const bearer = /^Bearer\s+(saola_\S*)\s*$/i.exec(request.headers.authorization ?? '')?.[1];
  if (bearer !== undefined) {
    const principal = await resolveTokenPrincipal(app, bearer);
    if (!principal) {
      void reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw unauthorized('Khóa API không hợp lệ, đã hết hạn hoặc đã bị thu hồi.', 'invalid_token');
    }
    request.principal = principal;
    return;
  }

  const token = request.cookies[SESSION_COOKIE];
  if (!token) return;
  const session = await resolveSession(app, token);
  const principal = session ? await principalOf(app, session) : null;
  if (!session || !principal) {
    clearSessionCookies(app, reply);
    return;
  }
  request.authSession = session;
  request.principal = principal;
}

async function principalOf(app: FastifyInstance, session: SessionInfo): Promise<Principal | null> {
  if (session.kind === 'citizen') {
    return { kind: 'citizen', citizenId: session.subjectId, fullName: null, sessionId: session.id };
  }
  const found = await app.org.findStaffWithGrants(session.subjectId);
  if (!found || found.staff.status !== 'active') return null;
  const { staff, grants } = found;
  return {
    kind: 'staff',
    userId: staff.id,
    username: staff.username,
    fullName: staff.fullName,
    sessionId: session.id,
    grants,
    mustChangePassword: session.mustChangePassword,
  };
}

/**
 * preValidation: CSRF for cookie-authenticated unsafe requests. The SPA sends the `saola_csrf`
 * cookie's value in `x-csrf-token`; a server-rendered form (works without JavaScript) sends it in a
 * `_csrf` field (or, for multipart forms, in the action URL's `?_csrf=`). Token-authenticated and anonymous requests carry no ambient credentials.
 */
export async function checkCsrf(request: FastifyRequest) {
  const session = request.authSession;
  if (!session || SAFE_METHODS.has(request.method)) return;
  const header = request.headers['x-csrf-token'];
  const body = request.body as Record<string, unknown> | null | undefined;
  const query = request.query as Record<string, unknown> | null | undefined;
  const sent =
    typeof header === 'string'
      ? header
      : typeof body?._csrf === 'string'
        ? body._csrf
        : // multipart forms (file uploads) are parsed later: their action URL carries ?_csrf=
          typeof query?._csrf === 'string'
          ? query._csrf
          : null;
  if (!sent || !sameSecret(sent, session.csrf)) {
    throw forbidden(
      'Yêu cầu bị từ chối vì thiếu mã chống giả mạo (CSRF). Vui lòng tải lại trang rồi thử lại.',
      'csrf_failed',
    );
  }
}

/** The CSRF token of the caller's session (for hidden `_csrf` fields in server-rendered forms). */
export function csrfTokenOf(request: FastifyRequest): string | null {
  return request.authSession?.csrf ?? null;
}
