import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';
import { multipartBody, TINY_PNG, tinyPdf } from '../../test/factories/multipart.js';
import {
  actOn,
  createCommune,
  createProvince,
  dossierDetail,
  type Headers,
  session,
} from '../dossiers/dossiers.factories.js';
import { birthRegistrationData, createProcedure, onlineBirthRegistration } from '../procedures/procedures.factories.js';

/** The public online-services API (issue 4 §3): files, submission, lookup; and who may use what. */
describe('public API /api/v1/public/files and /dossiers', () => {
  let t: TestApp;
  let an: CitizenSession;
  let binh: CitizenSession;
  let procedureCode: string;
  let agencyCode: string;
  let otherAgencyCode: string;
  let officer: Headers;
  let otherOfficer: Headers;

  beforeAll(async () => {
    t = await createTestApp();
    const { province, admin } = await createProvince(t.app);
    const adminHeaders = await session(t.app, admin);
    const commune = await createCommune(t.app, province.id, 'UBND xã Đông Thử');
    const other = await createCommune(t.app, province.id, 'UBND xã Tây Thử');
    agencyCode = commune.agency.code;
    otherAgencyCode = other.agency.code;
    officer = await session(t.app, commune.officer);
    otherOfficer = await session(t.app, other.officer);
    const p = await createProcedure(
      t.app,
      adminHeaders,
      onlineBirthRegistration('Đăng ký khai sinh trực tuyến thử', [commune.agency.id]),
      { publish: true },
    );
    procedureCode = p.code;
    an = await signInCitizen(t.app, '0912000111');
    binh = await signInCitizen(t.app, '0912000222');
  });
  afterAll(async () => t.close());

  const upload = async (who: CitizenSession | null, filename: string, data: Buffer, contentType: string) => {
    const body = multipartBody([{ name: 'file', filename, contentType, data }]);
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/public/files',
      headers: { ...(who?.headers ?? {}), 'content-type': body.contentType },
      payload: body.payload,
    });
  };
  const submit = (who: CitizenSession, payload: object, key?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/public/dossiers',
      headers: { ...who.headers, ...(key ? { 'idempotency-key': key } : {}) },
      payload,
    });
  const body = (fileIds: string[], form: Record<string, unknown> = birthRegistrationData()) => ({
    procedureCode,
    agencyCode,
    form,
    files: fileIds.map((fileId) => ({ componentId: 0, fileId })),
    applicant: { name: 'Nguyễn Thị Hoa', phone: '0912 000 111' },
  });

  it('uploads a PDF or an image for a signed-in citizen only, checking the real type', async () => {
    expect((await upload(null, 'a.pdf', await tinyPdf(), 'application/pdf')).statusCode).toBe(401);
    // An officer is not a citizen: the online filing API is for citizens' accounts.
    const staff = multipartBody([{ name: 'file', filename: 'a.png', contentType: 'image/png', data: TINY_PNG }]);
    const byStaff = await t.app.inject({
      method: 'POST',
      url: '/api/v1/public/files',
      headers: { ...officer, 'content-type': staff.contentType },
      payload: staff.payload,
    });
    expect(byStaff.statusCode).toBe(401);
    const ok = await upload(an, 'giay-chung-sinh.pdf', await tinyPdf(), 'application/pdf');
    expect(ok.statusCode).toBe(201);
    expect(ok.json<{ fileId: string }>().fileId).toMatch(/^[0-9a-f-]{36}$/);
    const lying = await upload(an, 'anh.pdf', TINY_PNG, 'application/pdf');
    expect(lying.statusCode).toBe(422);
    expect(lying.json<{ code: string }>().code).toBe('extension_mismatch');
    const exe = await upload(an, 'virus.pdf', Buffer.from('MZ\x90\x00 not a pdf'), 'application/pdf');
    expect(exe.statusCode).toBe(422);
    expect(exe.json<{ code: string }>().code).toBe('unsupported_type');
  });

  it('files a dossier with two files for one component, once per Idempotency-Key, and links the files', async () => {
    const a = (await upload(an, 'trang-1.pdf', await tinyPdf('1'), 'application/pdf')).json<{ fileId: string }>()
      .fileId;
    const b = (await upload(an, 'trang-2.png', TINY_PNG, 'image/png')).json<{ fileId: string }>().fileId;
    const first = await submit(an, body([a, b]), 'nop-1');
    expect(first.statusCode).toBe(201);
    const created = first.json<{ code: string; status: string; submittedAt: string }>();
    expect(created.status).toBe('submitted');
    const again = await submit(an, body([a, b]), 'nop-1');
    expect(again.statusCode).toBe(201);
    expect(again.json<{ code: string }>().code).toBe(created.code);
    // Without the key the same files cannot make a second dossier: each file is used by one dossier only.
    const reuse = await submit(an, body([a, b]));
    expect(reuse.statusCode).toBe(422);
    expect(reuse.json<{ errors: { field: string }[] }>().errors.map((f) => f.field)).toEqual([
      '/files/0/fileId',
      '/files/1/fileId',
    ]);

    const files = await t.app.inject({
      method: 'GET',
      url: `/api/v1/dossiers/${created.code}/files`,
      headers: officer,
    });
    expect(files.statusCode).toBe(200);
    const list = files.json<{ items: { id: string; component: string; name: string }[] }>().items;
    expect(list.map((f) => f.id).sort()).toEqual([a, b].sort());
    expect(list.every((f) => f.component === 'Giấy chứng sinh')).toBe(true);
    // An officer of another commune does not see it.
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${created.code}`, headers: otherOfficer }))
        .statusCode,
    ).toBe(404);
  });

  it('marks the files used in the dossier’s own transaction: a failure there leaves no dossier and frees nothing twice', async () => {
    const f = (await upload(an, 'su-co.pdf', await tinyPdf('sự cố'), 'application/pdf')).json<{ fileId: string }>()
      .fileId;
    const before = (await t.app.dossiers.citizen.listMine(an.citizenId)).length;
    // A fault in the last write of the filing (here: the upload marked used), as a crash or a lost connection.
    await t.app.database.execScript(`
      create function test_refuse_use() returns trigger language plpgsql as $$
      begin
        if new.dossier_code is not null then raise exception 'sự cố thử nghiệm'; end if;
        return new;
      end $$;
      create trigger test_refuse_use before update on eservice_uploads
        for each row execute function test_refuse_use();`);
    try {
      const failed = await submit(an, body([f]));
      expect(failed.statusCode).toBe(500);
      expect((await t.app.dossiers.citizen.listMine(an.citizenId)).length).toBe(before);
    } finally {
      await t.app.database.execScript(
        'drop trigger test_refuse_use on eservice_uploads; drop function test_refuse_use();',
      );
    }
    // The citizen tries again: one dossier, with the file.
    const retried = await submit(an, body([f]));
    expect(retried.statusCode, retried.body).toBe(201);
    expect((await t.app.dossiers.citizen.listMine(an.citizenId)).length).toBe(before + 1);
    expect((await submit(an, body([f]))).statusCode).toBe(422);
  });

  it("refuses another citizen's fileId, an agency not implementing the procedure, and a missing component", async () => {
    const mine = (await upload(an, 'x.pdf', await tinyPdf(), 'application/pdf')).json<{ fileId: string }>().fileId;
    const theft = await submit(binh, { ...body([mine]), applicant: { name: 'Lê Bình', phone: '0912000222' } });
    expect(theft.statusCode).toBe(422);
    expect(theft.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('/files/0/fileId');
    // The file is still An's to use.
    const wrongAgency = await submit(an, { ...body([mine]), agencyCode: otherAgencyCode });
    expect(wrongAgency.statusCode).toBe(422);
    expect(wrongAgency.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe('/agencyCode');
    const none = await submit(an, body([]));
    expect(none.statusCode).toBe(422);
    expect(none.json<{ errors: { field: string }[] }>().errors.map((f) => f.field)).toContain('/files/0');
    expect((await submit(an, body([mine]))).statusCode).toBe(201);
  });

  it('answers 422 with every failing field of the e-form, under /form', async () => {
    const f = (await upload(an, 'y.pdf', await tinyPdf(), 'application/pdf')).json<{ fileId: string }>().fileId;
    const form = birthRegistrationData() as { nguoiYeuCau: Record<string, unknown>; me: Record<string, unknown> };
    form.nguoiYeuCau.soGiayTo = '123';
    delete form.me.hoTen;
    const res = await submit(an, body([f], form));
    expect(res.statusCode).toBe(422);
    const fields = res.json<{ errors: { field: string; message: string }[] }>().errors;
    expect(fields.map((x) => x.field)).toEqual(
      expect.arrayContaining(['/form/nguoiYeuCau/soGiayTo', '/form/me/hoTen']),
    );
    expect(fields.every((x) => /[ăâđêôơưáàảãạ]/i.test(x.message))).toBe(true);
    // Refused: the file was released and can be used again.
    expect((await submit(an, body([f]))).statusCode).toBe(201);
  });

  it('looks a dossier up by code and phone without signing in; a wrong phone is the same 404 as an unknown code', async () => {
    const f = (await upload(an, 'z.pdf', await tinyPdf(), 'application/pdf')).json<{ fileId: string }>().fileId;
    const { code } = (await submit(an, body([f]))).json<{ code: string }>();
    const get = (c: string, phone: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/v1/public/dossiers/${encodeURIComponent(c)}?phone=${encodeURIComponent(phone)}`,
      });
    const ok = await get(code, '+84 912 000 111');
    expect(ok.statusCode).toBe(200);
    const view = ok.json<{
      code: string;
      status: string;
      receivedAt: string | null;
      procedure: { code: string };
      history: unknown[];
    }>();
    expect(view).toMatchObject({ code, status: 'submitted', receivedAt: null, procedure: { code: procedureCode } });
    expect(view.history).toHaveLength(1);
    expect(JSON.stringify(view)).not.toContain('Nguyễn Thị Hoa');
    const wrong = await get(code, '0912999999');
    const unknown = await get('000.00.00.H00-260101-9999', '0912000111');
    expect(wrong.statusCode).toBe(404);
    expect(unknown.statusCode).toBe(404);
    expect(wrong.json<{ detail: string }>().detail).toBe(unknown.json<{ detail: string }>().detail);

    // Accepted by the officer: the lookup shows it received with a due date.
    const detail = await dossierDetail(t.app, officer, code);
    expect((await actOn(t.app, officer, code, 'receive', { version: detail.version })).statusCode).toBe(200);
    const after = (await get(code, '0912000111')).json<{
      status: string;
      receivedAt: string | null;
      dueAt: string | null;
    }>();
    expect(after.status).toBe('received');
    expect(after.receivedAt).not.toBeNull();
    expect(after.dueAt).not.toBeNull();
  });

  it('purges unused uploads after 7 days and abandoned drafts after 30 (files and rows); used files stay', async () => {
    const unused = (await upload(an, 'cu.pdf', await tinyPdf('cu'), 'application/pdf')).json<{ fileId: string }>()
      .fileId;
    const used = (await upload(an, 'dung.pdf', await tinyPdf('dung'), 'application/pdf')).json<{ fileId: string }>()
      .fileId;
    expect((await submit(an, body([used]))).statusCode).toBe(201);
    const keyOf = (id: string) =>
      t.app.database.db.selectFrom('eservice_uploads').select('storage_key').where('id', '=', id).executeTakeFirst();
    const unusedKey = (await keyOf(unused))!.storage_key;
    const usedKey = (await keyOf(used))!.storage_key;
    expect(await t.app.files.storage.exists(unusedKey)).toBe(true);
    // An abandoned draft with a file of its own.
    const started = await t.app.inject({
      method: 'POST',
      url: `/nop-ho-so/${procedureCode}`,
      headers: { cookie: an.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(an.csrf)}`,
    });
    const draftUrl = String(started.headers.location).replace(/\/co-quan$/, '');
    const draftId = draftUrl.split('/').pop()!;
    const part = multipartBody([
      { name: 'file', filename: 'nhap.pdf', contentType: 'application/pdf', data: await tinyPdf() },
    ]);
    const put = await t.app.inject({
      method: 'POST',
      url: `${draftUrl}/giay-to?thanh-phan=0&_csrf=${encodeURIComponent(an.csrf)}`,
      headers: { cookie: an.cookie, 'content-type': part.contentType },
      payload: part.payload,
    });
    expect(put.statusCode).toBe(303);
    const draftFile = await t.app.database.db
      .selectFrom('eservice_uploads')
      .select('storage_key')
      .where('draft_id', '=', draftId)
      .executeTakeFirstOrThrow();

    // 31 days later: past both the uploads' 7 days and the drafts' 30 days.
    t.setNow(new Date(Date.now() + 31 * 24 * 3600 * 1000));
    const again = await signInCitizen(t.app, '0912000111');
    const start = await t.app.inject({
      method: 'POST',
      url: `/nop-ho-so/${procedureCode}`,
      headers: { cookie: again.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(again.csrf)}`,
    });
    expect(start.statusCode).toBe(303);
    expect(await keyOf(unused)).toBeUndefined();
    expect(await t.app.files.storage.exists(unusedKey)).toBe(false);
    expect(await t.app.files.storage.exists(draftFile.storage_key)).toBe(false);
    const draftRow = await t.app.database.db
      .selectFrom('eservice_drafts')
      .select('id')
      .where('id', '=', draftId)
      .executeTakeFirst();
    expect(draftRow).toBeUndefined();
    expect(await keyOf(used)).toBeDefined();
    expect(await t.app.files.storage.exists(usedKey)).toBe(true);
  });
});
