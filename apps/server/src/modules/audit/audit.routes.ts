import { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import { unauthorized } from '../../http/errors.js';
import { Page, PageQuery, decodeCursor, toPage } from '../../http/pagination.js';
import { actorOf } from '../../http/request-context.js';
import { assertCan } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import { BOM, CSV_HEADER, csvLine, csvRow, vietnamIso } from './audit.csv.js';
import type { AuditFilter, AuditRowRecord } from './audit.repository.js';
import { type RootAgencyCheck, readableScope } from './audit.scope.js';
import type { AuditService } from './audit.service.js';

/** The most rows one CSV export holds; narrow the filters to get the rest. */
export const EXPORT_CAP = 100_000;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const TAGS = ['Nhật ký hệ thống'];

const Filters = {
  from: Type.Optional(Type.String({ format: 'date-time', description: 'Từ thời điểm (bao gồm), ISO 8601' })),
  to: Type.Optional(Type.String({ format: 'date-time', description: 'Đến thời điểm (không bao gồm), ISO 8601' })),
  actorId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Mã người thực hiện' })),
  action: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: 'Hành động, ví dụ "user.create"; kết thúc bằng * để lọc theo tiền tố ("user.*")',
    }),
  ),
  entityType: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Loại đối tượng, ví dụ "user"' })),
  entityId: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Mã đối tượng' })),
  agencyId: Type.Optional(Type.String({ format: 'uuid', description: 'Chỉ các dòng của cơ quan này' })),
};
const ListQuery = Type.Object({ ...Filters, ...PageQuery });
const ExportQuery = Type.Object(Filters);

export const AuditRow = Type.Object({
  id: Type.String({ format: 'uuid' }),
  seq: Type.Integer({ minimum: 1 }),
  at: Type.String({ format: 'date-time' }),
  actorKind: Type.Union([
    Type.Literal('staff'),
    Type.Literal('citizen'),
    Type.Literal('token'),
    Type.Literal('anonymous'),
    Type.Literal('system'),
  ]),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Nullable(Type.String()),
  agencyId: Nullable(Type.String({ format: 'uuid' })),
  before: Type.Unknown({ description: 'Giá trị trước thay đổi (JSON), các trường bí mật đã được ẩn' }),
  after: Type.Unknown({ description: 'Giá trị sau thay đổi (JSON), các trường bí mật đã được ẩn' }),
  note: Nullable(Type.String()),
  hash: Type.String({ description: 'SHA-256 của dòng (móc xích với dòng trước)' }),
});
export type AuditRowDto = Static<typeof AuditRow>;

const VerifyResultSchema = Type.Object({
  ok: Type.Boolean(),
  checked: Type.Integer({ minimum: 0, description: 'Số dòng đã kiểm tra' }),
  firstBroken: Nullable(
    Type.Object({
      seq: Type.Integer({ minimum: 1, description: 'Số thứ tự của dòng (dòng đã mất: vị trí trong chuỗi)' }),
      chain: Type.String({ description: "Chuỗi băm: mã cơ quan hoặc 'system'" }),
      chainSeq: Type.Integer({ minimum: 1, description: 'Vị trí của dòng trong chuỗi' }),
      id: Nullable(Type.String({ format: 'uuid' })),
      at: Nullable(Type.String({ format: 'date-time' })),
      reason: Type.Union([
        Type.Literal('hash_mismatch'),
        Type.Literal('prev_hash_mismatch'),
        Type.Literal('seq_gap'),
        Type.Literal('missing_rows'),
        Type.Literal('head_mismatch'),
        Type.Literal('rows_beyond_head'),
      ]),
      detail: Type.String({ description: 'Giải thích bằng tiếng Việt' }),
    }),
  ),
});

export function toAuditRowDto(r: AuditRowRecord): AuditRowDto {
  return {
    id: r.id,
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actorKind: r.actor_kind,
    actorId: r.actor_id,
    actorName: r.actor_name,
    ip: r.ip,
    userAgent: r.user_agent,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    agencyId: r.agency_id,
    before: r.before ?? null,
    after: r.after ?? null,
    note: r.note,
    hash: r.hash,
  };
}

function filterOf(q: Static<typeof ExportQuery>): AuditFilter {
  return {
    ...(q.from ? { from: new Date(q.from) } : {}),
    ...(q.to ? { to: new Date(q.to) } : {}),
    ...(q.actorId ? { actorId: q.actorId } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.entityType ? { entityType: q.entityType } : {}),
    ...(q.entityId ? { entityId: q.entityId } : {}),
    ...(q.agencyId ? { agencyId: q.agencyId.toLowerCase() } : {}),
  };
}

