import { randomBytes } from 'node:crypto';
import { samplePdf } from '../../seed/sample-pdf.js';

/**
 * Test helpers for uploads: a multipart/form-data body built by hand (what a browser sends for
 * `<form enctype="multipart/form-data">`, no JavaScript), and small real files.
 */
export type FormPart =
  { name: string; value: string } | { name: string; filename: string; contentType?: string; data: Buffer };

export function multipartBody(parts: FormPart[]): { payload: Buffer; contentType: string } {
  const boundary = `----SaolaFormBoundary${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"`;
    if ('filename' in part) {
      head += `; filename="${part.filename}"\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}`;
    }
    chunks.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'));
    chunks.push('filename' in part ? part.data : Buffer.from(part.value, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A valid 1×1 PNG (one red pixel). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

/** A real one-page PDF made with pdfkit. */
export function tinyPdf(text = 'CCCD - mat sau'): Promise<Buffer> {
  return samplePdf(text);
}
