/**
 * The counter queue (issue 4 §2, "Done when": the queue works from kiosk to officer to display board,
 * in two browser pages at once). Page 1 is the kiosk where a citizen takes a number; page 2 is the
 * display board on a TV; the one-stop officer of Phường Đồng Hới calls the next number in the back
 * office, and the board shows it without a reload (server-sent events). axe-core on kiosk, ticket and board.
 *
 * Run: `npm run build && npx tsx --test --test-concurrency=1 e2e/queue.test.ts`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { assertAccessible, type Product, startProduct } from './harness.js';
import { chooseOption } from './antd.js';

const DEMO_PASSWORD = 'Saola@2026';
const MOTCUA = 'motcua.donghoi';
/** UBND phường Đồng Hới (src/seed/org.seed.ts); its 4 demo counters come from src/seed/queue.seed.ts. */
const AGENCY = '000.00.61.H50';

let product: Product;
before(async () => {
  product = await startProduct();
});
after(async () => product?.stop());

async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/app/');
  await page.getByRole('heading', { name: 'Đăng nhập', level: 1 }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await page.getByRole('heading', { name: 'Bảng điều khiển', level: 1 }).waitFor();
}

void describe('counter queue: kiosk → officer → display board', () => {
  void it('a citizen takes a number, the officer calls it, the open board shows it live', async () => {
    // Page 1: the kiosk. Take a number for "Hộ tịch" (letter A).
    const kiosk = await product.newPage();
    await kiosk.goto(`/xep-hang/${AGENCY}`);
    await kiosk.getByRole('heading', { name: 'Lấy số thứ tự', level: 1 }).waitFor();
    await kiosk.getByRole('button', { name: /Hộ tịch/ }).click();
    await kiosk.getByRole('heading', { name: 'Phiếu số thứ tự' }).waitFor();
    const number = ((await kiosk.locator('#so-thu-tu').textContent()) ?? '').replace('Số của bạn:', '').trim();
    assert.match(number, /^A\d{3}$/);
    assert.match((await kiosk.locator('.ticket__facts').textContent()) ?? '', /Hộ tịch/);
    const ticketUrl = kiosk.url();

    // Page 2: the display board, open before the call; mark the document to prove it is never reloaded.
    const board = await product.newPage();
    await board.goto(`/xep-hang/${AGENCY}/bang`);
    await board.getByRole('heading', { name: /Số đang mời/ }).waitFor();
    await board.evaluate(() => {
      (window as unknown as { __notReloaded: boolean }).__notReloaded = true;
    });
    const counterOne = board.locator('[data-counter="1"] [data-number]');
    assert.equal((await counterOne.textContent())?.trim(), '—');
    // The event stream is open (first event received) before the officer calls.
    await board.waitForFunction(() => document.body.getAttribute('data-version') !== null);

    // The officer, in the back office: choose Quầy 1 (Hộ tịch) and call the next number.
    const officer = await product.newPage();
    await signIn(officer, MOTCUA);
    await officer.goto('/app/xep-hang');
    await officer.getByRole('heading', { name: 'Xếp hàng tại quầy', level: 1 }).waitFor();
    await chooseOption(officer, officer.getByRole('combobox', { name: 'Quầy đang ngồi' }), 'Quầy 1 — Hộ tịch');
    await officer.getByRole('button', { name: 'Gọi số tiếp theo' }).click();
    await officer.getByTestId('queue-current').filter({ hasText: number }).waitFor();

    // The board shows the number at Quầy 1 and announces it, without a reload.
    await counterOne.filter({ hasText: number }).waitFor({ timeout: 15_000 });
    assert.match(
      (await board.locator('[data-announce]').textContent()) ?? '',
      new RegExp(`Mời số ${number} đến Quầy 1`),
    );
    assert.equal(await board.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded), true);
    assert.match((await board.locator('[data-recent]').textContent()) ?? '', new RegExp(number));

    // Recall: announced again on the board; then done. The ticket page tells the citizen.
    await officer.getByRole('button', { name: 'Gọi lại' }).click();
    await board.waitForFunction(
      (n) => (document.querySelector('[data-announce]')?.textContent ?? '').includes(n),
      number,
    );
    await officer.getByRole('button', { name: 'Bắt đầu phục vụ' }).click();
    await officer.getByText('Đang phục vụ', { exact: true }).waitFor();
    await officer.getByRole('button', { name: 'Hoàn thành' }).click();
    await officer.getByText('Quầy đang trống', { exact: false }).waitFor();
    await kiosk.goto(ticketUrl);
    await kiosk.getByText('Đã phục vụ xong').waitFor();
    await Promise.all([kiosk.context().close(), board.context().close(), officer.context().close()]);
  });

  void it('the kiosk works with JavaScript turned off', async () => {
    const page = await product.newPage({ javaScriptEnabled: false });
    await page.goto(`/xep-hang/${AGENCY}`);
    await page.getByRole('button', { name: /Chứng thực/ }).click();
    await page.getByRole('heading', { name: 'Phiếu số thứ tự' }).waitFor();
    assert.match((await page.locator('#so-thu-tu').textContent()) ?? '', /B\d{3}/);
    await page.context().close();
  });

  void it('kiosk, ticket and board have no serious accessibility violation', async () => {
    await assertAccessible(product, `/xep-hang/${AGENCY}`);
    await assertAccessible(product, `/xep-hang/${AGENCY}/bang`);
    const page = await product.newPage({ javaScriptEnabled: false });
    await page.goto(`/xep-hang/${AGENCY}`);
    await page.getByRole('button', { name: /Hộ tịch/ }).click();
    await page.getByRole('heading', { name: 'Phiếu số thứ tự' }).waitFor();
    const ticketPath = new URL(page.url()).pathname;
    await page.context().close();
    await assertAccessible(product, ticketPath);
  });
});
