import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface PutOptions {
  contentType: string;
}

export interface PutResult {
  size: number;
  /** Hex SHA-256 of the bytes as given to put (before any encryption). */
  sha256: string;
}

export interface FileInfo {
  size: number;
  contentType: string;
}

/**
 * Where uploaded and generated files live. Keys are relative paths of safe segments
 * ("dossiers/2026/abc.pdf"): letters, digits, '.', '_', '-', each segment starting with a letter
 * or digit, at most 512 characters. Every method rejects another key with InvalidFileKeyError.
 */
export interface FileStorage {
  put(key: string, data: Buffer | Readable, options: PutOptions): Promise<PutResult>;
  /** The file's bytes; throws FileNotFoundError when there is none. */
  get(key: string): Promise<Readable>;
  /** Removes the file; deleting a missing file is not an error. */
  delete(key: string): Promise<void>;
  exists(key: string): Promise<boolean>;
  /** Size and content type, or null when there is no such file. */
  stat(key: string): Promise<FileInfo | null>;
}

export class FileNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`Không tìm thấy tệp ${key}.`);
    this.name = 'FileNotFoundError';
  }
}

export class InvalidFileKeyError extends Error {
  constructor(readonly key: string) {
    super('Tên tệp lưu trữ không hợp lệ.');
    this.name = 'InvalidFileKeyError';
  }
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Throws unless `key` is a relative path of safe segments (no "..", no absolute path, no "\\"). */
export function assertSafeKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > 512) throw new InvalidFileKeyError(String(key));
  for (const segment of key.split('/')) {
    if (!SEGMENT.test(segment) || segment.endsWith('.')) throw new InvalidFileKeyError(key);
  }
}

/** Hashes and counts the bytes flowing through. */
export class DigestStream extends Transform {
  size = 0;
  private readonly hash = createHash('sha256');
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: (error?: Error | null, data?: Buffer) => void) {
    this.size += chunk.length;
    this.hash.update(chunk);
    done(null, chunk);
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

/**
 * Files on the local disk under `root`: `objects/<key>` holds the bytes, `meta/<key>.json` the
 * content type. Writes go to `tmp/` first and are renamed into place, so a reader never sees a
 * half-written file.
 */
export class LocalFileStorage implements FileStorage {
  private readonly root: string;
  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Absolute paths of a key, checked to stay under the root (defence in depth after assertSafeKey). */
  private paths(key: string): { object: string; meta: string } {
    assertSafeKey(key);
    const object = path.resolve(this.root, 'objects', key);
    const meta = path.resolve(this.root, 'meta', `${key}.meta.json`);
    for (const [p, base] of [
      [object, path.join(this.root, 'objects')],
      [meta, path.join(this.root, 'meta')],
    ] as const) {
      if (!p.startsWith(base + path.sep)) throw new InvalidFileKeyError(key);
    }
    return { object, meta };
  }

  async put(key: string, data: Buffer | Readable, options: PutOptions): Promise<PutResult> {
    const { object, meta } = this.paths(key);
    const tmpDir = path.join(this.root, 'tmp');
    await fsp.mkdir(tmpDir, { recursive: true });
    const tmp = path.join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
    const digest = new DigestStream();
    try {
      await pipeline(
        Buffer.isBuffer(data) ? Readable.from([data]) : data,
        digest,
        fs.createWriteStream(tmp, { mode: 0o600 }),
      );
      const result = { size: digest.size, sha256: digest.digest() };
      await fsp.mkdir(path.dirname(object), { recursive: true });
      await fsp.mkdir(path.dirname(meta), { recursive: true });
      const metaTmp = `${tmp}.meta`;
      await fsp.writeFile(metaTmp, JSON.stringify({ contentType: options.contentType, ...result }), { mode: 0o600 });
      await fsp.rename(tmp, object);
      await fsp.rename(metaTmp, meta);
      return result;
    } finally {
      await fsp.rm(tmp, { force: true });
      await fsp.rm(`${tmp}.meta`, { force: true });
    }
  }

  async get(key: string): Promise<Readable> {
    const { object } = this.paths(key);
    const handle = await fsp.open(object, 'r').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR' || error.code === 'EISDIR')
        throw new FileNotFoundError(key);
      throw error;
    });
    const stat = await handle.stat();
    if (!stat.isFile()) {
      await handle.close();
      throw new FileNotFoundError(key);
    }
    return handle.createReadStream();
  }

  async delete(key: string): Promise<void> {
    const { object, meta } = this.paths(key);
    await fsp.rm(object, { force: true });
    await fsp.rm(meta, { force: true });
  }

  async exists(key: string): Promise<boolean> {
    return (await this.stat(key)) !== null;
  }

  async stat(key: string): Promise<FileInfo | null> {
    const { object, meta } = this.paths(key);
    const s = await fsp.stat(object).catch(() => null);
    if (!s?.isFile()) return null;
    const info = await fsp
      .readFile(meta, 'utf8')
      .then((raw) => JSON.parse(raw) as { contentType?: string })
      .catch((): { contentType?: string } => ({}));
    return { size: s.size, contentType: info.contentType ?? 'application/octet-stream' };
  }
}

/** Reads a whole stream into memory, refusing more than `maxBytes`. */
export async function readAll(stream: Readable, maxBytes = Number.MAX_SAFE_INTEGER): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > maxBytes) {
      stream.destroy();
      throw new Error(`Tệp vượt quá dung lượng cho phép (${maxBytes} byte).`);
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
