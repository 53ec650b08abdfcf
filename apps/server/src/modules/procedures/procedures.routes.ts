import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Page } from '../../http/pagination.js';
import { actorOf } from '../../http/request-context.js';
import {
  IdParams,
  ImportResult,
  ListQuery,
  ProcedureExchange,
  ProcedureInput,
  ProcedureListItem,
  ProcedureUpdate,
  ProcedureView,
  Status,
  TAG,
  VersionBody,
} from './procedures.schemas.js';
import type { ProceduresExchange } from './procedures.exchange.js';
import type { ProceduresService } from './procedures.service.js';

const RULE =
  'Danh mục dùng chung toàn tỉnh: xem cần quyền procedures.read ở bất kỳ cơ quan nào; thay đổi cần quyền procedures.manage tại cơ quan cấp tỉnh (không có cơ quan cấp trên).';

/** Staff routes of the procedure catalogue (/procedures…). */
export function proceduresRoutes(service: ProceduresService, exchange: ProceduresExchange): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Bodies are typed JSON: no coercion, else a null fee amount ("set by the province") would become 0.
    app.get(
      '/procedures',
      {
        schema: {
          tags: [TAG],
          summary: 'Danh sách thủ tục (cả bản nháp, đã ngừng áp dụng); tìm không phân biệt dấu',
          description: RULE,
          querystring: ListQuery,
          response: { 200: Page(ProcedureListItem) },
        },
      },
      async (request) => service.list(request.principal, request.query),
    );

    app.get(
      '/procedures/export',
      {
        schema: {
          tags: [TAG],
          summary: 'Xuất danh mục thủ tục dạng JSON (cùng định dạng với nhập)',
          querystring: Type.Object({ status: Type.Optional(Status) }),
          response: { 200: Type.Array(ProcedureExchange) },
        },
      },
      async (request, reply) => {
        const items = await exchange.exportAll(request.principal, request.query.status);
        void reply.header('content-disposition', 'attachment; filename="thu-tuc.json"');
        return items;
      },
    );

    app.post(
      '/procedures/import',
      {
        bodyLimit: 8 * 1024 * 1024,
        schema: {
          tags: [TAG],
          summary: 'Nhập danh mục thủ tục từ JSON (cập nhật theo mã; tất cả hoặc không gì cả)',
          description:
            'Định dạng của data/procedures/thu-tuc.json. Mục có code null dùng localCode hoặc mã tạm DP.<tên-không-dấu>. ' +
            'Thủ tục đã công bố giữ bản công khai cho đến khi công bố lại.',
          body: Type.Array(ProcedureExchange, { maxItems: 2000 }),
          response: { 200: ImportResult },
        },
      },
      async (request) => exchange.importMany(request.principal, actorOf(request), request.body),
    );

    app.get(
      '/procedures/:id',
      {
        schema: {
          tags: [TAG],
          summary: 'Chi tiết thủ tục (bản làm việc)',
          params: IdParams,
          response: { 200: ProcedureView },
        },
      },
      async (request) => service.get(request.principal, request.params.id),
    );

    app.get(
      '/procedures/:id/versions',
      {
        schema: {
          tags: [TAG],
          summary: 'Các lần công bố của thủ tục',
          params: IdParams,
          response: {
            200: Type.Array(
              Type.Object({
                revision: Type.Integer(),
                sourceVersion: Type.Integer(),
                publishedAt: Type.String({ format: 'date-time' }),
                publishedByName: Type.Union([Type.String(), Type.Null()]),
              }),
            ),
          },
        },
      },
      async (request) => service.versions(request.principal, request.params.id),
    );

    app.post(
      '/procedures',
      {
        schema: {
          tags: [TAG],
          summary: 'Tạo thủ tục (bản nháp)',
          description: `${RULE} Không có mã quốc gia: mã tạm DP.<tên-không-dấu>, phải nhập mã quốc gia trước khi công bố.`,
          body: ProcedureInput,
          response: { 201: ProcedureView },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.create(request.principal, actorOf(request), request.body)),
    );

    app.put(
      '/procedures/:id',
      {
        schema: {
          tags: [TAG],
          summary: 'Sửa bản làm việc của thủ tục (cần version hiện tại; 409 nếu đã bị người khác sửa)',
          description: 'Trường tùy chọn không gửi (formSchema, workflow, agencyIds, unverified) được giữ nguyên.',
          params: IdParams,
          body: ProcedureUpdate,
          response: { 200: ProcedureView },
        },
      },
      async (request) => service.update(request.principal, actorOf(request), request.params.id, request.body),
    );

    app.post(
      '/procedures/:id/publish',
      {
        schema: {
          tags: [TAG],
          summary: 'Công bố thủ tục: lưu ảnh chụp phiên bản mới, cổng công khai hiển thị phiên bản này',
          params: IdParams,
          body: VersionBody,
          response: { 200: ProcedureView },
        },
      },
      async (request) => service.publish(request.principal, actorOf(request), request.params.id, request.body.version),
    );

    app.post(
      '/procedures/:id/archive',
      {
        schema: {
          tags: [TAG],
          summary: 'Ngừng áp dụng thủ tục (ẩn khỏi cổng công khai)',
          params: IdParams,
          body: VersionBody,
          response: { 200: ProcedureView },
        },
      },
      async (request) => service.archive(request.principal, actorOf(request), request.params.id, request.body.version),
    );
  };
}
