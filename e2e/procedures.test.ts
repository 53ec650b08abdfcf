/**
 * The procedure catalogue screens (issue 3 §1) in a real browser: the province's administrator (TOTP sign-in)
 * creates a draft procedure, edits one of its dossier components, publishes it and sees version 1 in its
 * versions; a commune officer then finds it (diacritics-insensitive search) and sees it read-only.
 *
 * Run: `npm run build && npx tsx --test --test-concurrency=1 e2e/procedures.test.ts`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';
import type { Page } from 'playwright-core';
import { axeViolations, type Product, startProduct } from './harness.js';

const DEMO_PASSWORD = 'Saola@2026';
const ADMIN = 'quantri.tinh';
const OFFICER = 'motcua.donghoi';
const PROCEDURE = {
  code: '2.999917',
  name: 'Chứng thực thử nghiệm trình duyệt',
  field: 'Chứng thực',
  component: 'Giấy tờ gốc cần chứng thực',
  componentEdited: 'Bản chính giấy tờ cần chứng thực (đã sửa)',
};

function heading(page: Page, name: string) {
  return page.getByRole('heading', { name, exact: true, level: 1 });
}

/** Signs in with the password and, for a TOTP-protected account, enrols an authenticator and enters a code. */
async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/app/');
  await heading(page, 'Đăng nhập').waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  const dashboard = heading(page, 'Bảng điều khiển');
  const setup = heading(page, 'Thiết lập xác thực 2 lớp');
  await Promise.race([dashboard.waitFor(), setup.waitFor()]);
  if (await setup.isVisible()) {
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s/g, '');
    assert.match(secret, /^[A-Z2-7]{16,}=*$/);
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    await page.getByLabel('Mã xác thực').fill(totp.generate({ timestamp: Date.now() }));
    await page.getByRole('button', { name: 'Kích hoạt và đăng nhập' }).click();
  }
  await dashboard.waitFor();
}

/** Polls `condition` until it holds, failing with `what` after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await sleep(100);
  }
}

async function openCatalogue(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Menu chính' }).getByRole('link', { name: 'Thủ tục hành chính' }).click();
  await heading(page, 'Thủ tục hành chính').waitFor();
  assert.equal(new URL(page.url()).pathname, '/app/thu-tuc');
}

/** The visible (active) tab's content (hidden tab panels are not in the accessibility tree). */
function activeTab(page: Page) {
  return page.getByRole('tabpanel');
}

async function stateTags(page: Page): Promise<string> {
  return ((await page.getByTestId('procedure-state').textContent()) ?? '').replace(/\s+/g, ' ');
}

