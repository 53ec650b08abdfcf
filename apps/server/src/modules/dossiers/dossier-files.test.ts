import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';
import { type FormPart, multipartBody, TINY_PNG, tinyPdf } from '../../test/factories/multipart.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { cleanFileName, type SigningLike } from './dossier-files.service.js';
import {
  actOn,
  createCommune,
  createProvince,
  dossierDetail,
  type Headers,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
} from './dossiers.factories.js';

const local = (iso: string) => new Date(`${iso}+07:00`);

interface FileView {
  id: string;
  kind: string;
  component: string | null;
  name: string;
  mediaType: string;
  size: number;
  resultCode: string | null;
  signed: boolean;
}

describe('dossier files: components, results, viewing, attach_result', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let u: Awaited<ReturnType<typeof createCommune>>;
  let code: string;
  let other: string;
  let H: { officer: Headers; specialist: Headers; leader: Headers; uOfficer: Headers };
  let citizen: CitizenSession;

  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-03-09T08:00:00') });
    const { province, admin } = await createProvince(t.app);
    a = await createCommune(t.app, province.id, 'UBND xã Tệp Thử Nghiệm');
    u = await createCommune(t.app, province.id, 'UBND xã Bên Cạnh');
    const adminH = await session(t.app, admin);
    const proc = (await publishedProcedure(t.app, adminH, [a.agency.id, u.agency.id], 5)).code;
    t.setNow(local('2026-03-09T09:00:00'));
    H = {
      officer: await session(t.app, a.officer),
      specialist: await session(t.app, a.specialist),
      leader: await session(t.app, a.leader),
      uOfficer: await session(t.app, u.officer),
    };
    code = (await receiveDossier(t.app, H.officer, receptionBody(proc, a.agency.id))).code;
    other = (await receiveDossier(t.app, H.officer, receptionBody(proc, a.agency.id, 'Lê Thị Khác'))).code;
    citizen = await signInCitizen(t.app);
  }, 120_000);
  afterAll(async () => t.close());

  const upload = (headers: Headers, dossier: string, parts: FormPart[]) => {
    const body = multipartBody(parts);
    return t.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${dossier}/files`,
      headers: { ...headers, 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const file = (filename: string, data: Buffer, contentType = 'application/octet-stream'): FormPart => ({
    name: 'file',
    filename,
    contentType,
    data,
  });
  const component = (name = 'Tờ khai đăng ký khai sinh'): FormPart[] => [
    { name: 'kind', value: 'component' },
    { name: 'component', value: name },
  ];
  const result: FormPart[] = [{ name: 'kind', value: 'result' }];

  it('lets the one-stop officer add a scanned component; checks the real type and the size', async () => {
    const res = await upload(H.officer, code, [...component(), file('to-khai.png', TINY_PNG, 'image/png')]);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json<FileView>()).toMatchObject({
      kind: 'component',
      component: 'Tờ khai đăng ký khai sinh',
      name: 'to-khai.png',
      mediaType: 'image/png',
      size: TINY_PNG.length,
      resultCode: null,
      signed: false,
    });

    const renamed = await upload(H.officer, code, [...component(), file('to-khai.pdf', TINY_PNG)]);
    expect(renamed.statusCode).toBe(422);
    expect(renamed.json<{ code: string }>().code).toBe('extension_mismatch');
    const text = await upload(H.officer, code, [...component(), file('ghi-chu.pdf', Buffer.from('xin chào'))]);
    expect(text.statusCode).toBe(422);
    expect(text.json<{ code: string; detail: string }>()).toMatchObject({ code: 'unsupported_type' });

    const big = Buffer.alloc(21 * 1024 * 1024, 0x20);
    TINY_PNG.copy(big);
    const tooBig = await upload(H.officer, code, [...component(), file('lon.png', big)]);
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json<{ detail: string }>().detail).toContain('20 MB');

    const missing = await upload(H.officer, code, [{ name: 'kind', value: 'component' }, file('a.png', TINY_PNG)]);
    expect(missing.statusCode).toBe(422);
    expect(missing.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['/component']);
  });

  it('refuses components from anyone but the one-stop officer of the dossier', async () => {
    const parts = () => [...component(), file('a.png', TINY_PNG)];
    expect((await upload(H.specialist, code, parts())).statusCode).toBe(403);
    expect((await upload(H.uOfficer, code, parts())).statusCode).toBe(404); // another commune: not even confirmed
    expect((await upload(citizen.headers, code, parts())).statusCode).toBe(403);
    expect((await upload({}, code, parts())).statusCode).toBe(401);
  });

  it('lets only the current step holder or the leader upload results, numbered <mã hồ sơ>-KQ<n>', async () => {
    const pdf = await tinyPdf('Giấy khai sinh');
    // Step 0 is the one-stop officer's: a specialist may not upload a result yet.
    expect((await upload(H.specialist, code, [...result, file('kq.pdf', pdf)])).statusCode).toBe(403);
    let d = await dossierDetail(t.app, H.officer, code);
    const fwd = await actOn(t.app, H.officer, code, 'forward', { version: d.version, assigneeId: a.specialist.id });
    expect(fwd.statusCode, fwd.body).toBe(200);

    const first = await upload(H.specialist, code, [...result, file('ket-qua.pdf', pdf, 'application/pdf')]);
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json<FileView>()).toMatchObject({ kind: 'result', resultCode: `${code}-KQ1`, signed: false });
    const second = await upload(H.leader, code, [...result, file('ban-sao.png', TINY_PNG)]);
    expect(second.statusCode, second.body).toBe(201);
    expect(second.json<FileView>().resultCode).toBe(`${code}-KQ2`);
    // Two results uploaded at once still get distinct, consecutive numbers.
    const both = await Promise.all([
      upload(H.leader, code, [...result, file('kq3.pdf', pdf)]),
      upload(H.specialist, code, [...result, file('kq4.pdf', pdf)]),
    ]);
    expect(both.map((r) => r.statusCode)).toEqual([201, 201]);
    expect(both.map((r) => r.json<FileView>().resultCode).sort()).toEqual([`${code}-KQ3`, `${code}-KQ4`]);

    expect((await upload(H.officer, code, [...result, file('kq.pdf', pdf)])).statusCode).toBe(403); // not step 1's role
    expect((await upload(H.uOfficer, code, [...result, file('kq.pdf', pdf)])).statusCode).toBe(404);
    // Signing is the leader's alone.
    const sign = [...result, { name: 'sign', value: 'true' }, file('kq.pdf', pdf)];
    expect((await upload(H.specialist, code, sign)).statusCode).toBe(403);
    d = await dossierDetail(t.app, H.officer, code);
    expect(d.status).toBe('received');
  });

  it('signs a result PDF through app.signing when the leader asks for it', async (ctx) => {
    const signing = (t.app as unknown as { signing?: SigningLike }).signing;
    const pdf = await tinyPdf('Quyết định');
    const res = await upload(H.leader, code, [...result, { name: 'sign', value: 'true' }, file('qd.pdf', pdf)]);
    if (!signing) {
      // The signing module (engineer S) is not registered in this build: the upload is refused, nothing stored.
      expect(res.statusCode).toBe(503);
      expect(res.json<{ code: string }>().code).toBe('signing_unavailable');
      ctx.skip();
      return;
    }
    expect(res.statusCode, res.body).toBe(201);
    const view = res.json<FileView>();
    expect(view.signed).toBe(true);
    const bytes = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${code}/files/${view.id}`,
      headers: H.leader,
    });
    const verified = await signing.verifyPdf(bytes.rawPayload);
    expect(verified.valid).toBe(true);
    // The signature is the agency's (its certificate names the commune's one-stop agency).
    expect(verified.signers.join(' ')).toContain('UBND xã Tệp Thử Nghiệm');
    // The stored file is the signed one, not the upload.
    expect(bytes.rawPayload.length).toBeGreaterThan(pdf.length);
  });

  it('lists the files and streams one inline to anyone who may see the dossier', async () => {
    const list = await t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}/files`, headers: H.leader });
    expect(list.statusCode).toBe(200);
    const items = list.json<{ items: FileView[] }>().items;
    const signed = (t.app as unknown as { signing?: SigningLike }).signing ? ['result'] : [];
    expect(items.map((f) => f.kind)).toEqual(['component', 'result', 'result', 'result', 'result', ...signed]);
    const png = items[0]!;
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${code}/files/${png.id}`,
      headers: H.specialist,
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['content-disposition']).toMatch(/^inline; /);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(Buffer.compare(res.rawPayload, TINY_PNG)).toBe(0);

    // Another commune, a citizen, anonymous; and the file through another dossier's code.
    for (const [headers, status] of [
      [H.uOfficer, 404],
      [citizen.headers, 403],
      [{}, 401],
    ] as const) {
      expect((await t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}/files`, headers })).statusCode).toBe(
        status,
      );
      const one = await t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}/files/${png.id}`, headers });
      expect(one.statusCode).toBe(status);
    }
    const wrong = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${other}/files/${png.id}`,
      headers: H.officer,
    });
    expect(wrong.statusCode).toBe(404);
  });

  it('attach_result accepts only result files of the same dossier', async () => {
    // A result of the other dossier (its step 0 is the one-stop officer's).
    const foreign = await upload(H.officer, other, [...result, file('kq.pdf', await tinyPdf('Khác'))]);
    expect(foreign.statusCode, foreign.body).toBe(201);
    const foreignId = foreign.json<FileView>().id;
    // Walk the dossier to its last step (specialist → leader approves → one-stop officer).
    let d = await dossierDetail(t.app, H.specialist, code);
    expect((await actOn(t.app, H.specialist, code, 'forward', { version: d.version })).statusCode).toBe(200);
    d = await dossierDetail(t.app, H.leader, code);
    expect((await actOn(t.app, H.leader, code, 'approve', { version: d.version })).statusCode).toBe(200);
    const files = (
      await t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${code}/files`, headers: H.officer })
    ).json<{ items: FileView[] }>().items;
    const own = files.filter((f) => f.kind === 'result').map((f) => f.id);
    const componentId = files.find((f) => f.kind === 'component')!.id;

    d = await dossierDetail(t.app, H.officer, code);
    const bad = await actOn(t.app, H.officer, code, 'attach_result', {
      version: d.version,
      resultFileIds: [own[0], foreignId, componentId],
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      '/resultFileIds/1',
      '/resultFileIds/2',
    ]);
    const ok = await actOn(t.app, H.officer, code, 'attach_result', { version: d.version, resultFileIds: own });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json<{ status: string }>().status).toBe('result_ready');

    // No more results once the dossier left processing; components still may be added until it ends.
    const late = await upload(H.leader, code, [...result, file('kq.pdf', await tinyPdf())]);
    expect(late.statusCode).toBe(409);
    expect((await upload(H.officer, code, [...component('Bản sao'), file('b.png', TINY_PNG)])).statusCode).toBe(201);
  });

  it('writes an audit record for each upload', async () => {
    const rows = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_type'])
      .where('entity_type', '=', 'dossier_file')
      .execute();
    const actions = rows.map((r) => r.action);
    expect(actions.filter((x) => x === 'dossier.component_file.upload')).toHaveLength(2);
    const signed = (t.app as unknown as { signing?: SigningLike }).signing ? 1 : 0;
    // KQ1–KQ4 of the first dossier, the signed one (when signing is available), one of the other dossier.
    expect(actions.filter((x) => x === 'dossier.result_file.upload')).toHaveLength(5 + signed);
  });
});

describe('cleanFileName', () => {
  it('keeps a readable Vietnamese name without path, quotes or control characters', () => {
    expect(cleanFileName('C:\\scan\\Tờ khai "gốc".pdf')).toBe('Tờ khai gốc.pdf');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\r\nb.png')).toBe('ab.png');
    expect(cleanFileName('   ')).toBe('tep');
  });
});
