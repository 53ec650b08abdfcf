import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { squash, stylesheetHref } from './portal.test-helpers.js';

const PORTAL_NAME = 'Cổng dịch vụ công — UBND tỉnh Quảng Trị';

describe('public portal pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { PORTAL_NAME, PUBLIC_URL: 'https://dichvucong.example.vn' } });
  });
  afterAll(async () => t.close());

  it('serves a Vietnamese home page with a skip link, landmarks and the portal owner’s name', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = squash(res.body);
    expect(page).toMatch(/^<!doctype html><html lang="vi"/);
    expect(page).toContain('<a class="skip-link" href="#noi-dung">Bỏ qua đến nội dung chính</a>');
    expect(page).toContain('<main id="noi-dung"');
    expect(page).toContain('<header');
    expect(page).toContain('<nav class="site-nav" aria-label="Điều hướng chính">');
    expect(page).toContain('<footer');
    expect(page).toContain(`<title>${PORTAL_NAME}</title>`);
    expect(page).toContain(`<h1>${PORTAL_NAME}</h1>`);
    expect(page).toContain('<link rel="canonical" href="https://dichvucong.example.vn/">');
    expect(page).toMatch(/<meta name="description" content="[^"]{30,}">/);
  });

  it('links to what exists: citizen sign-in, units, holidays, back office, API docs', async () => {
    const page = squash((await t.app.inject({ method: 'GET', url: '/' })).body);
    for (const href of ['/dang-nhap', '/don-vi-hanh-chinh', '/lich-nghi?nam=', '/app/', '/api/docs']) {
      expect(page).toContain(`href="${href}`);
    }
    expect(page).not.toMatch(/sắp ra mắt|đang xây dựng|lorem/i);
  });

  it('has no inline script or style and is served under the strict CSP', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/' });
    expect(squash(res.body)).not.toMatch(/<script/i);
    expect(squash(res.body)).not.toMatch(/<style/i);
    expect(squash(res.body)).not.toMatch(/\sstyle=/i);
    expect(squash(res.body)).not.toMatch(/\son[a-z]+=/i);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('serves the stylesheet with a versioned URL and a one-year immutable cache', async () => {
    const page = squash((await t.app.inject({ method: 'GET', url: '/' })).body);
    const href = stylesheetHref(page);
    expect(href).toMatch(/^\/assets\/portal\.css\?v=[0-9a-f]{12}$/);
    const css = await t.app.inject({ method: 'GET', url: href });
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toContain('text/css');
    expect(css.headers['cache-control']).toContain('max-age=31536000');
    expect(css.headers['cache-control']).toContain('immutable');
  });

  it('escapes the configured portal name', async () => {
    const other = await createTestApp({ env: { PORTAL_NAME: 'UBND <script>x</script> & "Sở"' } });
    try {
      const page = squash((await other.app.inject({ method: 'GET', url: '/' })).body);
      expect(page).toContain('UBND &lt;script&gt;x&lt;/script&gt; &amp; &quot;Sở&quot;');
      expect(page).not.toContain('<script>x');
    } finally {
      await other.close();
    }
  });
});

describe('font-size control without JavaScript', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('offers A− A A+ as plain links that come back to the current page', async () => {
    const page = squash((await t.app.inject({ method: 'GET', url: '/lich-nghi?nam=2026' })).body);
    expect(page).toContain('<html lang="vi" class="co-chu-vua">');
    const back = encodeURIComponent('/lich-nghi?nam=2026');
    for (const size of ['nho', 'vua', 'lon']) {
      expect(page).toContain(`href="/co-chu?size=${size}&amp;back=${back}"`);
    }
    expect(page).toMatch(/aria-current="true">A<span class="visually-hidden"> \(chữ vừa\)/);
  });

  it('sets a cookie, redirects back, and the next page is rendered larger', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/co-chu?size=lon&back=%2Fdon-vi-hanh-chinh%3Fx%3D1' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/don-vi-hanh-chinh?x=1');
    const cookie = res.cookies.find((c) => c.name === 'saola_co_chu');
    expect(cookie).toMatchObject({ value: 'lon', path: '/', httpOnly: true, sameSite: 'Lax' });
    expect(cookie?.maxAge).toBeGreaterThan(30 * 24 * 3600);

    const page = squash((await t.app.inject({ method: 'GET', url: '/', cookies: { saola_co_chu: 'lon' } })).body);
    expect(page).toContain('<html lang="vi" class="co-chu-lon">');
    expect(page).toMatch(/aria-current="true">A\+<span class="visually-hidden"> \(chữ lớn\)/);
  });

  it('ignores an unknown size and an unknown cookie value', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/co-chu?size=khong-lo&back=/' });
    expect(res.statusCode).toBe(303);
    expect(res.cookies.find((c) => c.name === 'saola_co_chu')).toBeUndefined();
    const page = squash((await t.app.inject({ method: 'GET', url: '/', cookies: { saola_co_chu: '"><x' } })).body);
    expect(page).toContain('<html lang="vi" class="co-chu-vua">');
  });

  it.each(['https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)'])(
    'never redirects off-site (back=%s)',
    async (back) => {
      const res = await t.app.inject({ method: 'GET', url: `/co-chu?size=nho&back=${encodeURIComponent(back)}` });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/');
    },
  );
});

