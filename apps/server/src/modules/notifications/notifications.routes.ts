import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { forbidden, unauthorized } from '../../http/errors.js';
import { Page, PageQuery } from '../../http/pagination.js';
import { actorOf } from '../../http/request-context.js';
import { assertCan } from '../auth/policy.js';
import type { NotificationsService } from './notifications.service.js';

const TAG = 'Thông báo';
const ChannelSchema = Type.Union([Type.Literal('email'), Type.Literal('sms')], { description: 'Kênh gửi' });
const StatusSchema = Type.Union([Type.Literal('queued'), Type.Literal('sent'), Type.Literal('failed')], {
  description: 'queued = đang chờ gửi/thử lại, sent = đã gửi, failed = thất bại hẳn',
});
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const OutboxItem = Type.Object({
  id: Type.String({ format: 'uuid' }),
  channel: ChannelSchema,
  to: Type.String({ description: 'Địa chỉ thư điện tử hoặc số điện thoại nhận' }),
  template: Type.String({ description: 'Mã mẫu thông báo' }),
  status: StatusSchema,
  attempts: Type.Integer({ description: 'Số lần đã thử gửi' }),
  lastError: Nullable(Type.String({ description: 'Lỗi của lần thử gần nhất' })),
  createdAt: Type.String({ format: 'date-time' }),
  sentAt: Nullable(Type.String({ format: 'date-time' })),
});

const Template = Type.Object({
  code: Type.String(),
  channel: ChannelSchema,
  subject: Nullable(Type.String()),
  body: Type.String(),
  variables: Type.Array(Type.String(), { description: 'Chỗ điền được phép dùng, viết {{tên}}' }),
  requiredVariables: Type.Array(Type.String(), { description: 'Chỗ điền bắt buộc phải giữ' }),
  description: Type.String(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedByName: Nullable(Type.String()),
});

/** Tells whether an agency has no parent (the top of a province's tree, e.g. UBND tỉnh). */
export type RootAgencyCheck = (agencyId: string) => Promise<boolean>;

/**
 * Templates and the outbox are system-wide (the outbox lists citizens' phone numbers and e-mail
 * addresses from every commune), so they need notifications.manage through a grant given in a
 * root agency: a commune administrator holding the permission in xã A gets 403, like the audit
 * log's system-wide rows. Least privilege (QĐ 742/QĐ-BTTTT).
 */
async function assertManage(request: FastifyRequest, isRoot: RootAgencyCheck): Promise<void> {
  const principal = request.principal;
  if (!principal) throw unauthorized();
  assertCan(principal, 'notifications.manage');
  if (principal.kind === 'citizen') throw forbidden();
  for (const g of principal.grants) {
    if (g.permissions.includes('notifications.manage') && (await isRoot(g.agencyId))) return;
  }
  throw forbidden('Chỉ quản trị viên cấp tỉnh (được phân quyền tại cơ quan cấp cao nhất) mới quản lý được thông báo.');
}

export function notificationsRoutes(service: NotificationsService, isRoot: RootAgencyCheck): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/notifications/outbox',
      {
        schema: {
          tags: [TAG],
          summary: 'Hộp thư đi: các thông báo đã yêu cầu gửi và trạng thái',
          security: [{ session: [] }, { bearer: [] }],
          querystring: Type.Object({ status: Type.Optional(StatusSchema), ...PageQuery }),
          response: { 200: Page(OutboxItem) },
        },
      },
      async (request) => {
        await assertManage(request, isRoot);
        return service.listOutbox(request.query);
      },
    );

    app.get(
      '/notifications/templates',
      {
        schema: {
          tags: [TAG],
          summary: 'Danh sách mẫu thông báo',
          security: [{ session: [] }, { bearer: [] }],
          response: { 200: Type.Object({ items: Type.Array(Template) }) },
        },
      },
      async (request) => {
        await assertManage(request, isRoot);
        return { items: await service.listTemplates() };
      },
    );

    app.put(
      '/notifications/templates/:code',
      {
        schema: {
          tags: [TAG],
          summary: 'Sửa mẫu thông báo của một kênh (khóa lạc quan theo version)',
          security: [{ session: [] }, { bearer: [] }],
          params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 100 }) }),
          body: Type.Object(
            {
              channel: ChannelSchema,
              version: Type.Integer({ minimum: 1 }),
              subject: Nullable(Type.String({ maxLength: 300 })),
              body: Type.String({ minLength: 1, maxLength: 10_000 }),
            },
            { additionalProperties: false },
          ),
          response: { 200: Template },
        },
      },
      async (request) => {
        await assertManage(request, isRoot);
        return service.updateTemplate(actorOf(request), request.params.code, request.body);
      },
    );
  };
}
