import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Storage } from './s3-storage.js';
import { FileNotFoundError, InvalidFileKeyError, readAll } from './storage.js';

const ACCESS = 'SAOLATESTKEY';
const SECRET = 'bí-mật/không+chia sẻ';
const REGION = 'vn-central-1';

/**
 * A minimal S3 stand-in over real HTTP: it keeps objects in memory and checks every request's
 * SigV4 signature by recomputing it from what actually arrived on the wire (its own code, not
 * sigv4.ts), and that x-amz-content-sha256 is the hash of the body received.
 */
async function startFakeS3() {
  const objects = new Map<string, { body: Buffer; type: string }>();
  const rejected: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const auth = req.headers.authorization ?? '';
      const m =
        /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(
          auth,
        );
      const hmac = (k: Buffer | string, d: string) => createHmac('sha256', k).update(d).digest();
      const sha = (d: Buffer | string) => createHash('sha256').update(d).digest('hex');
      let ok = false;
      if (m && m[1] === ACCESS && m[3] === REGION) {
        const signed = m[4]!.split(';');
        const canonical = [
          req.method,
          req.url!.split('?')[0],
          '',
          ...signed.map((h) => `${h}:${String(req.headers[h]).trim()}`),
          '',
          m[4],
          req.headers['x-amz-content-sha256'],
        ].join('\n');
        const sts = [
          'AWS4-HMAC-SHA256',
          req.headers['x-amz-date'],
          `${m[2]}/${REGION}/s3/aws4_request`,
          sha(canonical),
        ].join('\n');
        const key = hmac(hmac(hmac(hmac(`AWS4${SECRET}`, m[2]!), REGION), 's3'), 'aws4_request');
        ok =
          createHmac('sha256', key).update(sts).digest('hex') === m[5] &&
          req.headers['x-amz-content-sha256'] === sha(body) &&
          signed.includes('host') &&
          signed.includes('x-amz-content-sha256');
      }
      if (!ok) {
        rejected.push(`${req.method} ${req.url}`);
        res.writeHead(403, { 'content-type': 'application/xml' });
        res.end('<Error><Code>SignatureDoesNotMatch</Code></Error>');
        return;
      }
      const path = decodeURIComponent(req.url!.split('?')[0]!);
      const obj = objects.get(path);
      switch (req.method) {
        case 'PUT':
          objects.set(path, { body, type: String(req.headers['content-type']) });
          res.writeHead(200).end();
          return;
        case 'GET':
        case 'HEAD':
          if (!obj) {
            res
              .writeHead(404, { 'content-type': 'application/xml' })
              .end(req.method === 'GET' ? '<Error><Code>NoSuchKey</Code></Error>' : undefined);
            return;
          }
          res.writeHead(200, { 'content-type': obj.type, 'content-length': obj.body.length });
          res.end(req.method === 'GET' ? obj.body : undefined);
          return;
        case 'DELETE':
          objects.delete(path);
          res.writeHead(204).end();
          return;
        default:
          res.writeHead(405).end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    objects,
    rejected,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe('S3Storage over real HTTP with SigV4', () => {
  let s3: Awaited<ReturnType<typeof startFakeS3>>;
  let storage: S3Storage;
  beforeAll(async () => {
    s3 = await startFakeS3();
    storage = new S3Storage({
      endpoint: s3.endpoint,
      region: REGION,
      bucket: 'saola-files',
      prefix: 'qt/',
      credentials: { accessKeyId: ACCESS, secretAccessKey: SECRET },
    });
  });
  afterAll(async () => s3.close());

  it('puts, heads, gets and deletes an object with signatures the server accepts', async () => {
    const data = Buffer.from('Quyết định số 123/QĐ-UBND', 'utf8');
    expect(await storage.put('van-ban/2026/qd-123.pdf', data, { contentType: 'application/pdf' })).toEqual({
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
    expect([...s3.objects.keys()]).toEqual(['/saola-files/qt/van-ban/2026/qd-123.pdf']);
    expect(await storage.stat('van-ban/2026/qd-123.pdf')).toEqual({
      size: data.length,
      contentType: 'application/pdf',
    });
    expect(await storage.exists('van-ban/2026/qd-123.pdf')).toBe(true);
    expect((await readAll(await storage.get('van-ban/2026/qd-123.pdf'))).equals(data)).toBe(true);
    await storage.put('stream.bin', Readable.from([Buffer.from('a'), Buffer.from('b')]), {
      contentType: 'application/octet-stream',
    });
    expect((await readAll(await storage.get('stream.bin'))).toString()).toBe('ab');
    await storage.delete('van-ban/2026/qd-123.pdf');
    expect(await storage.exists('van-ban/2026/qd-123.pdf')).toBe(false);
    await expect(storage.get('van-ban/2026/qd-123.pdf')).rejects.toBeInstanceOf(FileNotFoundError);
    expect(s3.rejected).toEqual([]);
  });

  it('reports a refused signature clearly, and validates keys before any request', async () => {
    const wrong = new S3Storage({
      endpoint: s3.endpoint,
      region: REGION,
      bucket: 'saola-files',
      credentials: { accessKeyId: ACCESS, secretAccessKey: 'sai' },
    });
    await expect(wrong.put('x.txt', Buffer.from('x'), { contentType: 'text/plain' })).rejects.toThrow(
      /HTTP 403 SignatureDoesNotMatch/,
    );
    expect(s3.rejected).toHaveLength(1);
    await expect(storage.get('../x')).rejects.toBeInstanceOf(InvalidFileKeyError);
    expect(s3.rejected).toHaveLength(1);
  });
});
