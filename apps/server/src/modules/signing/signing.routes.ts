import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, forbidden, unauthorized, unprocessable } from '../../http/errors.js';
import type { SigningService } from './signing.service.js';

const TAG = 'Chữ ký số';
export const VERIFY_MAX_BYTES = 20 * 1024 * 1024;

const VerifyForm = Type.Object({
  file: Type.String({ format: 'binary', description: 'Tệp PDF đã ký số, tối đa 20 MB' }),
});

const VerifyResult = Type.Object({
  valid: Type.Boolean({
    description:
      'true khi tệp có ít nhất một chữ ký, mọi chữ ký đều hợp lệ (nội dung không bị sửa, chứng thư chuỗi đến CA được tin cậy) và chữ ký cuối bao trọn tệp',
  }),
  signers: Type.Array(Type.String(), {
    description: 'Tên (CN) trong chứng thư của người/cơ quan ký, theo thứ tự trong tệp',
  }),
  signatures: Type.Array(
    Type.Object({
      signer: Type.Union([Type.String(), Type.Null()]),
      valid: Type.Boolean(),
      coversWholeFile: Type.Boolean({ description: 'Chữ ký bao trọn tệp (không có nội dung thêm vào sau khi ký)' }),
      subFilter: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

const tooLarge = () => new AppError(413, 'file_too_large', 'Tệp quá lớn. Chỉ kiểm tra được tệp PDF tối đa 20 MB.');

async function readPdf(request: FastifyRequest): Promise<Buffer> {
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > VERIFY_MAX_BYTES + 64 * 1024) throw tooLarge();
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', 'Hãy gửi biểu mẫu dạng multipart/form-data gồm một tệp PDF.');
  }
  let bytes: Buffer | null = null;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') bytes = await part.toBuffer();
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge();
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw unprocessable('Mỗi lần chỉ kiểm tra một tệp.', [{ field: '/file', message: 'Chỉ chọn một tệp.' }]);
    }
    throw error;
  }
  if (!bytes || bytes.length === 0) {
    throw unprocessable('Chưa có tệp PDF để kiểm tra.', [{ field: '/file', message: 'Hãy chọn một tệp PDF.' }]);
  }
  if (!bytes.subarray(0, 1024).toString('latin1').includes('%PDF-')) {
    throw unprocessable('Tệp không phải là tệp PDF.', [{ field: '/file', message: 'Hãy chọn một tệp PDF.' }]);
  }
  return bytes;
}

/** POST /signing/verify: any signed-in officer checks the signatures of a PDF (e.g. a result brought in). */
export function signingRoutes(service: SigningService): FastifyPluginAsyncTypebox {
  return async (app) => {
    await app.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: VERIFY_MAX_BYTES, files: 1, fields: 2, parts: 3, headerPairs: 50 },
    });
    app.post(
      '/signing/verify',
      {
        config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
        schema: {
          tags: [TAG],
          summary: 'Kiểm tra chữ ký số (PAdES) của một tệp PDF',
          description:
            'multipart/form-data với một tệp PDF. Dành cho cán bộ đã đăng nhập. Kiểm tra từng chữ ký: mã băm vùng ' +
            'ký, chữ ký CMS, thuộc tính signing-certificate-v2 và chuỗi chứng thư đến một CA được hệ thống tin cậy ' +
            '(chưa kiểm tra thu hồi chứng thư).',
          consumes: ['multipart/form-data'],
          body: { content: { 'multipart/form-data': { schema: VerifyForm } } },
          response: { 200: VerifyResult },
        },
        // The multipart stream is read and checked by the handler (after authentication and CSRF).
        validatorCompiler: () => () => true,
      },
      async (request) => {
        const principal = request.principal;
        if (!principal) throw unauthorized();
        if (principal.kind !== 'staff' || principal.mustChangePassword) throw forbidden();
        const report = await service.verifyPdf(await readPdf(request));
        return {
          valid: report.valid,
          signers: report.signers,
          signatures: report.signatures.map((s) => ({
            signer: s.signer,
            valid: s.valid,
            coversWholeFile: s.coversWholeFile,
            subFilter: s.subFilter,
          })),
        };
      },
    );
  };
}
