import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { type Credentials, EMPTY_SHA256, sha256Hex, signRequest, uriEncode } from './sigv4.js';
import {
  assertSafeKey,
  FileNotFoundError,
  type FileInfo,
  type FileStorage,
  type PutOptions,
  type PutResult,
  readAll,
} from './storage.js';

export interface S3Options {
  /** e.g. https://s3.ap-southeast-1.amazonaws.com or http://minio.local:9000 */
  endpoint: string;
  region: string;
  bucket: string;
  credentials: Credentials;
  /** Bucket in the path (MinIO, most self-hosted stores; default) or in the host name (AWS style). */
  forcePathStyle?: boolean;
  /** Optional prefix put before every key ("saola/"). */
  prefix?: string;
  /** Largest object accepted by put, bytes (the body is hashed, so it is held in memory). Default 100 MiB. */
  maxBytes?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  clock?: () => Date;
}

/**
 * S3-compatible object storage (AWS S3, MinIO, Ceph RGW, Viettel/VNPT/FPT object storage) over
 * plain fetch with hand-written SigV4: PutObject, GetObject, DeleteObject, HeadObject. Bodies are
 * signed (x-amz-content-sha256 is the real hash), which works over plain HTTP too.
 */
export class S3Storage implements FileStorage {
  private readonly fetch: typeof fetch;
  private readonly clock: () => Date;
  constructor(private readonly opts: S3Options) {
    this.fetch = opts.fetch ?? fetch;
    this.clock = opts.clock ?? (() => new Date());
  }

  objectUrl(key: string): URL {
    assertSafeKey(key);
    const base = new URL(this.opts.endpoint);
    const objectPath = `${this.opts.prefix ?? ''}${key}`.split('/').map(uriEncode).join('/');
    const basePath = base.pathname.replace(/\/$/, '');
    if (this.opts.forcePathStyle ?? true) {
      base.pathname = `${basePath}/${uriEncode(this.opts.bucket)}/${objectPath}`;
    } else {
      base.hostname = `${this.opts.bucket}.${base.hostname}`;
      base.pathname = `${basePath}/${objectPath}`;
    }
    return base;
  }

  private async request(
    method: string,
    key: string,
    body?: Buffer,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const url = this.objectUrl(key);
    const signed = signRequest({
      method,
      url,
      headers: { ...headers, 'x-amz-content-sha256': body ? sha256Hex(body) : EMPTY_SHA256 },
      payloadHash: body ? sha256Hex(body) : EMPTY_SHA256,
      region: this.opts.region,
      service: 's3',
      credentials: this.opts.credentials,
      date: this.clock(),
    });
    const { host: _host, ...sendHeaders } = signed.headers; // fetch sets Host itself (same value)
    return this.fetch(url, {
      method,
      headers: sendHeaders,
      ...(body ? { body } : {}),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 60_000),
      redirect: 'error',
    });
  }

  private async fail(what: string, key: string, res: Response): Promise<never> {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
    throw new Error(`Kho lưu trữ S3 từ chối ${what} "${key}": HTTP ${res.status}${code ? ` ${code}` : ''}.`);
  }

  async put(key: string, data: Buffer | Readable, options: PutOptions): Promise<PutResult> {
    const max = this.opts.maxBytes ?? 100 * 1024 * 1024;
    const body = Buffer.isBuffer(data) ? data : await readAll(data, max);
    if (body.length > max) throw new Error(`Tệp vượt quá dung lượng cho phép (${max} byte).`);
    const res = await this.request('PUT', key, body, {
      'content-type': options.contentType,
      'content-length': String(body.length),
    });
    if (!res.ok) return this.fail('ghi', key, res);
    await res.body?.cancel();
    return { size: body.length, sha256: sha256Hex(body) };
  }

  async get(key: string): Promise<Readable> {
    const res = await this.request('GET', key);
    if (res.status === 404) {
      await res.body?.cancel();
      throw new FileNotFoundError(key);
    }
    if (!res.ok || !res.body) return this.fail('đọc', key, res);
    return Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  }

  async delete(key: string): Promise<void> {
    const res = await this.request('DELETE', key);
    if (!res.ok && res.status !== 404) return this.fail('xóa', key, res);
    await res.body?.cancel();
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async stat(key: string): Promise<FileInfo | null> {
    const res = await this.request('HEAD', key);
    await res.body?.cancel();
    if (res.status === 404) return null;
    if (!res.ok) return this.fail('kiểm tra', key, res);
    return {
      size: Number(res.headers.get('content-length') ?? 0),
      contentType: res.headers.get('content-type') ?? 'application/octet-stream',
    };
  }
}
