/**
 * The back office (/app) in a real browser with JavaScript on: staff sign-in with the TOTP second
 * factor (set-up on the first sign-in, then the code step), an administrator creating a user and
 * giving a role, that user's forced password change and role-dependent menu, the audit row, a
 * commune administrator seeing only the commune's users, and axe-core on two screens.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';
import type { Cookie, Page } from 'playwright-core';
import { chooseOption, chooseTreeNode, selectedText } from './antd.js';
import { axeViolations, type Product, startProduct } from './harness.js';

const DEMO_PASSWORD = 'Saola@2026';
const ADMIN = { username: 'quantri.tinh', fullName: 'Lê Quang Huy' };
const COMMUNE_ADMIN = { username: 'quantri.vinhlinh', fullName: 'Võ Thị Mai' };
const WRONG_CODE_MESSAGE = 'Mã xác thực không đúng hoặc đã được dùng.';
const PERIOD_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// TOTP: the test plays the authenticator app. The server accepts a code of the current 30-second
// step or one step either side, and only a step later than the last one accepted (totp.ts,
// login.service.ts), so every sign-in uses the next unused step, waiting only when that step is
// more than one step ahead of the clock.

interface Authenticator {
  secret: string;
  lastStep: number;
}
const authenticators = new Map<string, Authenticator>();

const stepNow = () => Math.floor(Date.now() / PERIOD_MS);

function codeAt(secret: string, step: number): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
  return totp.generate({ timestamp: step * PERIOD_MS });
}

/** A code the server will take now (a step after the last used one), recorded as used. */
async function freshCode(username: string): Promise<string> {
  const auth = authenticators.get(username);
  assert.ok(auth, `no authenticator enrolled for ${username}`);
  const step = Math.max(auth.lastStep + 1, stepNow());
  while (step > stepNow() + 1) await sleep(PERIOD_MS - (Date.now() % PERIOD_MS) + 100);
  auth.lastStep = step;
  return codeAt(auth.secret, step);
}

/** Six digits that are no valid code for the steps the server could accept during this test. */
function wrongCode(secret: string): string {
  const valid = new Set([-1, 0, 1, 2].map((d) => codeAt(secret, stepNow() + d)));
  return ['000000', '111111', '222222'].find((c) => !valid.has(c)) ?? '333333';
}

// ---------------------------------------------------------------------------------------------
// Sign-in steps.

/** Runs `action` and returns the response to the API request it causes (`query`: part of its URL's query). */
async function responseTo(page: Page, method: string, pathname: string, action: () => Promise<void>, query = '') {
  const [response] = await Promise.all([
    page.waitForResponse((r) => {
      const url = new URL(r.url());
      return r.request().method() === method && url.pathname === pathname && url.search.includes(query);
    }),
    action(),
  ]);
  return response;
}

type AfterPassword = 'setup' | 'totp' | 'forced-change' | 'signed-in' | 'error';

function heading(page: Page, name: string) {
  return page.getByRole('heading', { name, exact: true, level: 1 });
}

/** Opens the back office (→ sign-in page), submits username and password, returns the next step. */
async function submitPassword(page: Page, username: string, password: string): Promise<AfterPassword> {
  await page.goto('/app/');
  await heading(page, 'Đăng nhập').waitFor();
  assert.equal(new URL(page.url()).pathname, '/app/dang-nhap');
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await responseTo(page, 'POST', '/api/v1/auth/login', () =>
    page.getByRole('button', { name: 'Đăng nhập', exact: true }).click(),
  );
  const steps: [AfterPassword, ReturnType<typeof heading>][] = [
    ['setup', heading(page, 'Thiết lập xác thực 2 lớp')],
    ['totp', heading(page, 'Xác thực 2 lớp')],
    ['forced-change', heading(page, 'Đổi mật khẩu trước khi tiếp tục')],
    ['signed-in', heading(page, 'Bảng điều khiển')],
  ];
  const alert = page.getByRole('alert');
  await Promise.race([...steps.map(([, h]) => h.waitFor()), alert.first().waitFor()]);
  for (const [kind, h] of steps) if (await h.isVisible()) return kind;
  return 'error';
}