void describe('procedure catalogue (back office)', () => {
  let product: Product;
  before(async () => {
    product = await startProduct();
  });
  after(async () => product?.stop());

  void it('a provincial administrator creates, edits a component of, and publishes a procedure', async () => {
    const page = await product.newPage();
    await signIn(page, ADMIN);
    await openCatalogue(page);
    // the seeded catalogue is listed
    await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();

    await page.getByRole('button', { name: 'Thêm thủ tục' }).click();
    await heading(page, 'Thêm thủ tục hành chính').waitFor();
    await page.getByLabel('Mã TTHC quốc gia').fill(PROCEDURE.code);
    await page.getByLabel('Tên thủ tục').fill(PROCEDURE.name);
    await page.getByLabel('Lĩnh vực').fill(PROCEDURE.field);
    await page.getByLabel('Thời hạn giải quyết').fill('2');
    await page.getByLabel('Diễn giải thời hạn').fill('Trong 02 ngày làm việc kể từ khi nhận đủ hồ sơ');
    await page.getByRole('tab', { name: 'Thành phần hồ sơ' }).click();
    await activeTab(page).getByRole('button', { name: 'Thêm' }).click();
    await activeTab(page).getByLabel('Tên giấy tờ').fill(PROCEDURE.component);
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();

    await heading(page, PROCEDURE.name).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/app\/thu-tuc\/[0-9a-f-]{36}$/);
    assert.match(await stateTags(page), /Bản nháp/);
    assert.match(await stateTags(page), /lần sửa 1/);

    // edit the component
    await page.getByRole('tab', { name: 'Thành phần hồ sơ' }).click();
    const name = activeTab(page).getByLabel('Tên giấy tờ');
    assert.equal(await name.inputValue(), PROCEDURE.component);
    await name.fill(PROCEDURE.componentEdited);
    await activeTab(page).getByLabel('Số bản sao').fill('1');
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await until(async () => /lần sửa 2/.test(await stateTags(page)), 'the edit is saved as edit 2');

    // publish
    await page.getByRole('button', { name: 'Công bố', exact: true }).click();
    await page.getByRole('button', { name: 'Đồng ý' }).click();
    await until(async () => /Đã công bố/.test(await stateTags(page)), 'the procedure is published');
    assert.match(await stateTags(page), /Phiên bản 1/);
    await page.getByRole('tab', { name: 'Phiên bản' }).click();
    const versionRow = activeTab(page).locator('.ant-table-tbody tr.ant-table-row');
    await versionRow.first().waitFor();
    assert.equal(await versionRow.count(), 1);
    assert.equal((await versionRow.first().locator('td').first().textContent())?.trim(), '1');

    // someone else saves meanwhile: this page's save gets a clear 409 message and keeps the typed text
    const id = new URL(page.url()).pathname.split('/').pop() ?? '';
    const view = (await (await page.request.get(`/api/v1/procedures/${id}`)).json()) as Record<string, unknown>;
    const csrf = (await page.context().cookies()).find((c) => c.name === 'saola_csrf')?.value ?? '';
    const keys = ['code', 'name', 'field', 'level', 'onlineMode', 'processingTime', 'fees', 'components'] as const;
    const body: Record<string, unknown> = Object.fromEntries(keys.map((k) => [k, view[k]]));
    Object.assign(body, {
      legalBasis: view.legalBasis,
      results: ['Bản sao được chứng thực từ bản chính'],
      formSchema: view.formSchema,
      workflow: view.workflow,
      agencyIds: view.agencyIds,
      version: view.version,
    });
    const put = await page.request.put(`/api/v1/procedures/${id}`, { headers: { 'x-csrf-token': csrf }, data: body });
    assert.equal(put.status(), 200, await put.text());
    await page.getByRole('tab', { name: 'Thông tin chung' }).click();
    const nameField = page.getByLabel('Tên thủ tục');
    const typed = `${PROCEDURE.name} – sửa đồng thời`;
    await nameField.fill(typed);
    await page.getByRole('button', { name: 'Lưu', exact: true }).click();
    await page.getByText('Thủ tục vừa được người khác cập nhật').waitFor();
    assert.equal(await nameField.inputValue(), typed, 'the edit is kept on screen');
    await page.getByRole('button', { name: /Tải bản mới nhất/ }).click();
    await until(async () => (await nameField.inputValue()) === PROCEDURE.name, 'the latest version is loaded');
    await page.getByRole('tab', { name: 'Thông tin chung' }).click();
    // the other person's change is now on screen
    assert.equal(
      await page.getByRole('tabpanel').getByLabel('Kết quả', { exact: true }).first().inputValue(),
      'Bản sao được chứng thực từ bản chính',
    );

    // what was saved is what the server has (the public API shows the published component)
    const pub = (await (await page.request.get(`/api/v1/public/procedures/${PROCEDURE.code}`)).json()) as {
      components: { name: string; copies: number }[];
    };
    assert.deepEqual(
      pub.components.map((c) => [c.name, c.copies]),
      [[PROCEDURE.componentEdited, 1]],
    );
  });

  void it('a commune officer finds it without diacritics and sees it read-only', async () => {
    const page = await product.newPage({ bypassCSP: true }); // bypassCSP: only to inject axe-core
    await signIn(page, OFFICER);
    await openCatalogue(page);
    assert.equal(await page.getByRole('button', { name: 'Thêm thủ tục' }).count(), 0, 'no create button');
    assert.equal(await page.getByRole('button', { name: 'Nhập Excel' }).count(), 0, 'no import button');
    await page.getByText('Bạn chỉ có quyền xem danh mục thủ tục.', { exact: false }).waitFor();

    const search = page.getByLabel('Tìm kiếm');
    await search.fill('chung thuc thu nghiem trinh duyet');
    await search.press('Enter');
    const link = page.getByRole('link', { name: PROCEDURE.name });
    await link.waitFor();
    await until(async () => (await page.locator('.ant-table-tbody tr.ant-table-row').count()) === 1, 'one match');
    await link.click();
    await heading(page, PROCEDURE.name).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Lưu', exact: true }).count(), 0, 'no save button');
    assert.equal(await page.getByRole('button', { name: 'Công bố', exact: true }).count(), 0, 'no publish button');
    assert.equal(await page.getByLabel('Tên thủ tục').isDisabled(), true, 'fields are read-only');
    await page.getByRole('tab', { name: 'Thành phần hồ sơ' }).click();
    assert.equal(await activeTab(page).getByLabel('Tên giấy tờ').inputValue(), PROCEDURE.componentEdited);
    assert.deepEqual(await axeViolations(page), []);
  });
});
