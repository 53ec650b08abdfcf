import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, unprocessable } from '../../http/errors.js';
import { actorOf } from '../../http/request-context.js';
import type { ProceduresExchange } from './procedures.exchange.js';
import { ImportResult, Status, TAG } from './procedures.schemas.js';
import type { ProceduresService } from './procedures.service.js';
import { readCatalogueXlsx, writeCatalogueXlsx } from './procedures.xlsx.js';
import { checkZip } from './zip-check.js';

export const XLSX_MAX_BYTES = 10 * 1024 * 1024;
/** An XLSX is a ZIP of XML: refuse archives that would unpack to more than this (zip bombs). */
const XLSX_MAX_UNPACKED_BYTES = 100 * 1024 * 1024;
const XLSX_MAX_ENTRIES = 500;
const FORM_OVERHEAD_BYTES = 64 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const tooLarge = () =>
  new AppError(
    413,
    'file_too_large',
    `Tệp quá lớn. Tệp Excel danh mục thủ tục tối đa ${XLSX_MAX_BYTES / 1024 / 1024} MB.`,
  );
const notXlsx = (detail: string) =>
  unprocessable(detail, [{ field: '/file', message: detail }], 'unsupported_file_type');

const XlsxFile = {
  description: 'Tệp .xlsx',
  content: {
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
      schema: { type: 'string', format: 'binary' },
    },
  },
} as const;

/** For the OpenAPI document only: the handler reads the multipart stream itself. */
const UploadForm = Type.Object({
  file: Type.String({ format: 'binary', description: 'Tệp .xlsx theo mẫu của chức năng xuất, tối đa 10 MB' }),
});

function sendXlsx(reply: FastifyReply, bytes: Buffer) {
  return reply
    .type(XLSX_TYPE)
    .header('content-disposition', 'attachment; filename="danh-muc-thu-tuc.xlsx"')
    .header('cache-control', 'no-store')
    .send(bytes);
}

async function readXlsxFile(request: FastifyRequest): Promise<Buffer> {
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > XLSX_MAX_BYTES + FORM_OVERHEAD_BYTES) throw tooLarge();
  if (!request.isMultipart())
    throw new AppError(415, 'unsupported_media_type', 'Hãy gửi biểu mẫu dạng multipart/form-data gồm một tệp .xlsx.');
  let file: Buffer | null = null;
  try {
    for await (const part of request.parts()) if (part.type === 'file') file = await part.toBuffer();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT')
      throw unprocessable(
        'Mỗi lần chỉ nhập một tệp.',
        [{ field: '/file', message: 'Chỉ chọn một tệp.' }],
        'too_many_files',
      );
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new AppError(413, 'too_many_parts', 'Biểu mẫu có quá nhiều trường. Chỉ gửi một tệp.');
    throw error;
  }
  if (!file || file.length === 0)
    throw unprocessable('Chưa chọn tệp.', [{ field: '/file', message: 'Hãy chọn một tệp .xlsx.' }]);
  return file;
}

/** XLSX import/export of the catalogue (same content, validation and report as the JSON import/export). */
export function proceduresXlsxRoutes(
  service: ProceduresService,
  exchange: ProceduresExchange,
  clock: () => Date,
): FastifyPluginAsyncTypebox {
  return async (app) => {
    // multipart only in this encapsulated plugin: other routes keep refusing multipart bodies
    await app.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: XLSX_MAX_BYTES, files: 1, fields: 2, parts: 3, fieldSize: 1000, headerPairs: 50 },
    });

    app.get(
      '/procedures/export.xlsx',
      {
        schema: {
          tags: [TAG],
          summary: 'Xuất danh mục thủ tục dạng Excel (cùng nội dung với xuất JSON; nhập lại được)',
          description:
            'Các trang: Thủ tục, Thành phần hồ sơ, Quy trình, Phí lệ phí, Căn cứ pháp lý, Biểu mẫu điện tử (JSON Schema), Hướng dẫn.',
          querystring: Type.Object({ status: Type.Optional(Status) }),
          response: { 200: XlsxFile },
        },
      },
      async (request, reply) => {
        const entries = await exchange.exportAll(request.principal, request.query.status);
        const bytes = await writeCatalogueXlsx(entries, clock());
        return sendXlsx(reply, bytes);
      },
    );

    app.post(
      '/procedures/import.xlsx',
      {
        config: { rateLimit: { max: 20, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Nhập danh mục thủ tục từ tệp Excel (cập nhật theo mã; tất cả hoặc không gì cả)',
          description:
            'multipart/form-data với một tệp .xlsx (tối đa 10 MB) theo mẫu của GET /procedures/export.xlsx. Nội dung tệp được ' +
            'kiểm tra (không dựa vào tên hay kiểu khai báo). Lỗi 422 nêu trang, dòng, cột của từng ô sai; không nhập gì khi có lỗi.',
          consumes: ['multipart/form-data'],
          body: { content: { 'multipart/form-data': { schema: UploadForm } } },
          response: { 200: ImportResult },
        },
        // the handler reads the multipart stream after the permission check; nothing to validate here
        validatorCompiler: () => () => true,
      },
      async (request) => {
        await service.canManage(request.principal); // before reading anything the caller sent
        const bytes = await readXlsxFile(request);
        const zip = checkZip(bytes, { maxUnpackedBytes: XLSX_MAX_UNPACKED_BYTES, maxEntries: XLSX_MAX_ENTRIES });
        if (!zip.ok) {
          if (zip.reason === 'not_zip') throw notXlsx('Tệp không phải tệp Excel (.xlsx).');
          throw notXlsx('Tệp Excel quá lớn khi giải nén hoặc có quá nhiều thành phần.');
        }
        if (!zip.entries.includes('xl/workbook.xml')) throw notXlsx('Tệp không phải tệp Excel (.xlsx).');
        const parsed = await readCatalogueXlsx(bytes);
        if (parsed.problems.length > 0)
          throw unprocessable('Tệp Excel danh mục thủ tục có lỗi; chưa nhập gì.', parsed.problems.slice(0, 500));
        try {
          return await exchange.importMany(request.principal, actorOf(request), parsed.entries);
        } catch (error) {
          if (error instanceof AppError && error.status === 422)
            throw unprocessable(
              error.detail,
              error.fields.map((f) => parsed.locate(f)),
              error.code,
            );
          throw error;
        }
      },
    );
  };
}
