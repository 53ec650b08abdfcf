import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { lastCodeFor, nextIp, sentMessages } from '../../test/factories/citizens.js';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

/** Cookies a browser would keep from a response (name=value), merged into what it had. */
function keep(jar: Map<string, string>, res: { cookies: { name: string; value: string }[] }) {
  for (const c of res.cookies) {
    if (c.value === '') jar.delete(c.name);
    else jar.set(c.name, c.value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

describe('portal pages /dang-nhap, /tai-khoan, /dang-xuat (JavaScript off)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PUBLIC_URL: 'http://127.0.0.1:3000' } });
    sentMessages(t.app);
  });
  afterAll(async () => t.close());

  it('shows step 1 with an unticked consent box and no OIDC button when none is configured', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/dang-nhap' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    const checkbox = /<input[^>]*type="checkbox"[^>]*name="dong_y"[^>]*>/.exec(res.body)?.[0];
    expect(checkbox).toBeDefined();
    expect(checkbox).not.toContain('checked');
    expect(res.body).toContain('<label for="identifier">');
    expect(res.body).toContain('href="/du-lieu-ca-nhan"');
    expect(res.body).not.toContain('Đăng nhập bằng VNeID');
  });

  it('explains errors at the top, next to the field, and keeps (escaped) what was typed', async () => {
    const noConsent = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap',
      headers: FORM,
      payload: form({ identifier: '0912 111 222', action: 'otp' }),
      remoteAddress: nextIp(),
    });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain('class="error-summary"');
    expect(noConsent.body).toContain('<a href="#dong-y">Bạn cần đồng ý');
    expect(noConsent.body).toContain('value="0912 111 222"');
    expect(sentMessages(t.app).some((m) => m.to === '+84912111222')).toBe(false);

    const bad = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap',
      headers: FORM,
      payload: form({ identifier: '<script>x</script>', dong_y: 'co', action: 'otp' }),
      remoteAddress: nextIp(),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<a href="#identifier">');
    expect(bad.body).toContain('aria-invalid="true"');
    expect(bad.body).toContain('value="&lt;script&gt;x&lt;/script&gt;"');
    expect(bad.body).not.toContain('<script>x');
    // The consent box stays as the person left it.
    expect(/<input[^>]*name="dong_y"[^>]*>/.exec(bad.body)?.[0]).toContain('checked');
  });

  it('refuses a sign-in form posted from another site', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap',
      headers: { ...FORM, origin: 'https://evil.example' },
      payload: form({ identifier: '0912111333', dong_y: 'co' }),
      remoteAddress: nextIp(),
    });
    expect(res.statusCode).toBe(403);
  });

  it('walks the whole flow: code, account page, correction request, consent, sign-out', async () => {
    const jar = new Map<string, string>();
    const step1 = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap',
      headers: FORM,
      payload: form({ identifier: '0912 444 555', dong_y: 'co', action: 'otp' }),
      remoteAddress: nextIp(),
    });
    expect(step1.statusCode).toBe(303);
    expect(step1.headers.location).toBe('/dang-nhap/ma-xac-nhan');
    let cookie = keep(jar, step1);

    const step2 = await t.app.inject({ method: 'GET', url: '/dang-nhap/ma-xac-nhan', headers: { cookie } });
    expect(step2.statusCode).toBe(200);
    expect(step2.body).toContain('0912***555');
    expect(step2.body).toContain('autocomplete="one-time-code"');

    const wrong = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap/ma-xac-nhan',
      headers: { ...FORM, cookie },
      payload: form({ ma: '12345x' }),
      remoteAddress: nextIp(),
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('<a href="#ma">Mã xác nhận không đúng hoặc đã hết hạn.</a>');
    expect(wrong.body).toContain('value="12345x"');

    const code = lastCodeFor(t.app, '+84912444555');
    const signedIn = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap/ma-xac-nhan',
      headers: { ...FORM, cookie },
      payload: form({ ma: code }),
      remoteAddress: nextIp(),
    });
    expect(signedIn.statusCode).toBe(303);
    expect(signedIn.headers.location).toBe('/tai-khoan');
    cookie = keep(jar, signedIn);
    expect(jar.has('saola_otp')).toBe(false);
    const csrf = jar.get('saola_csrf') ?? '';
    expect(csrf).not.toBe('');

    const account = await t.app.inject({ method: 'GET', url: '/tai-khoan', headers: { cookie } });
    expect(account.statusCode).toBe(200);
    expect(account.body).toContain('0912 444 555 (đã xác nhận)');
    expect(account.body).toContain('href="/api/v1/citizen/me/export"');
    expect(account.body).toContain(`name="_csrf" value="${csrf}"`);
    expect((await t.app.inject({ method: 'GET', url: '/dang-nhap', headers: { cookie } })).headers.location).toBe(
      '/tai-khoan',
    );

    // Without the CSRF field the change is refused.
    const forged = await t.app.inject({
      method: 'POST',
      url: '/tai-khoan/yeu-cau-chinh-sua',
      headers: { ...FORM, cookie },
      payload: form({ field: 'fullName', requestedValue: 'X', reason: 'Y' }),
    });
    expect(forged.statusCode).toBe(403);

    const missing = await t.app.inject({
      method: 'POST',
      url: '/tai-khoan/yeu-cau-chinh-sua',
      headers: { ...FORM, cookie },
      payload: form({ _csrf: csrf, field: 'dateOfBirth', requestedValue: '1990-02-30', reason: '' }),
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('<a href="#reason">');
    expect(missing.body).toContain('value="1990-02-30"');
    const invalidDate = await t.app.inject({
      method: 'POST',
      url: '/tai-khoan/yeu-cau-chinh-sua',
      headers: { ...FORM, cookie },
      payload: form({ _csrf: csrf, field: 'dateOfBirth', requestedValue: '1990-02-30', reason: 'Sai ngày' }),
    });
    expect(invalidDate.statusCode).toBe(400);
    expect(invalidDate.body).toContain('<a href="#requestedValue">Ngày sinh theo dạng');

    const sent = await t.app.inject({
      method: 'POST',
      url: '/tai-khoan/yeu-cau-chinh-sua',
      headers: { ...FORM, cookie },
      payload: form({ _csrf: csrf, field: 'dateOfBirth', requestedValue: '1990-02-28', reason: 'Sai ngày sinh' }),
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/tai-khoan?da=gui-yeu-cau#chinh-sua');
    const after = await t.app.inject({ method: 'GET', url: '/tai-khoan?da=gui-yeu-cau', headers: { cookie } });
    expect(after.body).toContain('Đã gửi yêu cầu chỉnh sửa');
    expect(after.body).toContain('1990-02-28');
    expect(after.body).toContain('Đang chờ xử lý');

    const grant = await t.app.inject({
      method: 'POST',
      url: '/tai-khoan/dong-y',
      headers: { ...FORM, cookie },
      payload: form({ _csrf: csrf, purpose: 'notifications.sms', granted: '1' }),
    });
    expect(grant.statusCode).toBe(303);
    const withConsent = await t.app.inject({ method: 'GET', url: '/tai-khoan', headers: { cookie } });
    expect(withConsent.body).toMatch(/Rút lại sự đồng ý<span class="visually-hidden"\s*>: Nhận tin nhắn SMS/);

    const out = await t.app.inject({
      method: 'POST',
      url: '/dang-xuat',
      headers: { ...FORM, cookie },
      payload: form({ _csrf: csrf }),
    });
    expect(out.statusCode).toBe(303);
    expect(out.headers.location).toBe('/dang-nhap?da=dang-xuat');
    const oldCookie = cookie;
    keep(jar, out);
    const gone = await t.app.inject({ method: 'GET', url: '/tai-khoan', headers: { cookie: oldCookie } });
    expect(gone.statusCode).toBe(303);
    expect(gone.headers.location).toBe('/dang-nhap');
  });

  it('sends step 2 without its cookie back to step 1 with an explanation', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/dang-nhap/ma-xac-nhan' });
    expect(res.statusCode).toBe(303);
    const page = await t.app.inject({ method: 'GET', url: String(res.headers.location) });
    expect(page.body).toContain('Phiên nhập mã đã hết hạn');
  });

  it('shows the personal data notice citing the law', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/du-lieu-ca-nhan' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('91/2025/QH15');
    expect(res.body).toContain('356/2025/NĐ-CP');
  });
});

describe('/dang-nhap with an OpenID Connect provider configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { OIDC_ISSUER: 'http://127.0.0.1:9/', OIDC_CLIENT_ID: 'x', OIDC_NAME: 'VNeID' } });
  });
  afterAll(async () => t.close());

  it('offers "Đăng nhập bằng VNeID", which also needs the consent box', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/dang-nhap' });
    expect(page.body).toContain('Đăng nhập bằng VNeID');
    const noConsent = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap',
      headers: FORM,
      payload: form({ identifier: '', action: 'oidc' }),
    });
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain('<a href="#dong-y">');
    const go = await t.app.inject({
      method: 'POST',
      url: '/dang-nhap',
      headers: FORM,
      payload: form({ identifier: '', dong_y: 'co', action: 'oidc' }),
    });
    expect(go.statusCode).toBe(303);
    expect(go.headers.location).toBe('/api/v1/citizen/oidc/start?consent=account');
  });

  it('answers 503 (not a crash) when the provider cannot be reached', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/citizen/oidc/start?consent=account' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'oidc_unavailable' });
  });
});
