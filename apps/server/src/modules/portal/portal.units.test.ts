import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { importUnits } from '../org/units.service.js';
import { squash, stylesheetHref } from './portal.test-helpers.js';

/** The units pages read the real code lists, imported once for this file. */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ now: new Date('2026-03-02T09:00:00+07:00') });
  await importUnits(t.app.database.db);
}, 180_000);
afterAll(async () => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('administrative units pages', () => {
  it('lists the 34 provinces in force, each linking to its communes, with the old-code form', async () => {
    const res = await get('/don-vi-hanh-chinh');
    expect(res.statusCode).toBe(200);
    expect(squash(res.body).match(/<tr><td>\d{2}<\/td>/g)).toHaveLength(34);
    expect(squash(res.body)).toContain('<a href="/don-vi-hanh-chinh/44">Tỉnh Quảng Trị</a>');
    expect(squash(res.body)).toContain('<form class="lookup" method="get" action="/don-vi-hanh-chinh/tra-cuu"');
    expect(squash(res.body)).toContain('<label for="ma">');
    expect(squash(res.body)).toContain('id="ma" name="ma"');
  });

  it('lists the communes in force of Quảng Trị, sorted by name', async () => {
    const res = await get('/don-vi-hanh-chinh/44');
    expect(res.statusCode).toBe(200);
    expect(squash(res.body)).toContain('<h1>Tỉnh Quảng Trị</h1>');
    expect(squash(res.body)).toContain('<tr><td>18880</td><td>Phường Đồng Hới</td><td>phường</td></tr>');
    expect(squash(res.body)).toContain('<tr><td>19363</td><td>Xã Vĩnh Linh</td><td>xã</td></tr>');
    const names = [...squash(res.body).matchAll(/<tr><td>\d{5}<\/td><td>([^<]+)<\/td>/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(50);
    expect(names).toEqual([...names].sort(new Intl.Collator('vi').compare));
    expect(squash(res.body)).toContain('<span aria-current="page">Tỉnh Quảng Trị</span>');
    // A one-digit code is the same province written without its leading zero.
    expect(squash((await get('/don-vi-hanh-chinh/1')).body)).toContain('<h1>Thành phố Hà Nội</h1>');
  });

  it('resolves an old commune code to the commune in force', async () => {
    const res = await get('/don-vi-hanh-chinh/tra-cuu?ma=18883');
    expect(res.statusCode).toBe(200);
    expect(squash(res.body)).toContain('<h1>Xã Quang Phú (mã cũ 18883)</h1>');
    expect(squash(res.body)).toContain('Thành Phố Đồng Hới');
    expect(squash(res.body)).toContain('<td>Phường Đồng Thuận</td><td>18859</td>');
    expect(squash(res.body)).toContain('<a href="/don-vi-hanh-chinh/44">Tỉnh Quảng Trị</a>');
  });

  it('lists every commune that received part of a split one', async () => {
    const res = await get('/don-vi-hanh-chinh/tra-cuu?ma=16'); // 00016 Phường Ngọc Hà, leading zeros left out
    expect(res.statusCode).toBe(200);
    expect(squash(res.body)).toContain('<td>Phường Ba Đình</td><td>00004</td>');
    expect(squash(res.body)).toMatch(/Địa bàn xã cũ được chia cho \d+ đơn vị/);
  });

  it('answers a code that never existed with 404 and a way to try again', async () => {
    const res = await get('/don-vi-hanh-chinh/tra-cuu?ma=99999');
    expect(res.statusCode).toBe(404);
    expect(squash(res.body)).toContain('<h1>Không có mã xã cũ 99999</h1>');
    expect(squash(res.body)).toContain('action="/don-vi-hanh-chinh/tra-cuu"');
  });

  it.each([
    ['', 'Nhập mã xã cũ cần tra cứu.'],
    ['1a<b>', 'Mã xã cũ chỉ gồm chữ số, ví dụ 18883.'],
    ['123456', 'Mã xã cũ có 5 chữ số.'],
  ])('explains a wrong code (%j) with an error summary and the field marked', async (input, message) => {
    const res = await get(`/don-vi-hanh-chinh/tra-cuu?ma=${encodeURIComponent(input)}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(squash(res.body)).toContain('<div class="error-summary" role="alert"');
    expect(squash(res.body)).toContain(`<a href="#ma">${message}</a>`);
    expect(squash(res.body)).toContain('aria-invalid="true"');
    expect(squash(res.body)).toContain('aria-describedby="ma-hint ma-error"');
    expect(squash(res.body)).toContain(`<title>Lỗi: Tra cứu mã xã cũ`);
    expect(squash(res.body)).not.toContain('<b>');
    if (input) expect(squash(res.body)).toContain(`value="${input.replace('<', '&lt;').replace('>', '&gt;')}"`);
  });
});

describe('page weight budget: ≤ 30 KB of HTML + CSS, gzip-compressed', () => {
  // In production, the reverse proxy (nginx: gzip on for text/html and text/css) compresses pages;
  // the budget is measured the same way here.
  it.each([
    ['/', 200],
    ['/don-vi-hanh-chinh', 200],
    ['/don-vi-hanh-chinh/79', 200], // Thành phố Hồ Chí Minh: the largest province (168 communes)
    ['/don-vi-hanh-chinh/44', 200],
    ['/don-vi-hanh-chinh/tra-cuu?ma=16', 200],
    ['/don-vi-hanh-chinh/tra-cuu?ma=abc', 400],
    ['/lich-nghi?nam=2026', 200],
    ['/khong-co', 404],
  ] as const)('%s', async (url, status) => {
    const res = await get(url);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.statusCode).toBe(status);
    const css = await get(stylesheetHref(res.body));
    expect(css.statusCode).toBe(200);
    const bytes = gzipSync(res.body).length + gzipSync(css.body).length;
    expect(bytes).toBeGreaterThan(1000);
    expect(bytes).toBeLessThanOrEqual(30 * 1024);
  });
});