function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

export interface AuditRoutesOptions {
  service: AuditService;
  isRootAgency: RootAgencyCheck;
}

const auditRoutes: FastifyPluginAsyncTypebox<AuditRoutesOptions> = async (app, { service, isRootAgency }) => {
  /** Checks the permission (403 nowhere, 404 for another agency's filter) and returns the scope. */
  async function scopeFor(request: FastifyRequest, agencyId: string | undefined) {
    const principal = principalOf(request);
    assertCan(principal, 'audit.read', agencyId?.toLowerCase());
    return readableScope(principal, isRootAgency);
  }

  app.get(
    '/audit',
    {
      schema: {
        tags: TAGS,
        summary: 'Tra cứu nhật ký hệ thống',
        description:
          'Mới nhất trước. Chỉ gồm các dòng của cơ quan mà người gọi có quyền audit.read; các dòng toàn hệ thống (không gắn cơ quan) chỉ hiện với người có quyền này tại cơ quan cấp cao nhất (cấp tỉnh).',
        querystring: ListQuery,
        response: { 200: Page(AuditRow) },
      },
    },
    async (request) => {
      const { limit = 50, cursor, ...filters } = request.query;
      const scope = await scopeFor(request, filters.agencyId);
      const after = decodeCursor(cursor);
      const rows = await service.list(filterOf(filters), scope, {
        beforeSeq: after ? Number(after.k) : null,
        limit: limit + 1,
      });
      const page = toPage(rows, limit, (r) => ({ k: Number(r.seq), id: r.id }));
      return { items: page.items.map(toAuditRowDto), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/audit/export.csv',
    {
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        tags: TAGS,
        summary: 'Xuất nhật ký ra tệp CSV',
        description: `Cùng bộ lọc và phạm vi như tra cứu. UTF-8 có BOM (mở đúng tiếng Việt trong Excel), tối đa ${EXPORT_CAP.toLocaleString('vi-VN')} dòng, mới nhất trước; khi vượt quá, tiêu đề phản hồi saola-export-truncated: true.`,
        querystring: ExportQuery,
        produces: ['text/csv'],
        response: {
          200: {
            description: 'Tệp CSV',
            content: { 'text/csv': { schema: { type: 'string' } } },
          },
        },
      },
    },
    async (request, reply) => {
      const scope = await scopeFor(request, request.query.agencyId);
      const filter = filterOf(request.query);
      const truncated = await service.exceeds(filter, scope, EXPORT_CAP);
      await service.record(actorOf(request), {
        action: 'audit.export',
        entityType: 'audit_log',
        entityId: null,
        agencyId: filter.agencyId ?? null,
        after: { filter: request.query, truncated },
      });
      async function* lines() {
        yield BOM + csvLine(CSV_HEADER);
        for await (const row of service.iterate(filter, scope, EXPORT_CAP)) yield csvRow(row);
      }
      const day = vietnamIso(app.clock()).slice(0, 10).replaceAll('-', '');
      return (
        reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="nhat-ky-he-thong-${day}.csv"`)
          .header('saola-export-truncated', truncated ? 'true' : 'false')
          .header('cache-control', 'no-store')
          // The schema documents the body as CSV text; it is sent as a stream, batch by batch.
          .send(Readable.from(lines(), { objectMode: false }) as unknown as string)
      );
    },
  );

  app.post(
    '/audit/verify',
    {
      config: { rateLimit: { max: 5, timeWindow: '1 minute' } },
      schema: {
        tags: TAGS,
        summary: 'Kiểm tra tính toàn vẹn của nhật ký',
        description:
          'Tính lại toàn bộ chuỗi băm theo thứ tự và chỉ ra dòng hỏng đầu tiên (bị sửa, bị xóa hoặc bị chèn ngoài hệ thống).',
        response: { 200: VerifyResultSchema },
      },
    },
    async (request) => {
      assertCan(principalOf(request), 'audit.verify');
      const result = await service.verify();
      await service.record(actorOf(request), {
        action: 'audit.verify',
        entityType: 'audit_log',
        entityId: null,
        agencyId: null,
        after: result,
      });
      return result;
    },
  );
};

export default auditRoutes;
