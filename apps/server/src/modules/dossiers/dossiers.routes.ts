import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PageQuery } from '../../http/pagination.js';
import { actorOf } from '../../http/request-context.js';
import { DOSSIER_ACTIONS, DOSSIER_STATES, RETURN_METHODS } from './dossier-states.js';
import type { DossierStatisticsPort } from './dossier-stats.port.js';
import type { DossiersService, InboxAnswer } from './dossiers.service.js';

const TAG = 'Hồ sơ thủ tục hành chính';
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });
const State = Type.Enum([...DOSSIER_STATES]);
const Action = Type.Enum([...DOSSIER_ACTIONS]);
const Deadline = Nullable(
  Type.Union([Type.Literal('overdue'), Type.Literal('due_today'), Type.Literal('due_soon'), Type.Literal('on_time')]),
);
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40, description: 'Mã hồ sơ' }) });
const Text = (max: number) => Type.String({ maxLength: max });
const ComponentForm = Type.Union([
  Type.Literal('original'),
  Type.Literal('certified_copy'),
  Type.Literal('copy'),
  Type.Literal('electronic'),
]);
const Component = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 500 }),
    copies: Type.Integer({ minimum: 0, maximum: 100 }),
    form: ComponentForm,
    received: Type.Boolean(),
  },
  { additionalProperties: false },
);

const ListItem = Type.Object({
  code: Type.String(),
  procedureCode: Type.String(),
  procedureName: Type.String(),
  applicantName: Type.String(),
  status: State,
  statusLabel: Type.String(),
  channel: Type.String(),
  currentAgencyId: Type.String(),
  receivingAgencyId: Type.String(),
  currentStep: Nullable(Type.Integer()),
  assigneeId: Nullable(Type.String()),
  receivedAt: Instant,
  submittedAt: Nullable(Instant),
  acceptBy: Nullable({
    ...Instant,
    description: 'Hồ sơ trực tuyến: hạn tiếp nhận hoặc yêu cầu bổ sung (08 giờ làm việc)',
  }),
  dueAt: Nullable(Instant),
  deadlineStatus: Deadline,
  version: Type.Integer(),
});

const Detail = Type.Object({
  ...ListItem.properties,
  ...{
    procedureRevision: Type.Integer(),
    applicant: Type.Object({
      name: Type.String(),
      idNumber: Nullable(Type.String()),
      phone: Nullable(Type.String()),
      email: Nullable(Type.String()),
      address: Nullable(Type.String()),
    }),
    formData: Type.Record(Type.String(), Type.Unknown()),
    components: Type.Array(Component),
    step: Nullable(
      Type.Object({ index: Type.Integer(), key: Type.String(), name: Type.String(), role: Type.String() }),
    ),
    originalDueAt: Nullable(Instant),
    extended: Type.Boolean(),
    workflow: Type.Array(
      Type.Object({ key: Type.String(), name: Type.String(), role: Type.String(), isApproval: Type.Boolean() }),
    ),
    allowedActions: Type.Array(Action),
    events: Type.Array(
      Type.Object({
        seq: Type.Integer(),
        action: Type.String(),
        fromStatus: Nullable(Type.String()),
        toStatus: Type.String(),
        actorName: Nullable(Type.String()),
        agencyId: Nullable(Type.String()),
        at: Instant,
        note: Nullable(Type.String()),
        reason: Nullable(Type.String()),
        step: Nullable(Type.Integer()),
      }),
    ),
    rating: Nullable(
      Type.Object(
        {
          score: Type.Integer({ minimum: 1, maximum: 5, description: '1 = rất không hài lòng … 5 = rất hài lòng' }),
          comment: Nullable(Type.String()),
          channel: Type.Union([Type.Literal('online'), Type.Literal('counter')]),
          ratedAt: Instant,
        },
        { description: 'Đánh giá mức độ hài lòng của người nộp hồ sơ; null khi chưa đánh giá' },
      ),
    ),
  },
});

/** JSON of the inbox answers still held (dossiers.inbox-cache.ts); dropped with them. */
const serializedInboxes = new WeakMap<InboxAnswer, Buffer>();

/**
 * Staff routes of dossiers (/dossiers…): counter reception, inbox, detail, actions (papers: dossier-papers.routes.ts).
 * `ratings` gives the applicant's satisfaction rating shown on the detail (dossier-stats.service.ts).
 */
