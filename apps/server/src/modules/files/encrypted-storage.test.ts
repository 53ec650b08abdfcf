import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EncryptedFileStorage, parseDataKey, TamperedFileError } from './encrypted-storage.js';
import { LocalFileStorage, readAll } from './storage.js';

describe('EncryptedFileStorage', () => {
  let dir: string;
  let inner: LocalFileStorage;
  let storage: EncryptedFileStorage;
  const key = randomBytes(32);
  const objectPath = (k: string) => path.join(dir, 'objects', k);
  // A recognisable "ID card image": a JPEG header and a citizen's name and number.
  const plain = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.from('CĂN CƯỚC 044099001234 NGUYỄN THỊ HOA '.repeat(200), 'utf8'),
  ]);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saola-enc-'));
    inner = new LocalFileStorage(dir);
    storage = new EncryptedFileStorage(inner, key);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips the bytes while the file on disk holds no plaintext', async () => {
    const put = await storage.put('cccd/mat-truoc.jpg', plain, { contentType: 'image/jpeg' });
    expect(put.size).toBe(plain.length);
    const onDisk = fs.readFileSync(objectPath('cccd/mat-truoc.jpg'));
    expect(onDisk.includes(Buffer.from('044099001234'))).toBe(false);
    expect(onDisk.includes(Buffer.from('NGUYỄN'))).toBe(false);
    expect(onDisk.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect((await readAll(await storage.get('cccd/mat-truoc.jpg'))).equals(plain)).toBe(true);
    expect(await storage.stat('cccd/mat-truoc.jpg')).toEqual({ size: plain.length, contentType: 'image/jpeg' });
  });

  it('encrypts the same content differently each time (fresh data key and IV)', async () => {
    await storage.put('a.bin', plain, { contentType: 'image/jpeg' });
    await storage.put('b.bin', plain, { contentType: 'image/jpeg' });
    expect(fs.readFileSync(objectPath('a.bin')).equals(fs.readFileSync(objectPath('b.bin')))).toBe(false);
  });

  it('accepts streams', async () => {
    await storage.put('s.bin', Readable.from([plain.subarray(0, 10), plain.subarray(10)]), {
      contentType: 'image/jpeg',
    });
    expect((await readAll(await storage.get('s.bin'))).equals(plain)).toBe(true);
  });

  it('detects any tampering: a flipped bit in the content, the tag, the wrapped key, or truncation', async () => {
    await storage.put('t.bin', plain, { contentType: 'image/jpeg' });
    const original = fs.readFileSync(objectPath('t.bin'));
    for (const offset of [100, original.length - 1, 30, original.length - 20]) {
      const tampered = Buffer.from(original);
      tampered[offset] = tampered[offset]! ^ 0x01;
      fs.writeFileSync(objectPath('t.bin'), tampered);
      await expect(storage.get('t.bin')).rejects.toBeInstanceOf(TamperedFileError);
    }
    fs.writeFileSync(objectPath('t.bin'), original.subarray(0, original.length - 1));
    await expect(storage.get('t.bin')).rejects.toBeInstanceOf(TamperedFileError);
    fs.writeFileSync(objectPath('t.bin'), original);
    expect((await readAll(await storage.get('t.bin'))).equals(plain)).toBe(true);
  });

  it('refuses a file moved under another key, or read with another DATA_KEY', async () => {
    await storage.put('owner-a.jpg', plain, { contentType: 'image/jpeg' });
    fs.copyFileSync(objectPath('owner-a.jpg'), objectPath('owner-b.jpg'));
    fs.mkdirSync(path.join(dir, 'meta'), { recursive: true });
    await expect(storage.get('owner-b.jpg')).rejects.toBeInstanceOf(TamperedFileError);
    const other = new EncryptedFileStorage(inner, randomBytes(32));
    await expect(other.get('owner-a.jpg')).rejects.toThrow(/khóa DATA_KEY khác/);
  });

  it('parses DATA_KEY as 64 hex characters or base64 of 32 bytes', () => {
    const k = randomBytes(32);
    expect(parseDataKey(k.toString('hex')).equals(k)).toBe(true);
    expect(parseDataKey(k.toString('base64')).equals(k)).toBe(true);
    expect(() => parseDataKey('ngắn')).toThrow(/32 byte/);
  });
});