describe('not found: HTML for people, problem JSON for the API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('answers an unknown page with the portal’s 404 page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/khong-co-trang-nay?<b>' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(squash(res.body)).toContain('<html lang="vi"');
    expect(squash(res.body)).toContain('<h1>Không tìm thấy trang</h1>');
    expect(squash(res.body)).toContain('<meta name="robots" content="noindex">');
    expect(squash(res.body)).toContain('Bỏ qua đến nội dung chính');
    expect(squash(res.body)).not.toContain('<b>');
  });

  it.each(['/api/v1/khong-co', '/api/khong-co', '/api'])('answers %s with a problem document', async (url) => {
    const res = await t.app.inject({ method: 'GET', url });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 404, code: 'route_not_found' });
  });

  it('answers a province code that does not exist with the HTML 404 page', async () => {
    for (const url of ['/don-vi-hanh-chinh/99', '/don-vi-hanh-chinh/abc']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(404);
      expect(squash(res.body)).toContain('<h1>Không tìm thấy trang</h1>');
    }
  });
});

describe('holiday calendar page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-02T09:00:00+07:00') });
  });
  afterAll(async () => t.close());

  it('lists the announced days off and make-up Saturdays of 2026, with the source', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/lich-nghi?nam=2026' });
    expect(res.statusCode).toBe(200);
    const page = squash(res.body);
    expect(page).toContain('<h1>Lịch nghỉ lễ năm 2026</h1>');
    expect(page).toContain('9441/TB-BNV');
    expect(page).toContain(
      '<tr><td><time datetime="2026-02-17">Thứ Ba, 17/02/2026</time></td><td>Tết Âm lịch (mùng 1 tháng Giêng)</td><td>Nghỉ lễ, Tết</td></tr>',
    );
    expect(page).toMatch(
      /<time datetime="2026-04-27">Thứ Hai, 27\/04\/2026<\/time><\/td><td>Nghỉ bù [^<]+<\/td><td>Nghỉ bù<\/td>/,
    );
    expect(page).toMatch(/<time datetime="2026-01-02">[^<]+<\/time><\/td><td>[^<]+<\/td><td>Nghỉ hoán đổi<\/td>/);
    expect(page).toContain('<h2>Ngày làm việc bù</h2>');
    expect(page).toContain('<time datetime="2026-01-10">Thứ Bảy, 10/01/2026</time>');
    expect(page).toContain('<link rel="canonical" href="http://127.0.0.1:3000/lich-nghi?nam=2026">');
    expect(page).toContain('href="/lich-nghi?nam=2025"');
    expect(page).toContain('href="/lich-nghi?nam=2027"');
  });

  it('shows the current year (Asia/Ho_Chi_Minh) without a year in the address', async () => {
    t.setNow(new Date('2026-12-31T17:30:00Z')); // already 1 January 2027 in Việt Nam
    const page = squash((await t.app.inject({ method: 'GET', url: '/lich-nghi' })).body);
    expect(page).toContain('<h1>Lịch nghỉ lễ năm 2027</h1>');
    t.setNow(new Date('2026-03-02T09:00:00+07:00'));
  });

  it('says when a far year is only computed from the law', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/lich-nghi?nam=2031' });
    expect(res.statusCode).toBe(200);
    expect(squash(res.body)).toContain('Chưa có thông báo lịch nghỉ chính thức năm 2031');
    expect(squash(res.body)).toContain('href="/lich-nghi?nam=2030"');
    expect(squash(res.body)).not.toContain('href="/lich-nghi?nam=2032"');
  });

  it('answers a year the calendar does not cover with the HTML 404 page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/lich-nghi?nam=1800' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(squash(res.body)).toContain('Không tìm thấy trang');
  });
});
