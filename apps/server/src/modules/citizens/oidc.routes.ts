import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import { sessionMeta } from './citizens.routes.js';
import type { OidcFlowState, OidcService } from './oidc.service.js';

const TAG = 'Công dân';
export const OIDC_COOKIE = 'saola_oidc';
const COOKIE_PATH = '/api/v1/citizen/oidc';

/** Where the callback sends the browser when sign-in did not complete (the page explains why). */
export const SIGN_IN_ERROR_URL = {
  consent: '/dang-nhap?loi=dong-y',
  failed: '/dang-nhap?loi=oidc',
  locked: '/dang-nhap?loi=khoa',
} as const;

function readFlow(request: FastifyRequest): OidcFlowState | null {
  const raw = request.cookies[OIDC_COOKIE];
  if (!raw) return null;
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return null;
  try {
    const v = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as Partial<OidcFlowState>;
    if (typeof v.state === 'string' && typeof v.nonce === 'string' && typeof v.verifier === 'string') {
      return { state: v.state, nonce: v.nonce, verifier: v.verifier, consent: v.consent === true };
    }
  } catch {
    // fall through: a damaged cookie is the same as none
  }
  return null;
}

export function oidcRoutes(oidc: OidcService): FastifyPluginAsyncTypebox {
  return async (app) => {
    const secure = app.config.publicUrl.startsWith('https:');

    app.get(
      '/citizen/oidc/start',
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Đăng nhập bằng tài khoản định danh (chuyển sang nhà cung cấp OpenID Connect)',
          description:
            "consent=account: công dân đã chủ động đánh dấu đồng ý xử lý dữ liệu cho mục đích 'account' (bắt buộc khi tạo tài khoản mới).",
          querystring: Type.Object({ consent: Type.Optional(Type.Literal('account')) }),
          response: { 302: Type.Null() },
        },
      },
      async (request, reply) => {
        const { url, flow } = await oidc.start(request.query.consent === 'account');
        const value = Buffer.from(JSON.stringify(flow)).toString('base64url');
        void reply.setCookie(OIDC_COOKIE, value, {
          signed: true,
          httpOnly: true,
          // Lax: the cookie comes back on the provider's top-level redirect to the callback.
          sameSite: 'lax',
          secure,
          path: COOKIE_PATH,
          maxAge: 600,
        });
        return reply.redirect(url, 302);
      },
    );

    app.get(
      '/citizen/oidc/callback',
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Nhà cung cấp định danh chuyển về sau khi đăng nhập',
          querystring: Type.Object({}, { additionalProperties: true }),
          response: { 302: Type.Null() },
        },
      },
      async (request, reply) => {
        const flow = readFlow(request);
        void reply.clearCookie(OIDC_COOKIE, { path: COOKIE_PATH });
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
        if (!flow) {
          request.log.warn('OIDC callback without a valid flow cookie');
          return reply.redirect(SIGN_IN_ERROR_URL.failed, 302);
        }
        let claims;
        try {
          claims = await oidc.finish(query, flow);
        } catch (error) {
          // State/nonce/PKCE mismatch, provider error (access_denied…), bad token: never sign in.
          request.log.warn({ err: error }, 'OIDC callback rejected');
          if (error instanceof AppError && error.status === 503) throw error;
          return reply.redirect(SIGN_IN_ERROR_URL.failed, 302);
        }
        let citizen;
        try {
          citizen = await oidc.signIn(actorOf(request), claims, flow.consent);
        } catch (error) {
          if (error instanceof AppError && error.code === 'account_disabled')
            return reply.redirect(SIGN_IN_ERROR_URL.locked, 302);
          throw error;
        }
        if (!citizen) return reply.redirect(SIGN_IN_ERROR_URL.consent, 302);
        await app.auth.startCitizenSession(reply, citizen.id, sessionMeta(request));
        // Back to the page that asked for sign-in (online filing: modules/eservices), same site only.
        const back = request.cookies.saola_sau_dang_nhap;
        if (back && /^\/(?![/\\])[\w\-./%]*$/.test(back)) {
          void reply.clearCookie('saola_sau_dang_nhap', { path: '/' });
          return reply.redirect(back, 302);
        }
        return reply.redirect('/tai-khoan', 302);
      },
    );
  };
}
