import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { actorOf } from '../../http/request-context.js';
import {
  AgencyParams,
  Counter,
  CounterBody,
  Desk,
  Field,
  FieldName,
  IdParams,
  Prefix,
  StatsItem,
  TAG,
  Ticket,
  VersionBody,
} from './queue.schemas.js';
import type { QueueService } from './queue.service.js';

/** The officers' and administrators' queue API (/api/v1/queue/…). */
export function queueRoutes(service: QueueService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      '/queue/agencies/:agencyId/setup',
      {
        schema: {
          tags: [TAG],
          summary: 'Lĩnh vực nhận số và các quầy của cơ quan',
          description: 'Cần quyền queue.serve hoặc queue.manage tại cơ quan.',
          params: AgencyParams,
          response: {
            200: Type.Object({
              agency: Type.Object({ code: Type.String(), name: Type.String() }),
              fields: Type.Array(Field),
              counters: Type.Array(Counter),
            }),
          },
        },
      },
      async (request) => service.listSetup(request.principal, request.params.agencyId),
    );

    app.put(
      '/queue/agencies/:agencyId/fields',
      {
        schema: {
          tags: [TAG],
          summary: 'Đặt danh sách lĩnh vực nhận số (mỗi lĩnh vực một chữ cái đầu số)',
          description: 'Cần quyền queue.manage tại cơ quan. Thay toàn bộ danh sách; thứ tự là thứ tự nút trên ki-ốt.',
          params: AgencyParams,
          body: Type.Object(
            { fields: Type.Array(Type.Object({ field: FieldName, prefix: Prefix }), { maxItems: 26 }) },
            { additionalProperties: false },
          ),
          response: { 200: Type.Object({ fields: Type.Array(Field) }) },
        },
      },
      async (request) => ({
        fields: await service.replaceFields(
          request.principal,
          actorOf(request),
          request.params.agencyId,
          request.body.fields,
        ),
      }),
    );

    app.post(
      '/queue/agencies/:agencyId/counters',
      {
        schema: {
          tags: [TAG],
          summary: 'Thêm quầy',
          description: 'Cần quyền queue.manage tại cơ quan.',
          params: AgencyParams,
          body: CounterBody,
          response: { 201: Counter },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await service.createCounter(request.principal, actorOf(request), request.params.agencyId, request.body),
          ),
    );

    app.put(
      '/queue/counters/:id',
      {
        schema: {
          tags: [TAG],
          summary: 'Sửa quầy (số hiệu, tên, lĩnh vực phục vụ, tạm ngừng)',
          description: 'Cần quyền queue.manage tại cơ quan của quầy. version cũ → 409.',
          params: IdParams,
          body: Type.Object(
            { ...CounterBody.properties, version: Type.Integer({ minimum: 1 }) },
            {
              additionalProperties: false,
            },
          ),
          response: { 200: Counter },
        },
      },
      async (request) => service.updateCounter(request.principal, actorOf(request), request.params.id, request.body),
    );

    app.delete(
      '/queue/counters/:id',
      {
        schema: {
          tags: [TAG],
          summary: 'Xóa quầy chưa từng phục vụ',
          description: 'Cần quyền queue.manage. Quầy đã phục vụ người dân không xóa được (409): hãy tạm ngừng.',
          params: IdParams,
          querystring: Type.Object({ version: Type.Integer({ minimum: 1 }) }),
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await service.deleteCounter(request.principal, actorOf(request), request.params.id, request.query.version);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/queue/counters/:id/desk',
      {
        schema: {
          tags: [TAG],
          summary: 'Màn hình cán bộ tại quầy: số đang phục vụ, danh sách chờ theo lĩnh vực',
          description: 'Cần quyền queue.serve tại cơ quan của quầy.',
          params: IdParams,
          response: { 200: Desk },
        },
      },
      async (request) => service.desk(request.principal, request.params.id),
    );

    app.post(
      '/queue/counters/:id/call-next',
      {
        schema: {
          tags: [TAG],
          summary: 'Gọi số tiếp theo',
          description:
            'Cần quyền queue.serve. Gọi số được chuyển riêng cho quầy trước, rồi số chờ lâu nhất thuộc lĩnh vực quầy ' +
            'phục vụ. Quầy đang có số chưa xong → 409. Không còn ai chờ → ticket null.',
          params: IdParams,
          response: { 200: Type.Object({ ticket: Type.Union([Ticket, Type.Null()]) }) },
        },
      },
      async (request) => ({
        ticket: await service.callNext(request.principal, actorOf(request), request.params.id),
      }),
    );

    const actions = [
      ['recall', 'Gọi lại số đang gọi, hoặc số đã bỏ qua khi người dân quay lại (quầy phải đang trống)'],
      ['start', 'Bắt đầu phục vụ số đang gọi'],
      ['skip', 'Bỏ qua số đang gọi (người dân không có mặt)'],
      ['done', 'Hoàn thành'],
    ] as const;
    for (const [action, summary] of actions) {
      app.post(
        `/queue/tickets/:id/${action}`,
        {
          schema: {
            tags: [TAG],
            summary,
            description: 'Cần quyền queue.serve tại cơ quan của số thứ tự. version cũ → 409.',
            params: IdParams,
            body: VersionBody,
            response: { 200: Ticket },
          },
        },
        async (request) =>
          service[action](request.principal, actorOf(request), request.params.id, request.body.version),
      );
    }

    app.post(
      '/queue/tickets/:id/transfer',
      {
        schema: {
          tags: [TAG],
          summary: 'Chuyển số sang quầy hoặc lĩnh vực khác',
          description:
            'Cần quyền queue.serve. Số hiện tại kết thúc (transferred); cùng số đó chờ lại ở quầy/lĩnh vực đích, ' +
            'giữ thứ tự theo giờ lấy số. Trả về phiếu mới đang chờ.',
          params: IdParams,
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              counterId: Type.Optional(Type.String({ format: 'uuid' })),
              field: Type.Optional(FieldName),
            },
            { additionalProperties: false },
          ),
          response: { 200: Ticket },
        },
      },
      async (request) => service.transfer(request.principal, actorOf(request), request.params.id, request.body),
    );

    app.get(
      '/queue/stats',
      {
        schema: {
          tags: [TAG],
          summary: 'Thống kê xếp hàng: thời gian chờ, thời gian phục vụ theo ngày và lĩnh vực',
          description:
            'Cần quyền queue.manage tại cơ quan. Thời gian chờ = lúc được gọi − lúc bắt đầu chờ; thời gian phục vụ = ' +
            'lúc hoàn thành − lúc bắt đầu phục vụ; đơn vị giây.',
          querystring: Type.Object({
            agencyId: Type.String({ format: 'uuid' }),
            from: Type.String({ format: 'date' }),
            to: Type.String({ format: 'date' }),
          }),
          response: { 200: Type.Object({ items: Type.Array(StatsItem) }) },
        },
      },
      async (request) => ({
        items: await service.stats(request.principal, request.query.agencyId, request.query.from, request.query.to),
      }),
    );
  };
}
