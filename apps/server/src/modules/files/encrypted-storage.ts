import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { type FileInfo, type FileStorage, type PutOptions, type PutResult, readAll } from './storage.js';

/** Stored content is not what was written: altered, truncated, or moved from another key. */
export class TamperedFileError extends Error {
  constructor(
    readonly key: string,
    reason: string,
  ) {
    super(`Tệp ${key} không giải mã được (${reason}): dữ liệu đã bị thay đổi hoặc sai khóa.`);
    this.name = 'TamperedFileError';
  }
}

const MAGIC = Buffer.from('SAOLAENC', 'ascii');
const FORMAT_VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const DEK_BYTES = 32;
// magic(8) version(1) keyId(4) wrapIv(12) wrappedDek(32) wrapTag(16) dataIv(12)
const HEADER_BYTES = MAGIC.length + 1 + 4 + IV_BYTES + DEK_BYTES + TAG_BYTES + IV_BYTES;

/** The 32-byte DATA_KEY from configuration (64 hex characters or base64). */
export function parseDataKey(dataKey: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(dataKey) ? Buffer.from(dataKey, 'hex') : Buffer.from(dataKey, 'base64');
  if (key.length !== 32) throw new Error('DATA_KEY phải là khóa 32 byte (64 ký tự hex hoặc base64).');
  return key;
}

/**
 * Envelope encryption at rest for sensitive files (ID-card images are sensitive personal data:
 * Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15; Nghị định 356/2025/NĐ-CP requires protecting them,
 * encryption included). Each file gets a random data key (AES-256-GCM); the data key is wrapped
 * with a key-encryption key derived (HKDF-SHA256) from DATA_KEY. Both layers authenticate the
 * storage key as associated data, so a file copied under another key is refused too.
 *
 * Limits: a file is encrypted and decrypted whole in memory (up to `maxBytes`, default 50 MiB):
 * `get` returns bytes only after the GCM tag verified, never unauthenticated plaintext.
 * Rotating DATA_KEY needs re-encryption; the header's key id tells which key a file needs.
 */
export class EncryptedFileStorage implements FileStorage {
  private readonly kek: Buffer;
  private readonly keyId: Buffer;

  constructor(
    private readonly inner: FileStorage,
    masterKey: Buffer,
    private readonly maxBytes = 50 * 1024 * 1024,
  ) {
    if (masterKey.length !== 32) throw new Error('Khóa mã hóa phải dài 32 byte.');
    this.kek = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'saola/files/kek/v1', 32));
    this.keyId = createHash('sha256').update(this.kek).digest().subarray(0, 4);
  }

  async put(key: string, data: Buffer | Readable, options: PutOptions): Promise<PutResult> {
    const plain = Buffer.isBuffer(data) ? data : await readAll(data, this.maxBytes);
    if (plain.length > this.maxBytes) throw new Error(`Tệp vượt quá dung lượng cho phép (${this.maxBytes} byte).`);
    const aadKey = Buffer.from(key, 'utf8');
    const prefix = Buffer.concat([MAGIC, Buffer.from([FORMAT_VERSION]), this.keyId]);

    const dek = randomBytes(DEK_BYTES);
    const wrapIv = randomBytes(IV_BYTES);
    const wrap = createCipheriv('aes-256-gcm', this.kek, wrapIv);
    wrap.setAAD(Buffer.concat([prefix, aadKey]));
    const wrappedDek = Buffer.concat([wrap.update(dek), wrap.final()]);
    const wrapTag = wrap.getAuthTag();

    const dataIv = randomBytes(IV_BYTES);
    const header = Buffer.concat([prefix, wrapIv, wrappedDek, wrapTag, dataIv]);
    const cipher = createCipheriv('aes-256-gcm', dek, dataIv);
    cipher.setAAD(Buffer.concat([header, aadKey]));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    const tag = cipher.getAuthTag();
    dek.fill(0);

    await this.inner.put(key, Buffer.concat([header, body, tag]), options);
    return { size: plain.length, sha256: createHash('sha256').update(plain).digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    return Readable.from([await this.getBuffer(key)]);
  }

  /** The decrypted bytes (authenticated before they are returned). */
  async getBuffer(key: string): Promise<Buffer> {
    const stored = await readAll(await this.inner.get(key), this.maxBytes + HEADER_BYTES + TAG_BYTES);
    return this.open(key, stored);
  }

  private open(key: string, stored: Buffer): Buffer {
    if (stored.length < HEADER_BYTES + TAG_BYTES) throw new TamperedFileError(key, 'quá ngắn');
    let at = 0;
    const take = (n: number) => stored.subarray(at, (at += n));
    const magic = take(MAGIC.length);
    const version = take(1)[0];
    const keyId = take(4);
    if (!magic.equals(MAGIC) || version !== FORMAT_VERSION)
      throw new TamperedFileError(key, 'không phải tệp mã hóa của Saola');
    if (!keyId.equals(this.keyId)) throw new TamperedFileError(key, 'được mã hóa bằng khóa DATA_KEY khác');
    const wrapIv = take(IV_BYTES);
    const wrappedDek = take(DEK_BYTES);
    const wrapTag = take(TAG_BYTES);
    const dataIv = take(IV_BYTES);
    const header = stored.subarray(0, HEADER_BYTES);
    const body = stored.subarray(HEADER_BYTES, stored.length - TAG_BYTES);
    const tag = stored.subarray(stored.length - TAG_BYTES);
    const aadKey = Buffer.from(key, 'utf8');

    let dek: Buffer;
    try {
      const unwrap = createDecipheriv('aes-256-gcm', this.kek, wrapIv);
      unwrap.setAAD(Buffer.concat([header.subarray(0, MAGIC.length + 5), aadKey]));
      unwrap.setAuthTag(wrapTag);
      dek = Buffer.concat([unwrap.update(wrappedDek), unwrap.final()]);
    } catch {
      throw new TamperedFileError(key, 'khóa dữ liệu không xác thực được');
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', dek, dataIv);
      decipher.setAAD(Buffer.concat([header, aadKey]));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(body), decipher.final()]);
    } catch {
      throw new TamperedFileError(key, 'nội dung không xác thực được');
    } finally {
      dek.fill(0);
    }
  }

  delete(key: string): Promise<void> {
    return this.inner.delete(key);
  }

  exists(key: string): Promise<boolean> {
    return this.inner.exists(key);
  }

  /** Size of the plaintext (stored size minus the envelope). */
  async stat(key: string): Promise<FileInfo | null> {
    const info = await this.inner.stat(key);
    return info ? { ...info, size: Math.max(0, info.size - HEADER_BYTES - TAG_BYTES) } : null;
  }
}
