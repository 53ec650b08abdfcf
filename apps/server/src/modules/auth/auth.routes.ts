import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { forbidden, unauthorized } from '../../http/errors.js';
import * as account from './account.service.js';
import {
  IdParams,
  LoginBody,
  LoginOkView,
  LoginResultView,
  LoginTotpBody,
  MeView,
  PasswordBody,
  SessionView,
  TAG,
  TotpCodeBody,
  TotpDisableBody,
  TotpSetupBody,
  TotpSetupView,
} from './auth.schemas.js';
import { login, loginTotp } from './login.service.js';
import { buildMe, type StaffPrincipal } from './me.service.js';
import { assertSameOrigin } from './origin-check.js';
import { principalKey } from './principal.js';
import { disableTotp, enableTotp, setupTotp } from './totp.service.js';

/** Sign-in per QĐ 742/QĐ-BTTTT: rate limits on every route that checks a secret. */
const SIGN_IN_LIMIT = { rateLimit: { max: 30, timeWindow: '1 minute' } };
const SECRET_CHECK_LIMIT = {
  rateLimit: {
    max: 10,
    timeWindow: '1 minute',
    // Per signed-in user (many officers may share one office address).
    keyGenerator: (request: FastifyRequest) => principalKey(request.principal) ?? request.ip,
  },
};
const session = [{ session: [] }];

/**
 * The signed-in staff member. While a temporary password is unchanged only /auth/me,
 * /auth/password and /auth/logout work (QĐ 742/QĐ-BTTTT: forced change at first sign-in).
 */
function staffOf(request: FastifyRequest, options: { allowMustChange?: boolean } = {}): StaffPrincipal {
  const p = request.principal;
  if (!p || p.kind !== 'staff' || !request.authSession) throw unauthorized();
  if (p.mustChangePassword && !options.allowMustChange) {
    throw forbidden('Bạn cần đổi mật khẩu tạm thời trước khi tiếp tục.', 'password_change_required');
  }
  return p;
}

const authRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/auth/login',
    {
      config: SIGN_IN_LIMIT,
      schema: { tags: [TAG], summary: 'Đăng nhập (cán bộ)', body: LoginBody, response: { 200: LoginResultView } },
    },
    async (request, reply) => {
      assertSameOrigin(request);
      return login(app, request, reply, request.body);
    },
  );

  app.post(
    '/auth/login/totp',
    {
      config: SIGN_IN_LIMIT,
      schema: {
        tags: [TAG],
        summary: 'Đăng nhập bước 2: mã xác thực hai lớp',
        body: LoginTotpBody,
        response: { 200: LoginOkView },
      },
    },
    async (request, reply) => {
      assertSameOrigin(request);
      return loginTotp(app, request, reply, request.body);
    },
  );

  app.post(
    '/auth/logout',
    { schema: { tags: [TAG], summary: 'Đăng xuất', security: session, response: { 204: Type.Null() } } },
    async (request, reply) => {
      await account.logout(app, request, reply);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/logout-all',
    {
      schema: {
        tags: [TAG],
        summary: 'Đăng xuất khỏi mọi thiết bị',
        security: session,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await account.logoutEverywhere(app, request, reply, staffOf(request));
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/me',
    {
      schema: { tags: [TAG], summary: 'Thông tin người đang đăng nhập', security: session, response: { 200: MeView } },
    },
    async (request) => buildMe(app, staffOf(request, { allowMustChange: true })),
  );

  app.post(
    '/auth/password',
    {
      config: SECRET_CHECK_LIMIT,
      schema: {
        tags: [TAG],
        summary: 'Đổi mật khẩu',
        security: session,
        body: PasswordBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await account.changePassword(app, request, staffOf(request, { allowMustChange: true }), request.body);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/auth/sessions',
    {
      schema: {
        tags: [TAG],
        summary: 'Các phiên đăng nhập đang hoạt động',
        security: session,
        response: { 200: Type.Object({ items: Type.Array(SessionView) }) },
      },
    },
    async (request) => ({ items: await account.listSessions(app, staffOf(request)) }),
  );

  app.delete(
    '/auth/sessions/:id',
    {
      schema: {
        tags: [TAG],
        summary: 'Kết thúc một phiên đăng nhập',
        security: session,
        params: IdParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await account.revokeOwnSession(app, request, reply, staffOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/totp/setup',
    {
      config: SIGN_IN_LIMIT,
      schema: {
        tags: [TAG],
        summary: 'Tạo mã QR xác thực hai lớp',
        description:
          'Khi đã đăng nhập: không cần tham số. Khi đăng nhập lần đầu mà vai trò bắt buộc 2 lớp (kết quả `totp_setup_required`): gửi `challengeId`, quét mã QR rồi hoàn tất bằng POST /auth/login/totp.',
        body: Type.Optional(TotpSetupBody),
        response: { 200: TotpSetupView },
      },
    },
    async (request) => {
      const p = request.principal?.kind === 'staff' ? staffOf(request) : null;
      return setupTotp(app, p, request.body?.challengeId);
    },
  );

  app.post(
    '/auth/totp/enable',
    {
      config: SECRET_CHECK_LIMIT,
      schema: {
        tags: [TAG],
        summary: 'Bật xác thực hai lớp',
        security: session,
        body: TotpCodeBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await enableTotp(app, request, staffOf(request), request.body.code);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/totp/disable',
    {
      config: SECRET_CHECK_LIMIT,
      schema: {
        tags: [TAG],
        summary: 'Tắt xác thực hai lớp',
        security: session,
        body: TotpDisableBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await disableTotp(app, request, staffOf(request), request.body.password);
      return reply.code(204).send(null);
    },
  );
};

export default authRoutes;
