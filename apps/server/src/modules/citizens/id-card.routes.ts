import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, unauthorized, unprocessable } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import { agenciesWith, assertCan } from '../auth/policy.js';
import { requireCitizen } from './citizens.routes.js';
import { IdDocument } from './citizens.schemas.js';
import { type Download, ID_CARD_MAX_BYTES, type IdCardService, tooLarge, type UploadInput } from './id-card.service.js';

const TAG = 'Công dân';
const STAFF_TAG = 'Dữ liệu cá nhân';
/** Room for the multipart boundaries, part headers and the `side` field around the file. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** For the OpenAPI document only: the handler reads the multipart stream itself (see uploadRoute). */
const UploadForm = Type.Object({
  side: Type.Union([Type.Literal('front'), Type.Literal('back')]),
  file: Type.String({ format: 'binary', description: 'Ảnh JPEG, PNG hoặc tệp PDF, tối đa 5 MB' }),
});

const Binary = {
  description: 'Nội dung tệp gốc (đã giải mã); mỗi lần tải được ghi vào nhật ký truy cập dữ liệu nhạy cảm',
  content: {
    'image/jpeg': { schema: { type: 'string', format: 'binary' } },
    'image/png': { schema: { type: 'string', format: 'binary' } },
    'application/pdf': { schema: { type: 'string', format: 'binary' } },
  },
} as const;

/**
 * Registers @fastify/multipart in the calling (encapsulated) plugin only, limited to one ID-card file.
 * Other routes keep rejecting multipart bodies.
 */
export async function registerIdCardMultipart(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: { fileSize: ID_CARD_MAX_BYTES, files: 1, fields: 4, parts: 6, fieldSize: 2000, headerPairs: 50 },
  });
}

/** Reads `side` and the one file of a multipart form; the size and count limits become Vietnamese problems. */
export async function readIdCardForm(request: FastifyRequest): Promise<UploadInput> {
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > ID_CARD_MAX_BYTES + FORM_OVERHEAD_BYTES) throw tooLarge();
  if (!request.isMultipart()) {
    throw new AppError(
      415,
      'unsupported_media_type',
      'Hãy gửi biểu mẫu dạng multipart/form-data gồm trường "side" và một tệp.',
    );
  }
  const input: UploadInput = { side: null, file: null };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        input.file = { filename: part.filename, declaredType: part.mimetype || null, bytes };
      } else if (part.fieldname === 'side' && typeof part.value === 'string') {
        input.side = part.value;
      }
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT') {
      throw unprocessable(
        'Mỗi lần chỉ tải lên một tệp.',
        [{ field: '/file', message: 'Chỉ chọn một tệp.' }],
        'too_many_files',
      );
    }
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError(413, 'too_many_parts', 'Biểu mẫu có quá nhiều trường. Chỉ gửi "side" và một tệp.');
    }
    throw error;
  }
  return input;
}

function sendDownload(reply: FastifyReply, file: Download) {
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.filename}"`)
    .header('cache-control', 'no-store')
    .send(file.bytes);
}

const Params = Type.Object({ id: Type.String({ format: 'uuid' }) });

export function idCardRoutes(service: IdCardService): FastifyPluginAsyncTypebox {
  return async (app) => {
    await registerIdCardMultipart(app);

    app.post(
      '/citizen/me/id-card',
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Tải lên ảnh giấy tờ tùy thân (CCCD): mặt trước hoặc mặt sau',
          description:
            'multipart/form-data: trường `side` (front | back) và một tệp JPEG, PNG hoặc PDF tối đa 5 MB. Định dạng được ' +
            'kiểm tra theo nội dung tệp (422 nếu không khớp); quá 5 MB: 413. Tệp được mã hóa khi lưu (dữ liệu cá nhân ' +
            'nhạy cảm, Luật 91/2025/QH15).',
          consumes: ['multipart/form-data'],
          body: { content: { 'multipart/form-data': { schema: UploadForm } } },
          response: { 201: IdDocument },
        },
        // The multipart stream is read (and checked) by the handler, after the CSRF check: there is no
        // parsed body to validate, the schema above only documents the form.
        validatorCompiler: () => () => true,
      },
      async (request, reply) => {
        const citizenId = requireCitizen(request);
        const created = await service.upload(actorOf(request), citizenId, await readIdCardForm(request));
        return reply.code(201).send(created);
      },
    );

    app.get(
      '/citizen/me/id-card',
      {
        schema: {
          tags: [TAG],
          summary: 'Các ảnh giấy tờ tùy thân tôi đã lưu (mới nhất trước)',
          response: { 200: Type.Object({ items: Type.Array(IdDocument) }) },
        },
      },
      async (request) => ({ items: await service.list(requireCitizen(request)) }),
    );

    app.get(
      '/citizen/me/id-card/:id',
      {
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Tải về một ảnh giấy tờ tùy thân của tôi (ghi nhật ký truy cập)',
          params: Params,
          produces: ['image/jpeg', 'image/png', 'application/pdf'],
          response: { 200: Binary },
        },
      },
      async (request, reply) =>
        sendDownload(reply, await service.readOwn(actorOf(request), requireCitizen(request), request.params.id)),
    );

    app.delete(
      '/citizen/me/id-card/:id',
      {
        schema: {
          tags: [TAG],
          summary: 'Xóa một ảnh giấy tờ tùy thân (tệp bị xóa khỏi kho lưu trữ)',
          params: Params,
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await service.remove(actorOf(request), requireCitizen(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/privacy/citizens/:citizenId/id-card/:id',
      {
        config: { rateLimit: { max: 60, timeWindow: '1 minute' } },
        schema: {
          tags: [STAFF_TAG],
          summary: 'Cán bộ xem ảnh giấy tờ tùy thân của công dân (bắt buộc nêu mục đích; ghi nhật ký truy cập)',
          description: 'Cần quyền privacy.manage. Mục đích (`purpose`) được ghi vào nhật ký truy cập dữ liệu nhạy cảm.',
          params: Type.Object({ citizenId: Type.String({ format: 'uuid' }), id: Type.String({ format: 'uuid' }) }),
          querystring: Type.Object({
            purpose: Type.Optional(Type.String({ maxLength: 1000, description: 'Mục đích xem, ví dụ số hồ sơ' })),
          }),
          produces: ['image/jpeg', 'image/png', 'application/pdf'],
          response: { 200: Binary },
        },
      },
      async (request, reply) => {
        const principal = request.principal;
        if (!principal) throw unauthorized();
        // Citizen accounts belong to the whole platform: privacy.manage in any agency (as for the other
        // privacy routes); the officer's agency is recorded with the access when there is only one.
        assertCan(principal, 'privacy.manage');
        const agencies = [...agenciesWith(principal, 'privacy.manage')];
        const file = await service.readForStaff(
          actorOf(request),
          request.params.citizenId,
          request.params.id,
          request.query.purpose,
          agencies.length === 1 ? (agencies[0] ?? null) : null,
        );
        return sendDownload(reply, file);
      },
    );
  };
}
