import fsp from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';
import { type FormPart, multipartBody, TINY_PNG, tinyPdf } from '../../test/factories/multipart.js';
import { createAgency, createUser } from '../../test/factories/org.js';
import { loginAs } from '../auth/testing.js';

interface Doc {
  id: string;
  side: 'front' | 'back';
  contentType: string;
  sizeBytes: number;
  createdAt: string;
}
interface AccessRow {
  itemType: string;
  itemId: string;
  purpose: string;
  actorKind: string;
  actorName: string | null;
  citizenId: string | null;
}

describe('ID-card images (CCCD): encrypted at rest, every read logged', () => {
  let t: TestApp;
  let an: CitizenSession;
  let binh: CitizenSession;
  let admin: { headers: Record<string, string> };
  let clerk: { headers: Record<string, string> };
  let pdf: Buffer;
  beforeAll(async () => {
    t = await createTestApp();
    an = await signInCitizen(t.app, '0913000001');
    binh = await signInCitizen(t.app, '0913000002');
    const agency = await createAgency(t.app);
    const adminUser = await createUser(t.app, { agencyId: agency.id, roles: [{ roleCode: 'quan_tri' }] });
    const clerkUser = await createUser(t.app, { agencyId: agency.id, roles: [{ roleCode: 'chuyen_vien' }] });
    admin = await loginAs(t.app, adminUser.username, adminUser.password);
    clerk = await loginAs(t.app, clerkUser.username, clerkUser.password);
    pdf = await tinyPdf();
  });
  afterAll(async () => t.close());

  const upload = (s: CitizenSession | null, parts: FormPart[], headers: Record<string, string> = s?.headers ?? {}) => {
    const body = multipartBody(parts);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/citizen/me/id-card',
      headers: { ...headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const file = (filename: string, contentType: string, data: Buffer): FormPart => ({
    name: 'file',
    filename,
    contentType,
    data,
  });
  const get = (s: { headers: Record<string, string> } | null, url: string) =>
    t.app.inject({ method: 'GET', url, headers: s?.headers ?? {} });
  const accessLog = async (citizenId: string) =>
    (await get(admin, `/api/v1/privacy/sensitive-access?citizenId=${citizenId}&limit=100`)).json<{
      items: AccessRow[];
    }>().items;
  const storedPath = (citizenId: string, id: string) =>
    path.join(t.config.dataDir, 'files', 'sensitive', 'objects', 'citizens', citizenId, 'id-card', id);
  const auditOf = (entityId: string) =>
    t.app.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_kind', 'actor_id'])
      .where('entity_id', '=', entityId)
      .orderBy('seq')
      .execute();

  it('stores a real PNG encrypted, returns exactly its bytes, and logs every read', async () => {
    const res = await upload(an, [{ name: 'side', value: 'front' }, file('cccd-truoc.png', 'image/png', TINY_PNG)]);
    expect(res.statusCode).toBe(201);
    const doc = res.json<Doc>();
    expect(doc).toEqual({
      id: expect.any(String),
      side: 'front',
      contentType: 'image/png',
      sizeBytes: TINY_PNG.length,
      createdAt: expect.any(String),
    });

    // At rest: not the plaintext, not even a piece of it.
    const onDisk = await fsp.readFile(storedPath(an.citizenId, doc.id));
    expect(onDisk.equals(TINY_PNG)).toBe(false);
    expect(onDisk.includes(TINY_PNG.subarray(0, 16))).toBe(false);
    expect(onDisk.includes(Buffer.from('IHDR'))).toBe(false);
    expect(onDisk.length).toBeGreaterThan(TINY_PNG.length);

    expect(await accessLog(an.citizenId)).toEqual([]);
    for (let i = 1; i <= 2; i++) {
      const dl = await get(an, `/api/v1/citizen/me/id-card/${doc.id}`);
      expect(dl.statusCode).toBe(200);
      expect(dl.headers['content-type']).toBe('image/png');
      expect(dl.headers['cache-control']).toBe('no-store');
      expect(dl.headers['content-disposition']).toMatch(/^attachment; filename="cccd-mat-truoc-[0-9a-f]{8}\.png"$/);
      expect(dl.rawPayload.equals(TINY_PNG)).toBe(true);
      const log = await accessLog(an.citizenId);
      expect(log).toHaveLength(i);
      expect(log[0]).toMatchObject({
        itemType: 'id_card_image',
        itemId: doc.id,
        purpose: 'chu_the_xem',
        actorKind: 'citizen',
        citizenId: an.citizenId,
      });
    }
    expect(await auditOf(doc.id)).toEqual([
      { action: 'citizen.id_card.upload', actor_kind: 'citizen', actor_id: an.citizenId },
    ]);
  });

  it('accepts a real PDF, lists newest first, and the data export carries metadata only', async () => {
    const res = await upload(an, [{ name: 'side', value: 'back' }, file('mat-sau.pdf', 'application/pdf', pdf)]);
    expect(res.statusCode).toBe(201);
    const doc = res.json<Doc>();
    expect(doc).toMatchObject({ side: 'back', contentType: 'application/pdf', sizeBytes: pdf.length });
    const dl = await get(an, `/api/v1/citizen/me/id-card/${doc.id}`);
    expect(dl.rawPayload.equals(pdf)).toBe(true);
    expect(dl.headers['content-type']).toBe('application/pdf');

    const list = (await get(an, '/api/v1/citizen/me/id-card')).json<{ items: Doc[] }>().items;
    expect(list.map((d) => [d.side, d.contentType])).toEqual([
      ['back', 'application/pdf'],
      ['front', 'image/png'],
    ]);
    expect((await get(binh, '/api/v1/citizen/me/id-card')).json()).toEqual({ items: [] });

    const exported = await get(an, '/api/v1/citizen/me/export');
    expect(exported.statusCode).toBe(200);
    const body = exported.json<{ idDocuments: (Doc & { sha256: string })[]; sensitiveDataAccess: unknown[] }>();
    expect(body.idDocuments).toHaveLength(2);
    expect(body.idDocuments[0]).toEqual({ ...doc, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(Object.keys(body.idDocuments[0]!).sort()).toEqual(
      ['contentType', 'createdAt', 'id', 'side', 'sha256', 'sizeBytes'].sort(),
    );
    expect(exported.body).not.toContain(pdf.subarray(0, 64).toString('base64'));
    expect(body.sensitiveDataAccess.length).toBeGreaterThanOrEqual(3);
  });

  it('checks the real type from the bytes: a lying name or content type is refused with 422', async () => {
    const before = (await get(binh, '/api/v1/citizen/me/id-card')).json<{ items: Doc[] }>().items.length;
    const text = await upload(binh, [
      { name: 'side', value: 'front' },
      file('anh.jpg', 'image/jpeg', Buffer.from('Đây không phải là ảnh, chỉ là chữ.\n'.repeat(20))),
    ]);
    expect(text.statusCode).toBe(422);
    expect(text.headers['content-type']).toContain('application/problem+json');
    expect(text.json()).toMatchObject({
      code: 'unsupported_type',
      detail: expect.stringContaining('không đúng định dạng'),
    });

    const exe = await upload(binh, [
      { name: 'side', value: 'front' },
      file('anh.jpg', 'image/jpeg', Buffer.concat([Buffer.from('MZ\x90\x00', 'latin1'), Buffer.alloc(200)])),
    ]);
    expect(exe.statusCode).toBe(422);
    expect(exe.json()).toMatchObject({ code: 'unsupported_type' });

    const pngAsJpg = await upload(binh, [{ name: 'side', value: 'front' }, file('anh.jpg', 'image/jpeg', TINY_PNG)]);
    expect(pngAsJpg.statusCode).toBe(422);
    expect(pngAsJpg.json()).toMatchObject({ code: 'extension_mismatch' });

    const missing = await upload(binh, [{ name: 'side', value: 'left' }]);
    expect(missing.statusCode).toBe(422);
    expect(missing.json<{ errors: { field: string; message: string }[] }>().errors.map((e) => e.field)).toEqual([
      '/side',
      '/file',
    ]);

    const notMultipart = await t.app.inject({
      method: 'POST',
      url: '/api/v1/citizen/me/id-card',
      headers: binh.headers,
      payload: { side: 'front', file: TINY_PNG.toString('base64') },
    });
    expect(notMultipart.statusCode).toBe(415);
    expect((await get(binh, '/api/v1/citizen/me/id-card')).json<{ items: Doc[] }>().items).toHaveLength(before);
  });

  it('refuses a file over 5 MB with a 413 problem in Vietnamese', async () => {
    const big = Buffer.concat([TINY_PNG.subarray(0, 8), Buffer.alloc(5 * 1024 * 1024 + 1 - 8, 1)]);
    const res = await upload(binh, [{ name: 'side', value: 'front' }, file('lon.png', 'image/png', big)]);
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'file_too_large', detail: expect.stringContaining('tối đa 5 MB') });
    const huge = await upload(binh, [
      { name: 'side', value: 'front' },
      file('rat-lon.png', 'image/png', Buffer.alloc(6 * 1024 * 1024)),
    ]);
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ code: 'file_too_large' });
    // Exactly 5 MB is still accepted.
    const limit = Buffer.concat([TINY_PNG.subarray(0, 8), Buffer.alloc(5 * 1024 * 1024 - 8)]);
    const ok = await upload(binh, [{ name: 'side', value: 'back' }, file('vua.png', 'image/png', limit)]);
    expect(ok.statusCode).toBe(201);
    expect(ok.json<Doc>().sizeBytes).toBe(5 * 1024 * 1024);
  });

  it('keeps each image to its owner; anonymous callers get 401; CSRF applies', async () => {
    const mine = (await get(an, '/api/v1/citizen/me/id-card')).json<{ items: Doc[] }>().items[0]!;
    expect((await get(binh, `/api/v1/citizen/me/id-card/${mine.id}`)).statusCode).toBe(404);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/citizen/me/id-card/${mine.id}`,
      headers: binh.headers,
    });
    expect(del.statusCode).toBe(404);

    expect((await get(null, '/api/v1/citizen/me/id-card')).statusCode).toBe(401);
    expect((await get(null, `/api/v1/citizen/me/id-card/${mine.id}`)).statusCode).toBe(401);
    expect(
      (await upload(null, [{ name: 'side', value: 'front' }, file('a.png', 'image/png', TINY_PNG)])).statusCode,
    ).toBe(401);
    // A staff session is not a citizen.
    expect((await get(admin, '/api/v1/citizen/me/id-card')).statusCode).toBe(401);

    const noCsrf = await upload(an, [{ name: 'side', value: 'front' }, file('a.png', 'image/png', TINY_PNG)], {
      cookie: an.cookie,
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json()).toMatchObject({ code: 'csrf_failed' });
    const viaQuery = multipartBody([{ name: 'side', value: 'front' }, file('a.png', 'image/png', TINY_PNG)]);
    const withQueryToken = await t.app.inject({
      method: 'POST',
      url: `/api/v1/citizen/me/id-card?_csrf=${encodeURIComponent(an.csrf)}`,
      headers: { cookie: an.cookie, 'content-type': viaQuery.contentType },
      payload: viaQuery.payload,
    });
    expect(withQueryToken.statusCode).toBe(201);
    // Refused reads are not logged as accesses: only an's own two downloads of the PNG and one of the PDF.
    expect((await accessLog(an.citizenId)).map((r) => r.purpose)).toEqual([
      'chu_the_xem',
      'chu_the_xem',
      'chu_the_xem',
    ]);
  });

  it('staff need privacy.manage and a stated purpose; their read is logged with the purpose', async () => {
    const doc = (await get(an, '/api/v1/citizen/me/id-card'))
      .json<{ items: Doc[] }>()
      .items.find((d) => d.contentType === 'image/png')!;
    const url = `/api/v1/privacy/citizens/${an.citizenId}/id-card/${doc.id}`;
    const logged = (await accessLog(an.citizenId)).length;

    expect((await get(null, `${url}?purpose=x`)).statusCode).toBe(401);
    expect((await get(clerk, `${url}?purpose=Ki%E1%BB%83m%20tra`)).statusCode).toBe(403);
    expect((await get(an, `${url}?purpose=xem`)).statusCode).toBe(403);
    for (const q of ['', '?purpose=', '?purpose=%20%20']) {
      const res = await get(admin, `${url}${q}`);
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ errors: [{ field: '/purpose' }] });
    }
    expect((await accessLog(an.citizenId)).length).toBe(logged);

    const purpose = 'Đối chiếu hồ sơ 44.001.2026.000123';
    const ok = await get(admin, `${url}?purpose=${encodeURIComponent(purpose)}`);
    expect(ok.statusCode).toBe(200);
    expect(ok.rawPayload.equals(TINY_PNG)).toBe(true);
    const log = await accessLog(an.citizenId);
    expect(log).toHaveLength(logged + 1);
    expect(log[0]).toMatchObject({ itemId: doc.id, purpose, actorKind: 'staff', citizenId: an.citizenId });

    // Wrong owner in the path: not found, nothing logged.
    expect(
      (await get(admin, `/api/v1/privacy/citizens/${binh.citizenId}/id-card/${doc.id}?purpose=x`)).statusCode,
    ).toBe(404);
    expect((await accessLog(an.citizenId)).length).toBe(logged + 1);
  });

  it('deleting erases the stored file, keeps an audit record, and the image is gone', async () => {
    const doc = (await get(an, '/api/v1/citizen/me/id-card')).json<{ items: Doc[] }>().items[0]!;
    await fsp.access(storedPath(an.citizenId, doc.id));
    const noCsrf = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/citizen/me/id-card/${doc.id}`,
      headers: { cookie: an.cookie },
    });
    expect(noCsrf.statusCode).toBe(403);
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/citizen/me/id-card/${doc.id}`,
      headers: an.headers,
    });
    expect(del.statusCode).toBe(204);
    await expect(fsp.access(storedPath(an.citizenId, doc.id))).rejects.toThrow();
    expect((await get(an, `/api/v1/citizen/me/id-card/${doc.id}`)).statusCode).toBe(404);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/citizen/me/id-card/${doc.id}`,
      headers: an.headers,
    });
    expect(again.statusCode).toBe(404);
    expect((await get(an, '/api/v1/citizen/me/id-card')).json<{ items: Doc[] }>().items.map((d) => d.id)).not.toContain(
      doc.id,
    );
    expect((await auditOf(doc.id)).map((a) => a.action)).toEqual(['citizen.id_card.upload', 'citizen.id_card.delete']);
  });
});