/** On the set-up step: reads the secret key shown on the page, enrols it and signs in. */
async function completeTotpSetup(page: Page, username: string): Promise<void> {
  const secretText = page.getByTestId('totp-secret');
  await secretText.waitFor();
  const secret = ((await secretText.textContent()) ?? '').replace(/\s/g, '');
  assert.match(secret, /^[A-Z2-7]{16,}=*$/, 'the set-up step shows a base32 secret key');
  assert.equal(await page.getByRole('img', { name: /Mã QR/ }).isVisible(), true, 'the QR code is shown');
  authenticators.set(username, { secret, lastStep: stepNow() - 1 });
  await page.getByLabel('Mã xác thực').fill(await freshCode(username));
  await page.getByRole('button', { name: 'Kích hoạt và đăng nhập' }).click();
}

/** Polls `condition` (no fixed sleep) until it holds, failing with `what` after `timeoutMs`. */
async function until(condition: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await sleep(50);
  }
}

/** Submits a TOTP code; returns the HTTP status. A refused code is cleared by the form before we go on. */
async function enterTotpCode(page: Page, code: string): Promise<number> {
  const field = page.getByLabel('Mã xác thực');
  await field.fill(code);
  // Not exact: after a first try, antd may leave its (invisible) "loading" icon in the button's name.
  const answer = await responseTo(page, 'POST', '/api/v1/auth/login/totp', () =>
    page.getByRole('button', { name: 'Xác nhận' }).click(),
  );
  const status = answer.status();
  if (status !== 200) {
    await until(async () => (await field.inputValue()) === '', 'the refused code is cleared');
  }
  return status;
}

function mainMenu(page: Page) {
  return page.getByRole('navigation', { name: 'Menu chính' });
}

async function menuEntries(page: Page): Promise<string[]> {
  await mainMenu(page).getByRole('menuitem').first().waitFor();
  return (await mainMenu(page).getByRole('menuitem').allInnerTexts()).map((s) => s.trim());
}

async function waitForDashboard(page: Page): Promise<void> {
  await heading(page, 'Bảng điều khiển').waitFor();
  assert.match(new URL(page.url()).pathname, /^\/app\/?$/);
}

/**
 * The header's account button. Its accessible name also carries the antd icons' labels ("user …
 * down"), so match the part the SPA writes: "Tài khoản: {Họ tên} {Cơ quan}".
 */
function accountButton(page: Page) {
  return page.getByRole('button', { name: /Tài khoản: / });
}

