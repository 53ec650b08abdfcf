import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, unprocessable } from '../../http/errors.js';
import { UPLOAD_MAX_BYTES, uploadTooLarge } from './eservices.service.js';

/** Files sent in one request (the portal's "choose files" accepts several at once). */
export const FILES_PER_REQUEST = 10;
const FORM_OVERHEAD_BYTES = 64 * 1024;

export interface ReadFile {
  filename: string;
  declaredType: string | null;
  bytes: Buffer;
}

/** Registers @fastify/multipart in the calling (encapsulated) plugin only. */
export async function registerEservicesMultipart(app: FastifyInstance): Promise<void> {
  await app.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: UPLOAD_MAX_BYTES,
      files: FILES_PER_REQUEST,
      fields: 8,
      parts: FILES_PER_REQUEST + 8,
      fieldSize: 4000,
      headerPairs: 50,
    },
  });
}

/** Reads the files and text fields of a multipart form; size and count limits become Vietnamese problems. */
export async function readMultipart(
  request: FastifyRequest,
): Promise<{ files: ReadFile[]; fields: Record<string, string> }> {
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > FILES_PER_REQUEST * UPLOAD_MAX_BYTES + FORM_OVERHEAD_BYTES)
    throw uploadTooLarge();
  if (!request.isMultipart())
    throw new AppError(415, 'unsupported_media_type', 'Hãy gửi biểu mẫu dạng multipart/form-data có trường "file".');
  const out: { files: ReadFile[]; fields: Record<string, string> } = { files: [], fields: {} };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        // A browser sends an empty part when no file was chosen.
        if (bytes.length > 0 || part.filename)
          out.files.push({ filename: part.filename, declaredType: part.mimetype || null, bytes });
      } else if (typeof part.value === 'string') out.fields[part.fieldname] = part.value;
    }
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw uploadTooLarge();
    if (code === 'FST_FILES_LIMIT')
      throw unprocessable(
        `Mỗi lần tải lên tối đa ${FILES_PER_REQUEST} tệp.`,
        [{ field: '/file', message: `Chọn tối đa ${FILES_PER_REQUEST} tệp mỗi lần.` }],
        'too_many_files',
      );
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw new AppError(413, 'too_many_parts', 'Biểu mẫu có quá nhiều trường.');
    throw error;
  }
  return out;
}
