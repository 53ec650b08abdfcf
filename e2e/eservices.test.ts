/**
 * Online public services (issue 4 §1 "Done when") in a real browser against the built product: a citizen finds
 * "dang ky khai sinh", signs in with a one-time code, files it online page by page with two files for one
 * component, checks the answers and gets the code; the one-stop officer (motcua.donghoi) accepts it; the citizen
 * sees it received; a person looks it up by code and phone without signing in. The same filing with JavaScript
 * turned off. axe-core on each portal page of the way.
 *
 * Run: `npm run build && npx tsx --test --test-concurrency=1 e2e/eservices.test.ts`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileOnline, h1, KHAI_SINH, noSeriousViolations, officerAccepts } from './citizen.js';
import { assertAccessible, type Product, startProduct } from './harness.js';

void describe('online filing on the citizen portal', () => {
  let product: Product;
  before(async () => {
    product = await startProduct();
  });
  after(async () => {
    await product?.stop();
  });

  void it('files "Đăng ký khai sinh" online, the officer accepts it, the citizen sees it, anyone looks it up', async () => {
    const page = await product.newPage({ bypassCSP: true });
    const code = await fileOnline(product, page, { phone: '0912 555 001', checkAxe: true });

    await officerAccepts(product, code);
    await page.goto('/ho-so-cua-toi');
    await noSeriousViolations(page);
    await page.getByRole('link', { name: code }).click();
    assert.equal(await h1(page).textContent(), `Hồ sơ ${code}`);
    assert.match((await page.getByRole('main').textContent()) ?? '', /Đang giải quyết/);
    await noSeriousViolations(page);

    // Without signing in: the lookup by code and phone; a wrong phone reads like an unknown code.
    const visitor = await product.newPage({ javaScriptEnabled: false });
    await visitor.goto('/tra-cuu-ho-so');
    await visitor.getByLabel('Mã hồ sơ').fill(code);
    await visitor.getByLabel('Số điện thoại người nộp').fill('0912555009');
    await visitor.getByRole('button', { name: 'Tra cứu' }).click();
    await visitor.getByRole('alert').waitFor();
    assert.match((await visitor.getByRole('alert').textContent()) ?? '', /Không tìm thấy hồ sơ/);
    await visitor.getByLabel('Số điện thoại người nộp').fill('0912555001');
    await visitor.getByRole('button', { name: 'Tra cứu' }).click();
    await visitor.getByRole('heading', { name: `Hồ sơ ${code}` }).waitFor();
    assert.match((await visitor.getByRole('main').textContent()) ?? '', /Đang giải quyết/);
  });

  void it('works the same with JavaScript turned off', async () => {
    const page = await product.newPage({ javaScriptEnabled: false });
    const code = await fileOnline(product, page, { phone: '0912 555 002', checkAxe: false });
    await page.goto('/ho-so-cua-toi');
    assert.ok(((await page.getByRole('main').textContent()) ?? '').includes(code));
  });

  void it('has no serious accessibility violation on the public pages', async () => {
    for (const url of ['/thu-tuc', `/thu-tuc/${KHAI_SINH.code}`, '/tra-cuu-ho-so'])
      await assertAccessible(product, url);
  });
});
