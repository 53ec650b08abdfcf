import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';
import { type FormPart, multipartBody, TINY_PNG } from '../../test/factories/multipart.js';

/** What a browser without JavaScript sends for the upload form: cookies only, token in the action URL. */
describe('/tai-khoan: "Ảnh giấy tờ tùy thân" works without JavaScript', () => {
  let t: TestApp;
  let an: CitizenSession;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL: 'http://127.0.0.1:3000' } });
    an = await signInCitizen(t.app, 'an.cccd@example.vn');
  });
  afterAll(async () => t.close());

  const page = async (url = '/tai-khoan') => {
    const res = await t.app.inject({ method: 'GET', url, headers: { cookie: an.cookie } });
    expect(res.statusCode).toBe(200);
    return res.body;
  };
  /** Submits the form as the page renders it: its action URL, its enctype, the browser's cookies. */
  const submit = async (parts: FormPart[]) => {
    const html = await page();
    const form = /<form method="post" action="([^"]+)" enctype="multipart\/form-data"/.exec(html);
    expect(form).not.toBeNull();
    const action = form![1]!.replaceAll('&amp;', '&');
    const body = multipartBody(parts);
    return t.app.inject({
      method: 'POST',
      url: action,
      headers: { cookie: an.cookie, 'content-type': body.contentType, origin: 'http://127.0.0.1:3000' },
      payload: body.payload,
    });
  };
  const png = (filename = 'cccd.png', data = TINY_PNG): FormPart => ({
    name: 'file',
    filename,
    contentType: 'image/png',
    data,
  });

  it('explains the protection and offers a multipart form with the token in its action', async () => {
    const html = await page();
    expect(html).toContain('<h2 id="anh-giay-to">Ảnh giấy tờ tùy thân</h2>');
    expect(html).toContain('91/2025/QH15');
    expect(html).toContain('356/2025/NĐ-CP');
    expect(html).toContain('mã hóa');
    expect(html).toContain('mỗi lần ảnh được mở đều được ghi lại');
    expect(html).toContain(`action="/tai-khoan/anh-giay-to?_csrf=${encodeURIComponent(an.csrf)}"`);
    expect(html).toMatch(
      /<input type="radio" id="anh-mat" name="side" value="front" \/>\s*<label for="anh-mat">Mặt trước<\/label>/,
    );
    expect(html).toMatch(
      /<input type="radio" id="anh-mat-sau" name="side" value="back" \/>\s*<label for="anh-mat-sau">Mặt sau<\/label>/,
    );
    expect(html).toMatch(
      /<input\s+type="file"\s+id="anh-tep"\s+name="file"\s+accept="image\/jpeg,image\/png,application\/pdf/,
    );
    expect(html).toContain('Bạn chưa lưu ảnh giấy tờ nào.');
    expect(html).not.toContain('<script');
  });

  it('uploads, redirects back, lists the image with a download link and a delete button', async () => {
    const res = await submit([{ name: 'side', value: 'front' }, png()]);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/tai-khoan?da=tai-anh#anh-giay-to');
    const html = await page('/tai-khoan?da=tai-anh');
    expect(html).toContain('Đã lưu ảnh giấy tờ tùy thân.');
    const id = /href="\/api\/v1\/citizen\/me\/id-card\/([0-9a-f-]{36})" download/.exec(html)?.[1];
    expect(id).toBeDefined();
    expect(html).toContain('<td>Mặt trước</td>');
    expect(html).toContain(`action="/tai-khoan/anh-giay-to/${id}/xoa"`);

    const dl = await t.app.inject({
      method: 'GET',
      url: `/api/v1/citizen/me/id-card/${id}`,
      headers: { cookie: an.cookie },
    });
    expect(dl.statusCode).toBe(200);
    expect(dl.rawPayload.equals(TINY_PNG)).toBe(true);

    const noToken = await t.app.inject({
      method: 'POST',
      url: `/tai-khoan/anh-giay-to/${id}/xoa`,
      headers: { cookie: an.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(noToken.statusCode).toBe(403);
    const del = await t.app.inject({
      method: 'POST',
      url: `/tai-khoan/anh-giay-to/${id}/xoa`,
      headers: { cookie: an.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: an.csrf }).toString(),
    });
    expect(del.statusCode).toBe(303);
    expect(del.headers.location).toBe('/tai-khoan?da=xoa-anh#anh-giay-to');
    const after = await page('/tai-khoan?da=xoa-anh');
    expect(after).toContain('Đã xóa ảnh giấy tờ tùy thân.');
    expect(after).not.toContain(`/api/v1/citizen/me/id-card/${id}`);
  });

  it('shows refusals in the error summary, in Vietnamese, linked to the field', async () => {
    const lying = await submit([
      { name: 'side', value: 'back' },
      { name: 'file', filename: 'anh.jpg', contentType: 'image/jpeg', data: Buffer.from('chỉ là chữ, không phải ảnh') },
    ]);
    expect(lying.statusCode).toBe(303);
    expect(lying.headers.location).toBe('/tai-khoan?loi-anh=dinh-dang#anh-giay-to');
    const html = await page('/tai-khoan?loi-anh=dinh-dang');
    expect(html).toMatch(/<div class="error-summary"[^>]*>[\s\S]*<a href="#anh-tep">Tệp không phải ảnh JPEG, PNG/);
    expect(html).toContain('<p class="error-message" id="anh-tep-error">');
    expect(html).toMatch(/id="anh-tep"[^>]*aria-invalid="true"/);

    // No side chosen and no file chosen (a browser sends an empty file part).
    const empty = await submit([
      { name: 'file', filename: '', contentType: 'application/octet-stream', data: Buffer.alloc(0) },
    ]);
    expect(empty.headers.location).toBe('/tai-khoan?loi-anh=chon-mat,chon-tep#anh-giay-to');
    const both = await page('/tai-khoan?loi-anh=chon-mat,chon-tep');
    expect(both).toContain('<a href="#anh-mat">Chọn mặt trước hoặc mặt sau của giấy tờ.</a>');
    expect(both).toContain('<a href="#anh-tep">Chọn tệp ảnh (JPEG, PNG) hoặc tệp PDF của giấy tờ.</a>');

    const big = Buffer.concat([TINY_PNG.subarray(0, 8), Buffer.alloc(5 * 1024 * 1024 + 10)]);
    const tooBig = await submit([{ name: 'side', value: 'front' }, png('lon.png', big)]);
    expect(tooBig.headers.location).toBe('/tai-khoan?loi-anh=qua-lon#anh-giay-to');
    expect(await page('/tai-khoan?loi-anh=qua-lon')).toContain('Tệp quá lớn. Mỗi tệp tối đa 5 MB');

    const docs = await t.app.inject({
      method: 'GET',
      url: '/api/v1/citizen/me/id-card',
      headers: { cookie: an.cookie },
    });
    expect(docs.json()).toEqual({ items: [] });
  });

  it('refuses a form posted without the token, and sends people who are not signed in to sign in', async () => {
    const body = multipartBody([{ name: 'side', value: 'front' }, png()]);
    const forged = await t.app.inject({
      method: 'POST',
      url: '/tai-khoan/anh-giay-to',
      headers: { cookie: an.cookie, 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(forged.statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/tai-khoan/anh-giay-to',
      headers: { 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/dang-nhap');
  });
});
