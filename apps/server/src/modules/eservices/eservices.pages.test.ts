import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { type CitizenSession, lastCodeFor, nextIp, signInCitizen } from '../../test/factories/citizens.js';
import { type FormPart, multipartBody, TINY_PNG, tinyPdf } from '../../test/factories/multipart.js';
import {
  actOn,
  createCommune,
  createProvince,
  dossierDetail,
  type Headers,
  session,
  uploadResult,
} from '../dossiers/dossiers.factories.js';
import { createProcedure, onlineBirthRegistration } from '../procedures/procedures.factories.js';

/** The portal's online filing as a browser without JavaScript does it: forms, cookies, redirects. */
describe('portal: find a procedure, file it online page by page, follow and look it up', () => {
  let t: TestApp;
  let an: CitizenSession;
  let binh: CitizenSession;
  let code: string;
  let directCode: string;
  let agencyId: string;
  let officer: Headers;
  let specialist: Headers;
  let leader: Headers;
  let draftUrl: string;
  let dossierCode: string;

  beforeAll(async () => {
    t = await createTestApp();
    const { province, admin } = await createProvince(t.app);
    const adminHeaders = await session(t.app, admin);
    const commune = await createCommune(t.app, province.id, 'UBND xã Đông Thử');
    const other = await createCommune(t.app, province.id, 'UBND xã Tây Thử');
    agencyId = commune.agency.id;
    officer = await session(t.app, commune.officer);
    specialist = await session(t.app, commune.specialist);
    leader = await session(t.app, commune.leader);
    const p = await createProcedure(
      t.app,
      adminHeaders,
      onlineBirthRegistration('Đăng ký khai sinh', [commune.agency.id, other.agency.id], 'Hộ tịch'),
      { publish: true },
    );
    code = p.code;
    directCode = (
      await createProcedure(
        t.app,
        adminHeaders,
        { name: 'Chứng thực chữ ký', onlineMode: 'truc_tiep', agencyIds: [commune.agency.id] },
        { publish: true },
      )
    ).code;
    an = await signInCitizen(t.app, '0913000111');
    binh = await signInCitizen(t.app, '0913000222');
  });
  afterAll(async () => t.close());

  const get = (url: string, who: CitizenSession | null = an) =>
    t.app.inject({ method: 'GET', url, headers: who ? { cookie: who.cookie } : {} });
  const post = (url: string, fields: Record<string, string>, who: CitizenSession | null = an) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { ...(who ? { cookie: who.cookie } : {}), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, ...(who ? { _csrf: who.csrf } : {}) }).toString(),
    });
  const postFiles = (url: string, parts: FormPart[], who: CitizenSession = an) => {
    const body = multipartBody(parts);
    const sep = url.includes('?') ? '&' : '?';
    return t.app.inject({
      method: 'POST',
      url: `${url}${sep}_csrf=${encodeURIComponent(who.csrf)}`,
      headers: { cookie: who.cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
  };

  it('finds "dang ky khai sinh" without diacritics, filters, and shows the procedure page with the online button', async () => {
    const res = await get('/thu-tuc?q=dang+ky+khai+sinh', null);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain(`href="/thu-tuc/${code}"`);
    expect(res.body).not.toContain('<script');
    const province = await get('/thu-tuc?q=dang+ky+khai+sinh&cap=tinh', null);
    expect(province.body).not.toContain(`href="/thu-tuc/${code}"`);
    const byField = await get(`/thu-tuc?linh-vuc=${encodeURIComponent('Hộ tịch')}`, null);
    expect(byField.body).toContain(`href="/thu-tuc/${code}"`);
    const page = await get(`/thu-tuc/${code}`, null);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Giấy chứng sinh');
    expect(page.body).toContain('UBND xã Đông Thử');
    expect(page.body).toContain(`href="/nop-ho-so/${code}"`);
    // A procedure filed only at the counter has no online button, and its filing address leads back to its page.
    const direct = await get(`/thu-tuc/${directCode}`, null);
    expect(direct.body).not.toContain(`href="/nop-ho-so/${directCode}"`);
    expect(direct.body).toContain('Bộ phận Một cửa');
    expect((await get(`/nop-ho-so/${directCode}`)).headers.location).toBe(`/thu-tuc/${directCode}`);
    expect((await post(`/nop-ho-so/${directCode}`, {})).statusCode).toBe(422);
  });

  it('sends an anonymous visitor to sign in and remembers where to come back', async () => {
    const res = await get(`/nop-ho-so/${code}`, null);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/dang-nhap');
    expect(res.cookies.find((c) => c.name === 'saola_sau_dang_nhap')?.value).toBe(`/nop-ho-so/${code}`);
  });

  it('starts a draft, asks for the agency, then the applicant pre-filled from the profile', async () => {
    expect((await get(`/nop-ho-so/${code}`)).body).toContain('Bắt đầu');
    const start = await post(`/nop-ho-so/${code}`, {});
    expect(start.statusCode).toBe(303);
    expect(start.headers.location).toMatch(/^\/ho-so-nhap\/[0-9a-f-]{36}\/co-quan$/);
    draftUrl = String(start.headers.location).replace(/\/co-quan$/, '');

    const none = await post(`${draftUrl}/co-quan`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Có lỗi cần sửa');
    expect(none.body).toContain('href="#co-quan"');
    const chosen = await post(`${draftUrl}/co-quan`, { co_quan: agencyId });
    expect(chosen.headers.location).toBe(`${draftUrl}/nguoi-nop`);

    const applicant = await get(`${draftUrl}/nguoi-nop`);
    expect(applicant.body).toContain('value="0913000111"');
    const bad = await post(`${draftUrl}/nguoi-nop`, { ho_ten: 'Nguyễn Thị Hoa', dien_thoai: '12' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#nn-dien-thoai"');
    expect(bad.body).toContain('value="Nguyễn Thị Hoa"');
    const ok = await post(`${draftUrl}/nguoi-nop`, { ho_ten: 'Nguyễn Thị Hoa', dien_thoai: '0913 000 111' });
    expect(ok.headers.location).toBe(`${draftUrl}/to-khai/nguoiYeuCau`);
  });

  it('keeps what was typed and lists every failing field of a page in Vietnamese; another citizen cannot open the draft', async () => {
    const bad = await post(`${draftUrl}/to-khai/nguoiYeuCau`, {
      'f.nguoiYeuCau.hoTen': 'Nguyễn Thị Hoa',
      'f.nguoiYeuCau.soGiayTo': '123',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('href="#f-nguoiYeuCau-soGiayTo"');
    expect(bad.body).toContain('href="#f-nguoiYeuCau-quanHe"');
    expect(bad.body).toContain('value="123"');
    expect(bad.body).toContain('value="Nguyễn Thị Hoa"');
    // Saved server-side: a reload still shows it.
    expect((await get(`${draftUrl}/to-khai/nguoiYeuCau`)).body).toContain('value="123"');
    expect((await get(`${draftUrl}/to-khai/nguoiYeuCau`, binh)).statusCode).toBe(404);
    expect((await post(`${draftUrl}/co-quan`, { co_quan: agencyId }, binh)).statusCode).toBe(404);

    const ok = await post(`${draftUrl}/to-khai/nguoiYeuCau`, {
      'f.nguoiYeuCau.hoTen': 'Nguyễn Thị Hoa',
      'f.nguoiYeuCau.soGiayTo': '001190012345',
      'f.nguoiYeuCau.quanHe': 'me',
    });
    expect(ok.headers.location).toBe(`${draftUrl}/to-khai/nguoiDuocKhaiSinh`);
    const child = await post(`${draftUrl}/to-khai/nguoiDuocKhaiSinh`, {
      'f.nguoiDuocKhaiSinh.hoTen': 'Trần Minh An',
      'f.nguoiDuocKhaiSinh.gioiTinh': 'nam',
      'f.nguoiDuocKhaiSinh.ngaySinh': '2026-10-02',
      'f.nguoiDuocKhaiSinh.noiSinh': 'Bệnh viện Phụ sản',
    });
    expect(child.headers.location).toBe(`${draftUrl}/to-khai/me`);
    const mother = await post(`${draftUrl}/to-khai/me`, {
      'f.me.hoTen': 'Nguyễn Thị Hoa',
      'f.me.namSinh': '1995',
      'f.me.danToc': 'Kinh',
      'f.me.quocTich': 'Việt Nam',
      'f.me.noiCuTru': 'Xã Đông Thử',
    });
    expect(mother.headers.location).toBe(`${draftUrl}/to-khai/cha`);
    // The father's section is optional: left blank, it is skipped.
    const father = await post(`${draftUrl}/to-khai/cha`, {});
    expect(father.headers.location).toBe(`${draftUrl}/giay-to`);
  });

  it('uploads several files for one component, refusing a file whose extension lies', async () => {
    const lying = await postFiles(`${draftUrl}/giay-to?thanh-phan=0`, [
      { name: 'file', filename: 'giay-chung-sinh.pdf', contentType: 'application/pdf', data: TINY_PNG },
    ]);
    expect(lying.statusCode).toBe(400);
    expect(lying.body).toContain('href="#tp-0"');
    expect(lying.body).toContain('phần mở rộng không khớp');
    const two = await postFiles(`${draftUrl}/giay-to?thanh-phan=0`, [
      { name: 'file', filename: 'trang-1.pdf', contentType: 'application/pdf', data: await tinyPdf('1') },
      { name: 'file', filename: 'trang-2.png', contentType: 'image/png', data: TINY_PNG },
    ]);
    expect(two.statusCode).toBe(303);
    const page = await get(`${draftUrl}/giay-to`);
    expect(page.body).toContain('trang-1.pdf');
    expect(page.body).toContain('trang-2.png');
    expect(page.body).not.toContain('giay-chung-sinh.pdf');
  });

  it('checks the answers with change links, submits once even when sent twice, and shows the receipt', async () => {
    const check = await get(`${draftUrl}/kiem-tra`);
    expect(check.statusCode).toBe(200);
    expect(check.body).toContain('Trần Minh An');
    expect(check.body).toContain(`href="${draftUrl}/to-khai/nguoiDuocKhaiSinh#f-nguoiDuocKhaiSinh-hoTen"`);
    expect(check.body).toContain('Thay đổi');
    expect(check.body).toContain('trang-1.pdf, trang-2.png');
    const [first, second] = await Promise.all([post(`${draftUrl}/kiem-tra`, {}), post(`${draftUrl}/kiem-tra`, {})]);
    expect(first.statusCode).toBe(303);
    expect(second.statusCode).toBe(303);
    const receipt = await get(`${draftUrl}/da-nop`);
    expect(receipt.statusCode).toBe(200);
    dossierCode = /class="dossier-code">([^<]+)</.exec(receipt.body)?.[1] ?? '';
    expect(dossierCode).toMatch(/-\d{6}-\d{4}$/);
    expect((await post(`${draftUrl}/kiem-tra`, {})).headers.location).toBe(`${draftUrl}/da-nop`);
    const mine = await t.app.dossiers.citizen.listMine(an.citizenId);
    expect(mine.map((d) => d.code)).toEqual([dossierCode]);
    // A submitted draft cannot be edited any more.
    expect((await get(`${draftUrl}/co-quan`)).headers.location).toBe(`${draftUrl}/da-nop`);
  });

  it('lists my dossiers with the next step; another citizen gets 404 for my dossier', async () => {
    const list = await get('/ho-so-cua-toi');
    expect(list.body).toContain(`href="/ho-so-cua-toi/${dossierCode}"`);
    expect(list.body).toContain('Chờ tiếp nhận');
    expect((await get('/ho-so-cua-toi', binh)).body).not.toContain(dossierCode);
    const theirs = await get(`/ho-so-cua-toi/${dossierCode}`, binh);
    expect(theirs.statusCode).toBe(404);
    expect(theirs.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(theirs.body).toContain('Không tìm thấy hồ sơ của bạn với mã này.');
    const page = await get(`/ho-so-cua-toi/${dossierCode}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Nộp trực tuyến');
  });

  it('looks the dossier up by code and phone without signing in; a wrong phone reads like an unknown code', async () => {
    const ok = await post('/tra-cuu-ho-so', { ma: dossierCode, dien_thoai: '0913000111' }, null);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain(`Hồ sơ ${dossierCode}`);
    expect(ok.body).not.toContain('Nguyễn Thị Hoa');
    const wrong = await post('/tra-cuu-ho-so', { ma: dossierCode, dien_thoai: '0913999999' }, null);
    const unknown = await post('/tra-cuu-ho-so', { ma: 'KHONG-CO', dien_thoai: '0913000111' }, null);
    expect(wrong.statusCode).toBe(400);
    expect(unknown.statusCode).toBe(400);
    const message = (html: string) => /<div class="error-summary"[\s\S]*?<\/div>/.exec(html)?.[0];
    expect(message(wrong.body)).toBe(message(unknown.body));
  });

  it('supplements when the officer asks, through the applicant action', async () => {
    const d = await dossierDetail(t.app, officer, dossierCode);
    const ask = await actOn(t.app, officer, dossierCode, 'request_supplement', {
      version: d.version,
      reason: 'Giấy chứng sinh bị mờ, chụp lại rõ hơn',
    });
    expect(ask.statusCode).toBe(200);
    const page = await get(`/ho-so-cua-toi/${dossierCode}`);
    expect(page.body).toContain('Giấy chứng sinh bị mờ');
    expect(page.body).toContain(`/ho-so-cua-toi/${dossierCode}/bo-sung?_csrf=`);
    // Another citizen cannot supplement it.
    const theirs = await postFiles(
      `/ho-so-cua-toi/${dossierCode}/bo-sung`,
      [{ name: 'file', filename: 'x.pdf', contentType: 'application/pdf', data: await tinyPdf('x') }],
      binh,
    );
    expect(theirs.statusCode).toBe(404);
    const res = await postFiles(`/ho-so-cua-toi/${dossierCode}/bo-sung`, [
      { name: 'file', filename: 'chung-sinh-ro.pdf', contentType: 'application/pdf', data: await tinyPdf('ro') },
      { name: 'ghi_chu', value: 'Đã chụp lại' },
    ]);
    expect(res.statusCode).toBe(303);
    const after = await dossierDetail(t.app, officer, dossierCode);
    expect(after.status).toBe('submitted');
    expect(after.events.map((e) => e.action)).toContain('supplement');
    const files = await t.app.inject({ method: 'GET', url: `/api/v1/dossiers/${dossierCode}/files`, headers: officer });
    expect(files.json<{ items: { name: string }[] }>().items.map((f) => f.name)).toContain('chung-sinh-ro.pdf');
  });

  it('downloads the electronic result when ready (only the applicant) and rates the service once', async () => {
    const step = async (who: Headers, action: string, extra: object = {}) => {
      const d = await dossierDetail(t.app, who, dossierCode);
      const res = await actOn(t.app, who, dossierCode, action, { version: d.version, ...extra });
      expect(res.statusCode, res.body).toBe(200);
    };
    await step(officer, 'receive');
    expect((await get(`/ho-so-cua-toi/${dossierCode}`)).body).toContain('Đang giải quyết');
    await step(officer, 'forward');
    await step(specialist, 'forward');
    await step(leader, 'approve');
    const resultId = await uploadResult(t.app, officer, dossierCode);
    // Not downloadable before the result is attached (the dossier is still being processed).
    expect((await get(`/ho-so-cua-toi/${dossierCode}/ket-qua/${resultId}`)).statusCode).toBe(404);
    await step(officer, 'attach_result', { resultFileIds: [resultId] });

    const page = await get(`/ho-so-cua-toi/${dossierCode}`);
    expect(page.body).toContain(`href="/ho-so-cua-toi/${dossierCode}/ket-qua/${resultId}"`);
    expect(page.body).toContain(`${dossierCode}-KQ1`);
    const dl = await get(`/ho-so-cua-toi/${dossierCode}/ket-qua/${resultId}`);
    expect(dl.statusCode).toBe(200);
    expect(dl.headers['content-type']).toBe('application/pdf');
    expect(dl.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get(`/ho-so-cua-toi/${dossierCode}/ket-qua/${resultId}`, binh)).statusCode).toBe(404);

    expect(page.body).toContain('action="/ho-so-cua-toi/' + dossierCode + '/danh-gia"');
    const none = await post(`/ho-so-cua-toi/${dossierCode}/danh-gia`, {});
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('href="#dg-diem"');
    expect((await post(`/ho-so-cua-toi/${dossierCode}/danh-gia`, { diem: '5' }, binh)).statusCode).toBe(404);
    const rated = await post(`/ho-so-cua-toi/${dossierCode}/danh-gia`, { diem: '4', y_kien: 'Nhanh, gọn' });
    expect(rated.statusCode).toBe(303);
    expect(rated.headers.location).toBe(`/ho-so-cua-toi/${dossierCode}?da=danh-gia`);
    const again = await post(`/ho-so-cua-toi/${dossierCode}/danh-gia`, { diem: '1' });
    expect(again.statusCode).toBe(400);
    const after = await get(`/ho-so-cua-toi/${dossierCode}`);
    expect(after.body).not.toContain('/danh-gia"');
  });

  it('a submission refused by the e-form lists every failing field on the check page, linking to its page', async () => {
    const start = await post(`/nop-ho-so/${code}`, {});
    const url = String(start.headers.location).replace(/\/co-quan$/, '');
    await post(`${url}/co-quan`, { co_quan: agencyId });
    await post(`${url}/nguoi-nop`, { ho_ten: 'Nguyễn Thị Hoa', dien_thoai: '0913000111' });
    const res = await post(`${url}/kiem-tra`, {});
    expect(res.statusCode).toBe(422);
    expect(res.body).toContain('Có lỗi cần sửa');
    expect(res.body).toContain(`href="${url}/to-khai/nguoiYeuCau#f-nguoiYeuCau-soGiayTo"`);
    expect(res.body).toContain(`href="${url}/to-khai/me#f-me-hoTen"`);
    expect(res.body).toContain(`href="${url}/giay-to#tp-0"`);
    // Nothing was filed and the draft is still open.
    expect((await t.app.dossiers.citizen.listMine(an.citizenId)).length).toBe(1);
    expect((await get(`${url}/co-quan`)).statusCode).toBe(200);
  });

  it('after signing in with a code, comes back to the page that asked, never to another site', async () => {
    const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
    const signInWith = async (back: string, phone: string) => {
      const step1 = await t.app.inject({
        method: 'POST',
        url: '/dang-nhap',
        headers: FORM,
        payload: new URLSearchParams({ identifier: phone, dong_y: 'co', action: 'otp' }).toString(),
        remoteAddress: nextIp(),
      });
      expect(step1.statusCode).toBe(303);
      const otp = step1.cookies.find((c) => c.name === 'saola_otp')?.value ?? '';
      const digits = phone.replace(/\D/g, '').slice(1);
      return t.app.inject({
        method: 'POST',
        url: '/dang-nhap/ma-xac-nhan',
        headers: { ...FORM, cookie: `saola_otp=${otp}; saola_sau_dang_nhap=${encodeURIComponent(back)}` },
        payload: new URLSearchParams({ ma: lastCodeFor(t.app, `+84${digits}`) }).toString(),
        remoteAddress: nextIp(),
      });
    };
    const back = await signInWith(`/nop-ho-so/${code}`, '0913000333');
    expect(back.statusCode).toBe(303);
    expect(back.headers.location).toBe(`/nop-ho-so/${code}`);
    const evil = await signInWith('//evil.example/x', '0913000444');
    expect(evil.headers.location).toBe('/tai-khoan');
  });

  it('limits lookups without signing in per address', async () => {
    const ip = nextIp();
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/tra-cuu-ho-so',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ ma: `KHONG-CO-${i}`, dien_thoai: '0913000111' }).toString(),
        remoteAddress: ip,
      });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });
});
