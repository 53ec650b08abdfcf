/**
 * The public portal in a real browser: with JavaScript OFF it renders, its links and forms work,
 * the A− A A+ control works by clicking; axe-core finds no serious WCAG 2.1 A/AA violation.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertAccessible, axeViolations, type Product, startProduct } from './harness.js';

void describe('public portal', () => {
  let product: Product;
  before(async () => {
    product = await startProduct();
  });
  after(async () => {
    await product?.stop();
  });

  void it('renders the home page with JavaScript off, styled, with a working skip link', async () => {
    const page = await product.newPage({ javaScriptEnabled: false });
    const response = await page.goto('/');
    assert.equal(response?.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'vi');
    assert.match(await page.title(), /Cổng thông tin điện tử Saola/);
    assert.equal(await page.locator('h1').count(), 1);
    // The stylesheet loaded under the strict CSP: the header is painted.
    const headerBackground = await page
      .locator('header.site-header')
      .evaluate((el) => getComputedStyle(el).backgroundColor);
    assert.notEqual(headerBackground, 'rgba(0, 0, 0, 0)');

    await page.keyboard.press('Tab');
    const skip = page.locator('a.skip-link');
    assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
    assert.equal(await skip.textContent(), 'Bỏ qua đến nội dung chính');
    assert.equal(await skip.isVisible(), true);
    await page.keyboard.press('Enter');
    assert.match(page.url(), /#noi-dung$/);
  });

  void it('follows the home page links and the old-code lookup form with JavaScript off', async () => {
    const page = await product.newPage({ javaScriptEnabled: false });
    await page.goto('/');
    for (const [name, path] of [
      ['Phần mềm nghiệp vụ', '/app/'],
      ['Tài liệu API', '/api/docs'],
      ['Đăng nhập', '/dang-nhap'],
    ] as const) {
      const href = await page.getByRole('main').getByRole('link', { name, exact: true }).getAttribute('href');
      assert.equal(href, path);
      const res = await page.request.get(path);
      assert.ok(res.status() < 400, `${path} → ${res.status()}`);
    }

    await page.getByRole('main').getByRole('link', { name: 'Đơn vị hành chính' }).click();
    assert.equal(new URL(page.url()).pathname, '/don-vi-hanh-chinh');
    assert.equal(await page.locator('h1').textContent(), 'Đơn vị hành chính');
    assert.equal(await page.locator('tbody tr').count(), 34);

    await page.getByRole('link', { name: 'Tỉnh Quảng Trị' }).click();
    assert.equal(new URL(page.url()).pathname, '/don-vi-hanh-chinh/44');
    assert.equal(await page.locator('h1').textContent(), 'Tỉnh Quảng Trị');
    assert.ok((await page.getByRole('cell', { name: 'Phường Đồng Hới', exact: true }).count()) === 1);

    await page.goto('/don-vi-hanh-chinh');
    await page.getByLabel('Mã xã, phường, thị trấn cũ').fill('18883');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    assert.equal(new URL(page.url()).pathname, '/don-vi-hanh-chinh/tra-cuu');
    assert.match((await page.locator('h1').textContent()) ?? '', /Xã Quang Phú/);
    assert.equal(await page.getByRole('cell', { name: 'Phường Đồng Thuận' }).count(), 1);

    // A typo gets the error summary and the field marked invalid, still without JavaScript.
    await page.getByLabel('Mã xã, phường, thị trấn cũ').fill('abc');
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    assert.equal(await page.getByRole('alert').getByRole('heading').textContent(), 'Có lỗi cần sửa');
    assert.equal(await page.getByLabel('Mã xã, phường, thị trấn cũ').getAttribute('aria-invalid'), 'true');
  });

  void it('changes the text size by clicking A+ and A− with JavaScript off, staying on the same page', async () => {
    const page = await product.newPage({ javaScriptEnabled: false });
    await page.goto('/lich-nghi');
    const rootSize = () => page.locator('html').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    const normal = await rootSize();

    await page.getByRole('link', { name: 'A+ (chữ lớn)' }).click();
    assert.equal(new URL(page.url()).pathname, '/lich-nghi');
    assert.equal(await page.getAttribute('html', 'class'), 'co-chu-lon');
    assert.ok((await rootSize()) > normal);
    assert.equal(await page.getByRole('link', { name: 'A+ (chữ lớn)' }).getAttribute('aria-current'), 'true');

    // The choice is remembered on other pages.
    await page.goto('/');
    assert.equal(await page.getAttribute('html', 'class'), 'co-chu-lon');

    await page.getByRole('link', { name: 'A− (chữ nhỏ)' }).click();
    assert.equal(new URL(page.url()).pathname, '/');
    assert.ok((await rootSize()) < normal);
  });

  void it('shows the portal 404 page for an unknown address', async () => {
    const page = await product.newPage({ javaScriptEnabled: false });
    const response = await page.goto('/trang-khong-co');
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator('h1').textContent(), 'Không tìm thấy trang');
  });

  void it('has no serious or critical accessibility violation on the home, units, statistics and open-data pages', async () => {
    await assertAccessible(product, '/');
    await assertAccessible(product, '/don-vi-hanh-chinh');
    await assertAccessible(product, '/don-vi-hanh-chinh/44');
    await assertAccessible(product, '/lich-nghi');
    await assertAccessible(product, '/thong-ke');
    // The statistics page in its error state (the end of the period before its start).
    await assertAccessible(product, '/thong-ke?ky=khoang&tu-ngay=10/03/2026&den-ngay=01/03/2026', 400);
    await assertAccessible(product, '/du-lieu-mo');
  });

  void it('serves the public statistics as a table, and the same selection as CSV open data', async () => {
    const page = await product.newPage({ javaScriptEnabled: false });
    await page.goto('/');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Thống kê' }).click();
    await page.getByRole('table').first().waitFor();
    const csvHref = await page.getByRole('link', { name: /CSV/ }).first().getAttribute('href');
    assert.ok(csvHref, 'a CSV link for the selection');
    const csv = await page.request.get(csvHref);
    assert.equal(csv.status(), 200);
    assert.match(csv.headers()['content-type'] ?? '', /text\/csv/);
    assert.match(await csv.text(), /Tổng cộng/);
  });

  void it('the accessibility check itself reports a serious violation (so a pass means something)', async () => {
    const page = await product.newPage({ bypassCSP: true });
    await page.goto('/');
    await page.setContent(
      '<!doctype html><html lang="vi"><head><title>x</title></head><body><main><input type="text"><img src="data:,"></main></body></html>',
    );
    const ids = (await axeViolations(page)).map((v) => v.id).sort();
    assert.deepEqual(ids, ['image-alt', 'label']);
  });
});
