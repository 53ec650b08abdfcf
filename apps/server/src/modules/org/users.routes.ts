import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page, PageQuery } from '../../http/pagination.js';
import { actorOf } from '../../http/request-context.js';
import { requireAdminNetwork } from '../auth/admin-network.js';
import {
  IdParams,
  LockBody,
  RolesBody,
  TemporaryPassword,
  UserCreate,
  UserCreated,
  UserDetail,
  UserPatch,
  UserQuery,
  UserSummary,
} from './org.schemas.js';
import type { UsersService } from './users.service.js';

const TAG = 'Người dùng';

/** Staff user administration (QĐ 742/QĐ-BTTTT: reachable only from the configured networks). */
export function usersRoutes(service: UsersService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addHook('preHandler', requireAdminNetwork);

    app.get(
      '/users',
      {
        schema: {
          tags: [TAG],
          summary: 'Danh sách người dùng trong phạm vi được xem (tìm không phân biệt dấu)',
          querystring: Type.Object({ ...UserQuery.properties, ...PageQuery }),
          response: { 200: Page(UserSummary) },
        },
      },
      async (request) => service.list(request.principal, request.query),
    );

    app.post(
      '/users',
      {
        config: { idempotency: 'no-store' },
        schema: {
          tags: [TAG],
          summary: 'Tạo người dùng (mật khẩu ban đầu phải đổi ở lần đăng nhập đầu)',
          body: UserCreate,
          response: { 201: UserCreated },
        },
      },
      async (request, reply) => {
        const created = await service.create(request.principal, actorOf(request), request.body);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/users/:id',
      {
        schema: {
          tags: [TAG],
          summary: 'Chi tiết người dùng và vai trò',
          params: IdParams,
          response: { 200: UserDetail },
        },
      },
      async (request) => service.get(request.principal, request.params.id),
    );

    app.patch(
      '/users/:id',
      {
        schema: {
          tags: [TAG],
          summary: 'Sửa thông tin người dùng (cần version hiện tại; 409 nếu đã bị người khác sửa)',
          params: IdParams,
          body: UserPatch,
          response: { 200: UserDetail },
        },
      },
      async (request) => service.update(request.principal, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/users/:id/lock',
      {
        schema: {
          tags: [TAG],
          summary: 'Khóa người dùng (kết thúc mọi phiên đăng nhập)',
          params: IdParams,
          body: LockBody,
          response: { 200: UserDetail },
        },
      },
      async (request) => service.lock(request.principal, actorOf(request), request.params.id, request.body.reason),
    );

    app.post(
      '/users/:id/unlock',
      { schema: { tags: [TAG], summary: 'Mở khóa người dùng', params: IdParams, response: { 200: UserDetail } } },
      async (request) => service.unlock(request.principal, actorOf(request), request.params.id),
    );

    app.post(
      '/users/:id/reset-password',
      {
        config: { idempotency: 'no-store' },
        schema: {
          tags: [TAG],
          summary: 'Đặt lại mật khẩu: cấp mật khẩu tạm (phải đổi khi đăng nhập), kết thúc các phiên',
          params: IdParams,
          response: { 200: TemporaryPassword },
        },
      },
      async (request) => service.resetPassword(request.principal, actorOf(request), request.params.id),
    );

    app.put(
      '/users/:id/roles',
      {
        schema: {
          tags: [TAG],
          summary: 'Đặt lại danh sách vai trò của người dùng',
          params: IdParams,
          body: RolesBody,
          response: { 200: UserDetail },
        },
      },
      async (request) =>
        service.setRoles(request.principal, actorOf(request), request.params.id, request.body.assignments),
    );
  };
}