export function dossiersRoutes(
  service: DossiersService,
  ratings: Pick<DossierStatisticsPort, 'ratingOf'>,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/dossiers',
      {
        schema: {
          tags: [TAG],
          summary: 'Tiếp nhận hồ sơ tại Bộ phận Một cửa (cấp mã hồ sơ, tính ngày hẹn trả)',
          description:
            'Cần vai trò cán bộ Bộ phận Một cửa (can_bo_mot_cua) tại cơ quan tiếp nhận; cơ quan phải thực hiện thủ tục. Hỗ trợ Idempotency-Key.',
          body: Type.Object(
            {
              procedureCode: Type.String({ minLength: 1, maxLength: 200 }),
              agencyId: Type.String({ format: 'uuid', description: 'Cơ quan tiếp nhận (Bộ phận Một cửa)' }),
              channel: Type.Optional(
                Type.Union([Type.Literal('counter'), Type.Literal('post')], {
                  description: 'counter: nộp trực tiếp (mặc định); post: nhận qua bưu chính',
                }),
              ),
              forAgencyId: Type.Optional(
                Type.String({
                  format: 'uuid',
                  description:
                    'Cơ quan giải quyết, khi Trung tâm Phục vụ hành chính công tiếp nhận thay (cùng tỉnh, cơ quan thực hiện thủ tục)',
                }),
              ),
              applicant: Type.Object(
                {
                  name: Type.String({ minLength: 1, maxLength: 200 }),
                  idNumber: Type.Optional(Text(20)),
                  phone: Type.Optional(Text(20)),
                  email: Type.Optional(Text(200)),
                  address: Type.Optional(Text(500)),
                },
                { additionalProperties: false },
              ),
              components: Type.Array(Component, { maxItems: 100 }),
              formData: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
              note: Type.Optional(Text(2000)),
            },
            { additionalProperties: false },
          ),
          response: {
            201: Type.Object({
              code: Type.String(),
              status: State,
              receivedAt: Instant,
              dueAt: Instant,
              currentAgencyId: Type.String(),
              version: Type.Integer(),
            }),
          },
        },
      },
      async (request, reply) =>
        reply.code(201).send(await service.receive(request.principal, actorOf(request), request.body)),
    );

    app.get(
      '/dossiers',
      {
        schema: {
          tags: [TAG],
          summary: 'Hộp hồ sơ: sắp theo mức khẩn (quá hạn, đến hạn hôm nay, sắp đến hạn), kèm số lượng',
          description:
            'scope: mine (được giao cho tôi), department (đang ở bước thuộc vai trò của tôi trong cơ quan, chưa giao ' +
            'hoặc giao cho tôi), agency (mọi hồ sơ cơ quan giải quyết hoặc tiếp nhận). Mặc định: các trạng thái chưa ' +
            'kết thúc. q tìm theo mã, tên người nộp (không phân biệt dấu), số định danh, số điện thoại; lọc theo mã ' +
            'thủ tục, kênh nộp, ngày tiếp nhận. Hồ sơ trực tuyến chưa tiếp nhận xếp theo hạn tiếp nhận (08 giờ làm việc). ' +
            'Máy chủ có thể trả lại câu trả lời đã tính khi hồ sơ của các cơ quan liên quan chưa thay đổi (luôn kiểm tra ' +
            'trong cơ sở dữ liệu, ADR 0008); tiêu đề Cache-Control: no-cache buộc tính lại.',
          querystring: Type.Object({
            scope: Type.Optional(
              Type.Union([Type.Literal('mine'), Type.Literal('department'), Type.Literal('agency')]),
            ),
            status: Type.Optional(Type.Array(State, { maxItems: 10 })),
            q: Type.Optional(Text(200)),
            procedureCode: Type.Optional(Text(200)),
            channel: Type.Optional(Type.Union([Type.Literal('counter'), Type.Literal('online'), Type.Literal('post')])),
            receivedFrom: Type.Optional(Type.String({ format: 'date', description: 'Tiếp nhận từ ngày (YYYY-MM-DD)' })),
            receivedTo: Type.Optional(
              Type.String({ format: 'date', description: 'Tiếp nhận đến hết ngày (YYYY-MM-DD)' }),
            ),
            ...PageQuery,
          }),
          response: {
            200: Type.Object({
              items: Type.Array(ListItem),
              nextCursor: Nullable(Type.String()),
              counts: Type.Object({
                overdue: Type.Integer(),
                dueToday: Type.Integer(),
                dueSoon: Type.Integer(),
                onTime: Type.Integer(),
                total: Type.Integer(),
              }),
            }),
          },
        },
      },
      async (request, reply) => {
        const noCache = /\bno-cache\b/i.test(String(request.headers['cache-control'] ?? ''));
        const answer = await service.list(request.principal, request.query, noCache);
        // An answer the inbox cache gives again is the same object: its JSON (route schema) is made and
        // encoded once.
        let json = serializedInboxes.get(answer);
        if (json === undefined) {
          json = Buffer.from(reply.serialize(answer) as string);
          serializedInboxes.set(answer, json);
        }
        // Bytes are sent as they are (Fastify serialises only objects); the type provider expects the object.
        return reply.type('application/json; charset=utf-8').send(json as unknown as InboxAnswer);
      },
    );

    app.get(
      '/dossiers/:code',
      {
        schema: {
          tags: [TAG],
          summary:
            'Chi tiết hồ sơ: người nộp, thành phần, tiến trình, các thao tác người dùng được làm, đánh giá của người dân',
          params: CodeParams,
          response: { 200: Detail },
        },
      },
      async (request) => {
        // service.get checks that the caller may read the dossier (404 for another agency's) before the rating.
        const detail = await service.get(request.principal, request.params.code);
        return { ...detail, rating: await ratings.ratingOf(detail.code) };
      },
    );

    app.post(
      '/dossiers/:code/actions/:action',
      {
        schema: {
          tags: [TAG],
          summary: 'Thực hiện một thao tác trên hồ sơ (409 nếu hồ sơ đã thay đổi so với version gửi lên)',
          params: Type.Object({ code: CodeParams.properties.code, action: Action }),
          body: Type.Object(
            {
              version: Type.Integer({ minimum: 1 }),
              note: Type.Optional(Text(2000)),
              reason: Type.Optional(Text(2000)),
              assigneeId: Type.Optional(Type.String({ format: 'uuid' })),
              targetAgencyId: Type.Optional(Type.String({ format: 'uuid' })),
              resultFileIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: 20 })),
              returnMethod: Type.Optional(Type.Enum([...RETURN_METHODS])),
              newDueAt: Type.Optional(Instant),
            },
            { additionalProperties: false },
          ),
          response: {
            200: Type.Object({
              code: Type.String(),
              status: State,
              statusLabel: Type.String(),
              version: Type.Integer(),
              dueAt: Nullable(Instant),
            }),
          },
        },
      },
      async (request) =>
        service.act(request.principal, actorOf(request), request.params.code, request.params.action, request.body),
    );
  };
}
