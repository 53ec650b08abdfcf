import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM with the DATA_KEY, for small secrets at rest (TOTP seeds). Output:
 * "v1.<iv>.<tag>.<ciphertext>" in base64url; the purpose is bound as associated data so a value
 * cannot be moved to another column or user.
 */
export function dataKeyBytes(dataKey: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(dataKey) ? Buffer.from(dataKey, 'hex') : Buffer.from(dataKey, 'base64');
  if (key.length !== 32) throw new Error('DATA_KEY phải là khóa 32 byte.');
  return key;
}

export function seal(key: Buffer, plaintext: string, purpose: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(purpose));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join(
    '.',
  );
}

export function open(key: Buffer, sealed: string, purpose: string): string {
  const [v, iv, tag, data] = sealed.split('.');
  if (v !== 'v1' || !iv || !tag || data === undefined) throw new Error('Dữ liệu mã hóa không đúng định dạng.');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
}
