import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSafeKey, FileNotFoundError, InvalidFileKeyError, LocalFileStorage, readAll } from './storage.js';

describe('assertSafeKey', () => {
  it.each(['a', 'dossiers/2026/H44.001-260301-0001.pdf', 'x_y-z/1.2.3', 'a'.repeat(128)])('accepts %s', (key) => {
    expect(() => assertSafeKey(key)).not.toThrow();
  });
  it.each([
    '',
    '../etc/passwd',
    'a/../../b',
    'a/./b',
    '/etc/passwd',
    'a//b',
    'a/',
    '.hidden',
    'a/..',
    'a\\..\\b',
    'C:/windows',
    'a\0b',
    'tên-có-dấu.pdf',
    'a b',
    '%2e%2e/x',
    'dot.',
    'a'.repeat(129),
    `${'a/'.repeat(300)}a`,
  ])('refuses %j', (key) => {
    expect(() => assertSafeKey(key)).toThrow(InvalidFileKeyError);
  });
});

describe('LocalFileStorage', () => {
  let dir: string;
  let storage: LocalFileStorage;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saola-files-'));
    storage = new LocalFileStorage(path.join(dir, 'files'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('stores, reads, describes and deletes a file from a Buffer or a stream', async () => {
    const data = Buffer.from('Đơn đề nghị cấp giấy phép xây dựng', 'utf8');
    const put = await storage.put('dossiers/2026/don.txt', data, { contentType: 'text/plain; charset=utf-8' });
    expect(put).toEqual({ size: data.length, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(await storage.exists('dossiers/2026/don.txt')).toBe(true);
    expect(await storage.stat('dossiers/2026/don.txt')).toEqual({
      size: data.length,
      contentType: 'text/plain; charset=utf-8',
    });
    expect((await readAll(await storage.get('dossiers/2026/don.txt'))).equals(data)).toBe(true);

    const big = Buffer.alloc(300_000, 7);
    const fromStream = await storage.put('big.bin', Readable.from([big.subarray(0, 100_000), big.subarray(100_000)]), {
      contentType: 'application/octet-stream',
    });
    expect(fromStream.size).toBe(300_000);
    expect((await readAll(await storage.get('big.bin'))).equals(big)).toBe(true);

    await storage.delete('dossiers/2026/don.txt');
    await storage.delete('dossiers/2026/don.txt'); // idempotent
    expect(await storage.exists('dossiers/2026/don.txt')).toBe(false);
    expect(await storage.stat('dossiers/2026/don.txt')).toBeNull();
    await expect(storage.get('dossiers/2026/don.txt')).rejects.toBeInstanceOf(FileNotFoundError);
  });

  it('replaces a file atomically and leaves no temporary files', async () => {
    await storage.put('k.txt', Buffer.from('một'), { contentType: 'text/plain' });
    await storage.put('k.txt', Buffer.from('hai'), { contentType: 'text/plain' });
    expect((await readAll(await storage.get('k.txt'))).toString()).toBe('hai');
    expect(fs.readdirSync(path.join(dir, 'files', 'tmp'))).toEqual([]);
  });

  it('never touches a path outside its root, whatever the key', async () => {
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'bí mật');
    for (const key of ['../secret.txt', '../../secret.txt', 'objects/../../secret.txt', '/tmp/x', '..']) {
      await expect(storage.get(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
      await expect(storage.put(key, Buffer.from('x'), { contentType: 'text/plain' })).rejects.toBeInstanceOf(
        InvalidFileKeyError,
      );
      await expect(storage.delete(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
      await expect(storage.exists(key)).rejects.toBeInstanceOf(InvalidFileKeyError);
    }
    expect(fs.readFileSync(path.join(dir, 'secret.txt'), 'utf8')).toBe('bí mật');
  });

  it('does not follow a failed write into a half-written file', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('phần đầu'));
        this.destroy(new Error('mất kết nối'));
      },
    });
    await expect(storage.put('partial.txt', failing, { contentType: 'text/plain' })).rejects.toThrow('mất kết nối');
    expect(await storage.exists('partial.txt')).toBe(false);
    expect(fs.readdirSync(path.join(dir, 'files', 'tmp'))).toEqual([]);
  });
});
