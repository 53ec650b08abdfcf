import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { unauthorized } from '../../http/errors.js';
import { Page, PageQuery } from '../../http/pagination.js';
import { actorOf } from '../../http/request-context.js';
import { assertCan } from '../auth/policy.js';
import { CorrectionRequest, PurposeSchema, SensitiveAccess } from './privacy.schemas.js';
import type { PrivacyService } from './privacy.service.js';
import { PURPOSES } from './purposes.js';

const TAG = 'Dữ liệu cá nhân';

function requirePrivacyManager(request: FastifyRequest) {
  if (!request.principal) throw unauthorized();
  // Citizen accounts belong to the whole platform, not to one agency: holding privacy.manage in
  // any agency lets an officer handle them (give the role only to the data-protection staff).
  assertCan(request.principal, 'privacy.manage');
}

const StaffCorrectionRequest = Type.Intersect([
  CorrectionRequest,
  Type.Object({
    citizen: Type.Object({
      id: Type.String(),
      fullName: Type.Union([Type.String(), Type.Null()]),
      phone: Type.Union([Type.String(), Type.Null()]),
      email: Type.Union([Type.String(), Type.Null()]),
    }),
  }),
]);

export function privacyRoutes(service: PrivacyService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/privacy/purposes',
      {
        schema: {
          tags: [TAG],
          summary: 'Các mục đích xử lý dữ liệu cá nhân (nội dung công dân đọc trước khi đồng ý)',
          response: { 200: Type.Object({ items: Type.Array(PurposeSchema) }) },
        },
      },
      async () => ({ items: PURPOSES.map((p) => ({ ...p })) }),
    );

    app.get(
      '/privacy/correction-requests',
      {
        schema: {
          tags: [TAG],
          summary: 'Danh sách yêu cầu chỉnh sửa dữ liệu cá nhân (cũ nhất trước)',
          querystring: Type.Object({
            status: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]),
            ),
            ...PageQuery,
          }),
          response: { 200: Page(StaffCorrectionRequest) },
        },
      },
      async (request) => {
        requirePrivacyManager(request);
        const page = await service.listCorrections({
          status: request.query.status,
          limit: request.query.limit ?? 50,
          cursor: request.query.cursor,
        });
        const items = await Promise.all(
          page.items.map(async (item) => {
            const c = await app.citizens.findCitizen(item.citizenId);
            return {
              ...item,
              citizen: {
                id: item.citizenId,
                fullName: c?.fullName ?? null,
                phone: c?.phone ?? null,
                email: c?.email ?? null,
              },
            };
          }),
        );
        return { items, nextCursor: page.nextCursor };
      },
    );

    app.post(
      '/privacy/correction-requests/:id/resolve',
      {
        schema: {
          tags: [TAG],
          summary: 'Chấp thuận hoặc từ chối một yêu cầu chỉnh sửa',
          params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
          body: Type.Object(
            {
              decision: Type.Union([Type.Literal('approved'), Type.Literal('rejected')]),
              note: Type.Optional(Type.String({ maxLength: 2000 })),
              version: Type.Optional(Type.Integer({ minimum: 1 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: CorrectionRequest },
        },
      },
      async (request) => {
        requirePrivacyManager(request);
        const note = request.body.note?.trim() || null;
        return service.resolveCorrection(actorOf(request), request.params.id, {
          decision: request.body.decision,
          note,
          version: request.body.version,
        });
      },
    );

    app.get(
      '/privacy/sensitive-access',
      {
        schema: {
          tags: [TAG],
          summary: 'Nhật ký truy cập dữ liệu cá nhân nhạy cảm (mới nhất trước)',
          querystring: Type.Object({
            citizenId: Type.Optional(Type.String({ format: 'uuid' })),
            itemType: Type.Optional(Type.String({ maxLength: 100 })),
            ...PageQuery,
          }),
          response: {
            200: Page(
              Type.Intersect([
                SensitiveAccess,
                Type.Object({
                  id: Type.Integer(),
                  citizenId: Type.Union([Type.String(), Type.Null()]),
                  actorId: Type.Union([Type.String(), Type.Null()]),
                }),
              ]),
            ),
          },
        },
      },
      async (request) => {
        requirePrivacyManager(request);
        return service.listAccess({
          citizenId: request.query.citizenId,
          itemType: request.query.itemType,
          limit: request.query.limit ?? 50,
          cursor: request.query.cursor,
        });
      },
    );
  };
}
