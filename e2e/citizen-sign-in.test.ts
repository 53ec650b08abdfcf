/**
 * A citizen signs in with a one-time code on the portal, in a real browser with JavaScript OFF:
 * the consent box starts unticked and is required; the code arrives through the notification
 * service (read from the development outbox); the account page then shows the citizen's data.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertAccessible, otpCodeIn, type Product, startProduct, waitForOutbox } from './harness.js';

void describe('citizen sign-in with a one-time code', () => {
  let product: Product;
  before(async () => {
    product = await startProduct();
  });
  after(async () => {
    await product?.stop();
  });

  void it('asks for consent, sends a code by SMS and signs the citizen in, with JavaScript off', async () => {
    const page = await product.newPage({ javaScriptEnabled: false });
    await page.goto('/');
    await page.getByRole('main').getByRole('link', { name: 'Đăng nhập', exact: true }).click();
    assert.equal(new URL(page.url()).pathname, '/dang-nhap');

    const consent = page.getByRole('checkbox');
    assert.equal(await consent.isChecked(), false, 'the consent box must not be ticked by default');

    // Without consent: an error summary, and what the citizen typed is kept.
    await page.getByLabel('Số điện thoại di động hoặc địa chỉ thư điện tử').fill('0912 345 678');
    await page.getByRole('button', { name: 'Gửi mã xác nhận' }).click();
    await page.getByRole('alert').waitFor();
    assert.match((await page.getByRole('alert').textContent()) ?? '', /đồng ý/);
    assert.equal(await page.getByLabel('Số điện thoại di động hoặc địa chỉ thư điện tử').inputValue(), '0912 345 678');

    await page.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Gửi mã xác nhận' }).click();
    await page.waitForURL('**/dang-nhap/ma-xac-nhan');
    assert.equal(await page.locator('h1').textContent(), 'Nhập mã xác nhận');

    const sms = await waitForOutbox(product.dataDir, (m) => m.channel === 'sms' && m.to.endsWith('912345678'));
    const code = otpCodeIn(sms);

    // A wrong code first: refused in Vietnamese, the citizen stays on the code page.
    await page.getByLabel('Mã xác nhận').fill(code === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByRole('alert').waitFor();
    assert.equal(new URL(page.url()).pathname, '/dang-nhap/ma-xac-nhan');

    await page.getByLabel('Mã xác nhận').fill(code);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL('**/tai-khoan');
    assert.equal(await page.locator('h1').textContent(), 'Tài khoản của tôi');
    assert.match((await page.getByRole('main').textContent()) ?? '', /912\s?345\s?678/);
  });

  void it('has no serious accessibility violation on the sign-in page', async () => {
    await assertAccessible(product, '/dang-nhap');
  });
});
