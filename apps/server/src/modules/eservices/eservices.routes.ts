import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound, unprocessable } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import { requireCitizen } from '../citizens/citizens.routes.js';
import { readMultipart, registerEservicesMultipart } from './eservices.multipart.js';
import { type EservicesService, UPLOAD_MAX_BYTES } from './eservices.service.js';

const TAG = 'Dịch vụ công trực tuyến (công khai)';
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const DateTime = Type.String({ format: 'date-time' });

const FileCreated = Type.Object({
  fileId: Type.String({
    format: 'uuid',
    description: 'Dùng trong files[].fileId khi nộp hồ sơ; chỉ người tải lên dùng được',
  }),
});

const SubmitBody = Type.Object(
  {
    procedureCode: Type.String({
      minLength: 1,
      maxLength: 200,
      description: 'Mã thủ tục (GET /api/v1/public/procedures)',
    }),
    agencyCode: Type.String({
      minLength: 1,
      maxLength: 50,
      description: 'Mã định danh cơ quan thực hiện (agencies[].code của GET /api/v1/public/procedures/{code})',
    }),
    form: Type.Record(Type.String(), Type.Unknown(), {
      description: 'Dữ liệu tờ khai điện tử, theo JSON Schema `form` của thủ tục',
    }),
    files: Type.Array(
      Type.Object(
        {
          componentId: Type.Integer({
            minimum: 0,
            maximum: 99,
            description:
              'Thành phần hồ sơ: vị trí (bắt đầu từ 0) trong mảng `components` của GET /api/v1/public/procedures/{code} ' +
              '(phiên bản đang công bố). Một thành phần có thể có nhiều tệp.',
          }),
          fileId: Type.String({ format: 'uuid', description: 'fileId nhận từ POST /api/v1/public/files' }),
        },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
    applicant: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ maxLength: 200 })),
          phone: Type.Optional(Type.String({ maxLength: 20 })),
          email: Type.Optional(Type.String({ maxLength: 254 })),
          address: Type.Optional(Type.String({ maxLength: 500 })),
        },
        {
          additionalProperties: false,
          description: 'Mặc định lấy từ tài khoản công dân; số điện thoại dùng để tra cứu',
        },
      ),
    ),
  },
  { additionalProperties: false },
);

const Submitted = Type.Object({
  code: Type.String({ description: 'Mã hồ sơ' }),
  status: Type.String({ description: 'submitted: chờ tiếp nhận' }),
  submittedAt: DateTime,
});

const DossierStatus = Type.Object({
  code: Type.String(),
  procedure: Type.Object({ code: Type.String(), name: Type.String() }),
  status: Type.String({
    description: 'Trạng thái (submitted, received, supplement_requested, result_ready, returned, …)',
  }),
  statusLabel: Type.String(),
  submittedAt: Nullable(DateTime),
  receivedAt: Nullable(DateTime),
  dueAt: Nullable(DateTime),
  history: Type.Array(Type.Object({ at: DateTime, status: Type.String(), label: Type.String() })),
});

/** The public, stable online-services API (issue 4 §3). */
export function eservicesRoutes(service: EservicesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    await registerEservicesMultipart(app);

    app.post(
      '/public/files',
      {
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Tải lên một tệp thành phần hồ sơ (công dân đã đăng nhập)',
          description:
            `multipart/form-data với một trường \`file\`: PDF, JPEG hoặc PNG, tối đa ${UPLOAD_MAX_BYTES / 1024 / 1024} MB. ` +
            'Định dạng được kiểm tra theo nội dung tệp (422 nếu đuôi tệp hoặc kiểu khai báo không khớp). Tệp chưa dùng được giữ 7 ngày.',
          consumes: ['multipart/form-data'],
          body: {
            content: {
              'multipart/form-data': {
                schema: Type.Object({ file: Type.String({ format: 'binary' }) }),
              },
            },
          },
          response: { 201: FileCreated },
        },
        validatorCompiler: () => () => true,
      },
      async (request, reply) => {
        const citizenId = requireCitizen(request);
        const { files } = await readMultipart(request);
        const file = files[0];
        if (!file || files.length !== 1)
          throw unprocessable('Gửi đúng một tệp trong trường "file".', [{ field: '/file', message: 'Chọn một tệp.' }]);
        const created = await service.upload(actorOf(request), citizenId, file);
        return reply.code(201).send({ fileId: created.fileId });
      },
    );

    app.post(
      '/public/dossiers',
      {
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Nộp hồ sơ trực tuyến (công dân đã đăng nhập; nên gửi Idempotency-Key)',
          description:
            'Tờ khai được kiểm tra theo biểu mẫu điện tử của thủ tục: 422 liệt kê mọi trường sai (/form/...). Mỗi tệp chỉ dùng ' +
            'cho một hồ sơ. Cơ quan tiếp nhận hoặc trả lại trong 8 giờ làm việc (Nghị định 45/2020/NĐ-CP).',
          body: SubmitBody,
          response: { 201: Submitted },
        },
      },
      async (request, reply) => {
        const citizenId = requireCitizen(request);
        const body = request.body;
        const procedure = await service.procedure(body.procedureCode);
        const found = await app.org.findAgencyByCode(body.agencyCode.trim());
        const agency = found && procedure.agencyIds.includes(found.id) ? found : null;
        if (!agency)
          throw unprocessable('Cơ quan không thực hiện thủ tục này.', [
            { field: '/agencyCode', message: 'Chọn một cơ quan trong danh sách cơ quan thực hiện thủ tục.' },
          ]);
        const profile = await service.profileApplicant(citizenId);
        const a = body.applicant ?? {};
        try {
          const result = await service.file(citizenId, {
            procedure,
            agencyId: agency.id,
            applicant: {
              name: a.name ?? profile.name,
              phone: a.phone ?? profile.phone,
              email: a.email ?? profile.email,
              address: a.address ?? profile.address,
            },
            formData: body.form,
            files: body.files.map((f) => ({ componentIndex: f.componentId, fileId: f.fileId })),
          });
          return await reply
            .code(201)
            .send({ code: result.code, status: result.status, submittedAt: result.submittedAt });
        } catch (error) {
          // The form is `form` in this API (`formData` inside the dossiers module).
          if (error instanceof Error && 'fields' in error && Array.isArray(error.fields))
            for (const f of error.fields as { field: string }[]) f.field = f.field.replace(/^\/formData/, '/form');
          throw error;
        }
      },
    );

    app.get(
      '/public/dossiers/:code',
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Tra cứu tình trạng hồ sơ bằng mã hồ sơ và số điện thoại người nộp (không cần đăng nhập)',
          description: 'Mã không tồn tại và số điện thoại không đúng nhận cùng một câu trả lời 404.',
          params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 60 }) }),
          querystring: Type.Object({
            phone: Type.String({ minLength: 1, maxLength: 20, description: 'Số điện thoại người nộp' }),
          }),
          response: { 200: DossierStatus },
        },
      },
      async (request) => {
        const found = await app.dossiers.citizen.lookup(request.params.code, request.query.phone);
        if (!found) throw notFound('Không tìm thấy hồ sơ với mã và số điện thoại này.');
        return found;
      },
    );
  };
}
