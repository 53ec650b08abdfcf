import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, unprocessable } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import {
  DOSSIER_FILE_MAX_BYTES,
  type DossierFilesService,
  fileTooLarge,
  type UploadForm,
} from './dossier-files.service.js';

const TAG = 'Hồ sơ thủ tục hành chính';
/** Room for the multipart boundaries, part headers and the text fields around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const CodeParams = Type.Object({ code: Type.String({ maxLength: 40, description: 'Mã hồ sơ' }) });

/** For the OpenAPI document only: the handler reads the multipart stream itself. */
const UploadFormSchema = Type.Object({
  kind: Type.Union([Type.Literal('component'), Type.Literal('result')], {
    description: 'component: thành phần hồ sơ; result: kết quả giải quyết',
  }),
  component: Type.Optional(Type.String({ maxLength: 500, description: 'Tên thành phần hồ sơ (khi kind=component)' })),
  sign: Type.Optional(
    Type.Union([Type.Literal('true'), Type.Literal('false')], {
      description: 'Ký số (PAdES) tệp kết quả PDF; chỉ lãnh đạo cơ quan giải quyết',
    }),
  ),
  file: Type.String({ format: 'binary', description: 'Tệp PDF, JPEG hoặc PNG, tối đa 20 MB' }),
});

const FileView = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('component'), Type.Literal('result')]),
  component: Nullable(Type.String()),
  name: Type.String(),
  mediaType: Type.String(),
  size: Type.Integer(),
  resultCode: Nullable(Type.String({ description: 'Mã kết quả <mã hồ sơ>-KQ<n> (Nghị định 45/2020/NĐ-CP)' })),
  signed: Type.Boolean(),
  uploadedByName: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});

const Binary = {
  description: 'Nội dung tệp, hiển thị trực tiếp trong trình duyệt',
  content: {
    'application/pdf': { schema: { type: 'string', format: 'binary' } },
    'image/jpeg': { schema: { type: 'string', format: 'binary' } },
    'image/png': { schema: { type: 'string', format: 'binary' } },
  },
} as const;

/** Reads the text fields and the one file of the multipart form; limits become Vietnamese problems. */
async function readUploadForm(request: FastifyRequest): Promise<UploadForm> {
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > DOSSIER_FILE_MAX_BYTES + FORM_OVERHEAD_BYTES) throw fileTooLarge();
  if (!request.isMultipart())
    throw new AppError(
      415,
      'unsupported_media_type',
      'Hãy gửi biểu mẫu dạng multipart/form-data gồm trường "kind" và một tệp.',
    );
  const form: UploadForm = { kind: null, component: null, sign: null, file: null };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        form.file = { filename: part.filename, declaredType: part.mimetype || null, bytes: await part.toBuffer() };
      } else if (typeof part.value === 'string') {
        if (part.fieldname === 'kind') form.kind = part.value;
        else if (part.fieldname === 'component') form.component = part.value;
        else if (part.fieldname === 'sign') form.sign = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw fileTooLarge();
    if (code === 'FST_FILES_LIMIT')
      throw unprocessable(
        'Mỗi lần chỉ tải lên một tệp.',
        [{ field: '/file', message: 'Chỉ chọn một tệp.' }],
        'too_many_files',
      );
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new AppError(
        413,
        'too_many_parts',
        'Biểu mẫu có quá nhiều trường. Chỉ gửi kind, component, sign và một tệp.',
      );
    throw error;
  }
  return form;
}

/** Files of a dossier: upload a component or a result, list, view in the browser. */
export function dossierFilesRoutes(service: DossierFilesService): FastifyPluginAsyncTypebox {
  return async (app) => {
    // Only this (encapsulated) plugin accepts multipart bodies.
    await app.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: DOSSIER_FILE_MAX_BYTES, files: 1, fields: 6, parts: 8, fieldSize: 2000, headerPairs: 50 },
    });

    app.post(
      '/dossiers/:code/files',
      {
        config: { rateLimit: { max: 120, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Tải lên tệp của hồ sơ: thành phần hồ sơ hoặc kết quả giải quyết (có thể ký số)',
          description:
            'multipart/form-data: `kind` (component | result), `component` (tên thành phần, khi kind=component), ' +
            '`sign` (true để ký số kết quả PDF, chỉ lãnh đạo) và một tệp PDF, JPEG hoặc PNG tối đa 20 MB; định dạng ' +
            'được kiểm tra theo nội dung tệp. Thành phần: cán bộ Một cửa của cơ quan tiếp nhận hoặc đang giải quyết, ' +
            'khi hồ sơ chưa kết thúc. Kết quả: cán bộ giữ vai trò của bước hiện tại hoặc lãnh đạo cơ quan đang giải ' +
            'quyết, khi hồ sơ đang được giải quyết; kết quả được cấp mã <mã hồ sơ>-KQ<n>.',
          params: CodeParams,
          consumes: ['multipart/form-data'],
          body: { content: { 'multipart/form-data': { schema: UploadFormSchema } } },
          response: { 201: FileView },
        },
        // The multipart stream is read and checked by the handler (after authentication and CSRF).
        validatorCompiler: () => () => true,
      },
      async (request, reply) => {
        const form = await readUploadForm(request);
        const created = await service.upload(request.principal, actorOf(request), request.params.code, form);
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/dossiers/:code/files',
      {
        schema: {
          tags: [TAG],
          summary: 'Danh sách tệp của hồ sơ (thành phần và kết quả)',
          params: CodeParams,
          response: { 200: Type.Object({ items: Type.Array(FileView) }) },
        },
      },
      async (request) => ({ items: await service.list(request.principal, request.params.code) }),
    );

    app.get(
      '/dossiers/:code/files/:fileId',
      {
        schema: {
          tags: [TAG],
          summary: 'Xem một tệp của hồ sơ trong trình duyệt',
          params: Type.Object({ code: CodeParams.properties.code, fileId: Type.String({ format: 'uuid' }) }),
          produces: ['application/pdf', 'image/jpeg', 'image/png'],
          response: { 200: Binary },
        },
      },
      async (request, reply) => {
        const file = await service.read(request.principal, request.params.code, request.params.fileId);
        return (reply as FastifyReply)
          .type(file.mediaType)
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'no-store')
          .send(file.bytes);
      },
    );
  };
}