async function accountName(page: Page): Promise<string> {
  return ((await accountButton(page).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function signOut(page: Page): Promise<void> {
  await accountButton(page).click();
  await page.getByRole('menuitem', { name: 'Đăng xuất' }).click();
  await heading(page, 'Đăng nhập').waitFor();
  assert.equal(new URL(page.url()).pathname, '/app/dang-nhap');
}

// Sessions of the administrators, kept so that later tests need not spend another TOTP step.
const sessions = new Map<string, Cookie[]>();

/** A page signed in as a TOTP-protected demo account: reuses its session, or signs in (enrolling if needed). */
async function signedIn(product: Product, username: string, options: { bypassCSP?: boolean } = {}): Promise<Page> {
  const page = await product.newPage(options);
  const cookies = sessions.get(username);
  if (cookies) {
    await page.context().addCookies(cookies);
    await page.goto('/app/');
    const dashboard = heading(page, 'Bảng điều khiển');
    await Promise.race([dashboard.waitFor(), heading(page, 'Đăng nhập').waitFor()]);
    if (await dashboard.isVisible()) return page;
  }
  const step = await submitPassword(page, username, DEMO_PASSWORD);
  if (step === 'setup') await completeTotpSetup(page, username);
  else if (step === 'totp') assert.equal(await enterTotpCode(page, await freshCode(username)), 200);
  else assert.fail(`unexpected step after the password of ${username}: ${step}`);
  await waitForDashboard(page);
  sessions.set(username, await page.context().cookies());
  return page;
}

async function openUsersPage(page: Page): Promise<void> {
  await mainMenu(page).getByRole('link', { name: 'Người dùng' }).click();
  await heading(page, 'Người dùng').waitFor();
  assert.equal(new URL(page.url()).pathname, '/app/nguoi-dung');
  await page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor();
}

/** Usernames and agencies in the users table, after its last load. */
async function userRows(page: Page): Promise<{ username: string; agency: string }[]> {
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  const out: { username: string; agency: string }[] = [];
  for (const row of await rows.all()) {
    const cells = (await row.locator('td').allInnerTexts()).map((s) => s.trim());
    out.push({ username: cells[1] ?? '', agency: cells[2] ?? '' });
  }
  return out;
}

function formatViolations(violations: Awaited<ReturnType<typeof axeViolations>>): string {
  return violations
    .map((v) => `[${v.impact}] ${v.id}: ${v.help}\n    ${v.targets.slice(0, 5).join('\n    ')}`)
    .join('\n');
}

void describe('back office: staff accounts', () => {
  let product: Product;
  before(async () => {
    product = await startProduct();
  });
  after(async () => {
    await product?.stop();
  });

  void it('signs the administrator in with TOTP: set-up first, then the code step; a wrong or replayed code is refused', async () => {
    const page = await product.newPage();

    // A wrong password first: a Vietnamese error, still on the password step.
    assert.equal(await submitPassword(page, ADMIN.username, 'Sai-mat-khau-1'), 'error');
    assert.equal((await page.getByRole('alert').innerText()).trim(), 'Tên đăng nhập hoặc mật khẩu không đúng.');

    // First sign-in of a role that requires TOTP: the set-up step, not the dashboard.
    assert.equal(await submitPassword(page, ADMIN.username, DEMO_PASSWORD), 'setup');
    await completeTotpSetup(page, ADMIN.username);
    await waitForDashboard(page);
    assert.match(await accountName(page), new RegExp(`^Tài khoản: ?${ADMIN.fullName}`), 'who is signed in');
    const entries = await menuEntries(page);
    for (const entry of ['Bảng điều khiển', 'Cơ cấu tổ chức', 'Người dùng', 'Nhật ký hệ thống', 'Lịch làm việc']) {
      assert.ok(entries.includes(entry), `the administrator's menu has "${entry}" (got ${entries.join(', ')})`);
    }

    await signOut(page);
    // The session is gone: the back office sends us to the sign-in page again.
    await page.goto('/app/nguoi-dung');
    await heading(page, 'Đăng nhập').waitFor();

    // Second sign-in: TOTP is enrolled, so the code step (not the set-up) appears.
    assert.equal(await submitPassword(page, ADMIN.username, DEMO_PASSWORD), 'totp');
    const auth = authenticators.get(ADMIN.username)!;

    // The code used at set-up cannot be used again, and a wrong code is refused, in Vietnamese.
    assert.equal(await enterTotpCode(page, codeAt(auth.secret, auth.lastStep)), 401, 'a used code is refused');
    assert.equal((await page.getByRole('alert').innerText()).trim(), WRONG_CODE_MESSAGE);
    assert.equal(await enterTotpCode(page, wrongCode(auth.secret)), 401, 'a wrong code is refused');
    assert.equal((await page.getByRole('alert').innerText()).trim(), WRONG_CODE_MESSAGE);
    assert.equal(await heading(page, 'Xác thực 2 lớp').isVisible(), true, 'still on the code step');

    assert.equal(await enterTotpCode(page, await freshCode(ADMIN.username)), 200);
    await waitForDashboard(page);
    assert.match(await accountName(page), new RegExp(ADMIN.fullName));
    sessions.set(ADMIN.username, await page.context().cookies());
  });

  void it('lets the administrator create a user and give a role; the user must change the temporary password and sees a one-stop menu', async () => {
    const admin = await signedIn(product, ADMIN.username);
    await openUsersPage(admin);

    // Create the user, leaving the initial password empty.
    await admin.getByRole('button', { name: 'Thêm người dùng' }).click();
    const form = admin.getByRole('dialog', { name: 'Thêm người dùng' });
    await form.waitFor();
    await form.getByLabel('Tên đăng nhập').fill('motcua2.donghoi');
    await form.getByLabel('Họ và tên').fill('Đặng Thị Hồng Nhung');
    await form.getByLabel('Thư điện tử').fill('nhung.dth@donghoi.quangtri.gov.vn');
    await form.getByLabel('Số điện thoại').fill('0912000111');
    const agencyField = form.getByLabel('Cơ quan', { exact: true });
    await chooseTreeNode(admin, agencyField, 'UBND phường Đồng Hới');
    assert.equal(await selectedText(agencyField), 'UBND phường Đồng Hới');
    await chooseOption(admin, form.getByLabel('Phòng ban'), 'Bộ phận Một cửa');
    await chooseOption(admin, form.getByLabel('Chức vụ'), 'Cán bộ một cửa');
    assert.equal(await form.getByLabel('Mật khẩu ban đầu').inputValue(), '');

    const createdResponse = await responseTo(admin, 'POST', '/api/v1/users', () =>
      form.getByRole('button', { name: 'Tạo người dùng' }).click(),
    );
    assert.equal(createdResponse.status(), 201, await createdResponse.text());
    const { user } = (await createdResponse.json()) as { user: { id: string } };

    const result = admin.getByRole('dialog', { name: 'Đã tạo người dùng.' });
    await result.waitFor();
    assert.match((await result.innerText()) ?? '', /Đặng Thị Hồng Nhung \(motcua2\.donghoi\) — UBND phường Đồng Hới/);
    const temporaryPassword = ((await result.getByTestId('secret-value').locator('code').textContent()) ?? '').trim();
    assert.ok(temporaryPassword.length >= 10, `a temporary password is shown (got "${temporaryPassword}")`);
    assert.notEqual(temporaryPassword, DEMO_PASSWORD);

    // Give the role "Cán bộ một cửa" in the user's own agency.
    await result.getByRole('button', { name: 'Xem và phân quyền' }).click();
    const drawer = admin.getByRole('dialog', { name: 'Đặng Thị Hồng Nhung' });
    await drawer.getByRole('heading', { name: 'Vai trò và phạm vi' }).waitFor();
    assert.equal(await drawer.getByText('Chưa có vai trò nào.').isVisible(), true, 'a new user holds no role');
    await chooseOption(admin, drawer.getByLabel('Vai trò', { exact: true }), 'Cán bộ một cửa');
    assert.equal(await selectedText(drawer.getByLabel('Cơ quan áp dụng')), 'UBND phường Đồng Hới');
    assert.equal(await drawer.getByRole('checkbox', { name: 'Bao gồm cơ quan cấp dưới' }).isChecked(), false);
    await drawer.getByRole('button', { name: 'Thêm vai trò' }).click();
    await admin.getByText('Đã cập nhật phân quyền.').waitFor();
    const roleRow = drawer.getByRole('row', { name: /Cán bộ một cửa\s+UBND phường Đồng Hới/ });
    await roleRow.waitFor();
    assert.equal(await drawer.getByText('Chưa có vai trò nào.').count(), 0);

    // The new user, in another browser: temporary password → forced change → one-stop menu.
    const officer = await product.newPage();
    assert.equal(await submitPassword(officer, 'motcua2.donghoi', temporaryPassword), 'forced-change');
    assert.equal(await mainMenu(officer).count(), 0, 'no menu before the password is changed');
    const newPassword = 'Nhung#DongHoi2026';
    await officer.getByLabel('Mật khẩu hiện tại').fill(temporaryPassword);
    await officer.getByLabel('Mật khẩu mới', { exact: true }).fill(newPassword);
    await officer.getByLabel('Nhập lại mật khẩu mới').fill(newPassword);
    await officer.getByRole('button', { name: 'Đổi mật khẩu', exact: true }).click();
    await waitForDashboard(officer);
    assert.match(await accountName(officer), /^Tài khoản: ?Đặng Thị Hồng Nhung ?UBND phường Đồng Hới$/);
    // A one-stop officer: the one-stop screens, no user administration.
    assert.deepEqual(await menuEntries(officer), [
      'Bảng điều khiển',
      'Hồ sơ',
      'Tiếp nhận hồ sơ',
      'Thủ tục hành chính',
      'Thống kê',
      'Xếp hàng tại quầy',
      'Cơ cấu tổ chức',
      'Lịch làm việc',
    ]);
    // The role shows on the dashboard, and an admin screen typed into the address bar is not shown.
    await officer.getByText('Cán bộ một cửa', { exact: true }).first().waitFor();
    await officer.goto('/app/nguoi-dung');
    await officer.getByText('Bạn không có quyền xem trang này.').waitFor();
    assert.equal(await officer.getByRole('button', { name: 'Thêm người dùng' }).count(), 0);

    // The old temporary password no longer works; the new one does (no forced change any more).
    await signOut(officer);
    assert.equal(await submitPassword(officer, 'motcua2.donghoi', temporaryPassword), 'error');
    assert.equal(await submitPassword(officer, 'motcua2.donghoi', newPassword), 'signed-in');

    // The administrator closes the drawer and finds the creation in the audit log.
    await drawer.getByRole('button', { name: 'Đóng' }).click();
    await drawer.waitFor({ state: 'hidden' });
    await mainMenu(admin).getByRole('link', { name: 'Nhật ký hệ thống' }).click();
    await heading(admin, 'Nhật ký hệ thống').waitFor();
    await admin.getByLabel('Hành động').fill('user.create');
    await admin.getByLabel('Mã đối tượng').fill(user.id);
    const auditRows = admin.locator('.ant-table-tbody tr.ant-table-row');
    await auditRows.first().waitFor();
    const filtered = await responseTo(
      admin,
      'GET',
      '/api/v1/audit',
      () => admin.getByRole('button', { name: 'Lọc', exact: true }).click(),
      'action=user.create',
    );
    assert.equal(filtered.status(), 200);
    // The unfiltered list is replaced by the filtered one: exactly one row, about the new user.
    await until(
      async () =>
        (await auditRows.count()) === 1 && (await auditRows.first().innerText()).includes(user.id.slice(0, 8)),
      'the audit list shows only the user.create row of the new user',
    );
    const cells = (await auditRows.first().locator('td').allInnerTexts()).map((s) => s.trim());
    assert.ok(cells.includes('user.create'), cells.join(' | '));
    assert.ok(cells.includes(ADMIN.username), `the actor is the administrator: ${cells.join(' | ')}`);
    assert.ok(cells.includes(`user · ${user.id.slice(0, 8)}`), cells.join(' | '));
  });

  void it('shows a commune administrator only the users of that commune', async () => {
    const page = await product.newPage();
    // quan_tri requires TOTP (auth_role_policies), so the commune administrator enrols as well.
    assert.equal(await submitPassword(page, COMMUNE_ADMIN.username, DEMO_PASSWORD), 'setup');
    await completeTotpSetup(page, COMMUNE_ADMIN.username);
    await waitForDashboard(page);
    sessions.set(COMMUNE_ADMIN.username, await page.context().cookies());

    await openUsersPage(page);
    const rows = await userRows(page);
    assert.ok(
      rows.some((r) => r.username === COMMUNE_ADMIN.username),
      `own account listed: ${JSON.stringify(rows)}`,
    );
    for (const row of rows)
      assert.equal(row.agency, 'UBND xã Vĩnh Linh', `only Vĩnh Linh users: ${JSON.stringify(rows)}`);
    assert.ok(!rows.some((r) => r.username === 'motcua.donghoi'));
    await page.getByText(`Đang hiển thị ${rows.length} người dùng`).waitFor();

    // Searching for an officer of Đồng Hới finds nobody.
    await page.getByLabel('Tìm kiếm người dùng').fill('motcua.donghoi');
    const searched = await responseTo(
      page,
      'GET',
      '/api/v1/users',
      () => page.getByLabel('Tìm kiếm người dùng').press('Enter'),
      'q=motcua.donghoi',
    );
    assert.equal(searched.status(), 200);
    await page.getByText('Không có người dùng nào phù hợp.').waitFor();
    assert.equal(await page.locator('.ant-table-tbody tr.ant-table-row').count(), 0);

    // The provincial administrator does see that officer: what hid it is the commune administrator's scope.
    const admin = await signedIn(product, ADMIN.username);
    await openUsersPage(admin);
    const adminRows = await userRows(admin);
    assert.ok(
      adminRows.some((r) => r.username === 'motcua.donghoi'),
      JSON.stringify(adminRows),
    );
    assert.ok(
      adminRows.some((r) => r.username === COMMUNE_ADMIN.username),
      JSON.stringify(adminRows),
    );
  });

  void it('has no serious or critical accessibility violation on the sign-in page and the users page', async () => {
    const login = await product.newPage({ bypassCSP: true });
    await login.goto('/app/');
    await heading(login, 'Đăng nhập').waitFor();
    const loginViolations = await axeViolations(login);
    assert.deepEqual(loginViolations, [], `sign-in page:\n${formatViolations(loginViolations)}`);

    const users = await signedIn(product, ADMIN.username, { bypassCSP: true });
    await openUsersPage(users);
    const usersViolations = await axeViolations(users);
    assert.deepEqual(usersViolations, [], `users page:\n${formatViolations(usersViolations)}`);
  });
});
