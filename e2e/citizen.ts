/**
 * The citizen's side of the portal, as a person does it in the browser (sign in with a one-time code, file
 * "Đăng ký khai sinh" online page by page), and the officers' steps the browser tests take through the staff API
 * (the officers' screens have their own tests in e2e/dossiers.test.ts). Shared by e2e/eservices.test.ts and
 * e2e/citizen-journey.test.ts.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { axeViolations, otpCodeIn, type Product, smallPdf, waitForOutbox } from './harness.js';

export const KHAI_SINH = { code: '1.001193', name: 'Đăng ký khai sinh' };
/** The commune that receives the filings of these tests (its one-stop officer is motcua.donghoi). */
export const AGENCY = { name: 'UBND phường Đồng Hới', code: '000.00.61.H50' };
/** Password of every demo staff account (apps/server/src/seed). */
export const DEMO_PASSWORD = 'Saola@2026';
export const STAFF = { oneStop: 'motcua.donghoi', specialist: 'chuyenvien.donghoi', leader: 'lanhdao.donghoi' };

export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

export const h1 = (page: Page) => page.locator('h1').first();

/** The text of the page's main landmark. */
export const mainText = async (page: Page) => (await page.getByRole('main').textContent()) ?? '';

/** Fails with the list of serious axe violations of the page as it is now (JavaScript-on pages only). */
export async function noSeriousViolations(page: Page): Promise<void> {
  const violations = await axeViolations(page);
  assert.deepEqual(
    violations.map((v) => `${v.id}: ${v.targets.join(', ')}`),
    [],
    `axe on ${new URL(page.url()).pathname}`,
  );
}

/**
 * On the sign-in page (/dang-nhap): types the phone, gives the consent, reads the code the SMS carried (the
 * development outbox) and types it. The portal then sends the citizen back where sign-in was asked for.
 */
export async function signInWithCode(product: Product, page: Page, phone: string): Promise<void> {
  await page.getByLabel('Số điện thoại di động hoặc địa chỉ thư điện tử').fill(phone);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: 'Gửi mã xác nhận' }).click();
  await page.waitForURL('**/dang-nhap/ma-xac-nhan');
  const digits = phone.replace(/\D/g, '').slice(1);
  const sms = await waitForOutbox(
    product.dataDir,
    (m) => m.channel === 'sms' && m.template === 'citizen.otp' && m.to.endsWith(digits),
  );
  await page.getByLabel('Mã xác nhận').fill(otpCodeIn(sms));
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
}

export interface Filing {
  /** The citizen's phone (the account, the applicant, the lookup). */
  phone: string;
  /** Run axe-core on every page of the way (JavaScript on, CSP bypassed). */
  checkAxe: boolean;
  /** Already signed in: the filing starts at once. Default false: the portal asks to sign in first. */
  signedIn?: boolean;
  /** The applicant's e-mail, typed on the applicant page (optional there). */
  email?: string;
  /** The child's date of birth, YYYY-MM-DD. */
  birthDate?: string;
}

/**
 * The whole filing of "Đăng ký khai sinh", as a person does it, from the home page to the code: search without
 * diacritics, the procedure page, (sign-in,) agency, applicant, the e-form page by page (a wrong identity number
 * first), files with two for one component (a lying extension first), check your answers, submit.
 */
export async function fileOnline(product: Product, page: Page, filing: Filing): Promise<string> {
  const axe = async () => {
    if (filing.checkAxe) await noSeriousViolations(page);
  };
  await page.goto('/');
  await page
    .getByRole('navigation', { name: 'Điều hướng chính' })
    .getByRole('link', { name: 'Thủ tục hành chính' })
    .click();
  await page.getByLabel('Tên thủ tục').fill('dang ky khai sinh');
  await page.getByRole('button', { name: 'Tìm kiếm' }).click();
  await page.waitForURL('**/thu-tuc?**');
  await axe();
  await page.getByRole('link', { name: KHAI_SINH.name, exact: true }).click();
  assert.equal(await h1(page).textContent(), KHAI_SINH.name);
  await axe();
  await page.getByRole('button', { name: 'Nộp hồ sơ trực tuyến' }).click();

  if (!filing.signedIn) {
    // Not signed in: the sign-in page, then straight back to the filing.
    await page.waitForURL('**/dang-nhap');
    await signInWithCode(product, page, filing.phone);
  }
  await page.waitForURL(`**/nop-ho-so/${KHAI_SINH.code}`);
  await axe();
  await page.getByRole('button', { name: 'Bắt đầu' }).click();

  // The agency: nothing chosen → an error summary; then the commune.
  await page.waitForURL('**/co-quan');
  await axe();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('alert').waitFor();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /Chọn cơ quan/);
  await page.getByLabel(AGENCY.name).check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // The applicant: the phone is pre-filled from the account; the name is asked (a new account has none).
  await page.waitForURL('**/nguoi-nop');
  await axe();
  assert.equal(
    (await page.getByLabel('Số điện thoại di động').inputValue()).replace(/\D/g, ''),
    filing.phone.replace(/\D/g, ''),
  );
  await page.getByLabel('Họ và tên').fill('Nguyễn Thị Hoa');
  if (filing.email) await page.getByLabel('Thư điện tử (không bắt buộc)').fill(filing.email);
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // The e-form (Tờ khai đăng ký khai sinh), one section per page. A wrong identity number first: the error
  // summary names it and what was typed is kept.
  await page.waitForURL('**/to-khai/nguoiYeuCau');
  await axe();
  await page.getByLabel('Họ, chữ đệm, tên người yêu cầu', { exact: true }).fill('Nguyễn Thị Hoa');
  await page.getByLabel('Số định danh cá nhân (không bắt buộc)', { exact: true }).fill('123');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.getByRole('alert').waitFor();
  const summary = (await page.getByRole('alert').textContent()) ?? '';
  assert.match(summary, /Số định danh cá nhân/);
  assert.match(summary, /Quan hệ với người được khai sinh/);
  await axe();
  assert.equal(await page.getByLabel('Họ, chữ đệm, tên người yêu cầu', { exact: true }).inputValue(), 'Nguyễn Thị Hoa');
  assert.equal(await page.getByLabel('Số định danh cá nhân (không bắt buộc)', { exact: true }).inputValue(), '123');
  await page.getByLabel('Số định danh cá nhân (không bắt buộc)', { exact: true }).fill('001190012345');
  await page.getByLabel('Mẹ', { exact: true }).check();
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  await page.waitForURL('**/to-khai/nguoiDuocKhaiSinh');
  await page.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Trần Minh An');
  await page.getByLabel('Ngày, tháng, năm sinh', { exact: true }).fill(filing.birthDate ?? '2026-10-02');
  await page.getByLabel('Nam', { exact: true }).check();
  await page.getByLabel('Dân tộc', { exact: true }).fill('Kinh');
  await page.getByLabel('Quốc tịch', { exact: true }).fill('Việt Nam');
  await page.getByLabel('Nơi sinh', { exact: true }).fill('Bệnh viện Đa khoa tỉnh Quảng Trị');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForURL('**/to-khai/me');
  await page.getByLabel('Họ, chữ đệm, tên', { exact: true }).fill('Nguyễn Thị Hoa');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  // The father's section and the request for copies are optional: left blank.
  await page.waitForURL('**/to-khai/cha');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();
  await page.waitForURL('**/to-khai/deNghi');
  await page.getByRole('button', { name: 'Tiếp tục' }).click();

  // Files, several for one component. A lying extension first.
  await page.waitForURL('**/giay-to');
  await axe();
  const upload = async (index: number, files: { name: string; mimeType: string; buffer: Buffer }[]) => {
    const section = page.locator('section.component').nth(index);
    await section.locator('input[type=file]').setInputFiles(files);
    await section.getByRole('button', { name: /^Tải lên/ }).click();
    await page.waitForLoadState();
  };
  await upload(1, [{ name: 'giay-chung-sinh.pdf', mimeType: 'application/pdf', buffer: TINY_PNG }]);
  await page.getByRole('alert').waitFor();
  assert.match((await page.getByRole('alert').textContent()) ?? '', /phần mở rộng không khớp/);
  await upload(0, [{ name: 'to-khai.pdf', mimeType: 'application/pdf', buffer: smallPdf('To khai') }]);
  await upload(1, [
    { name: 'chung-sinh-trang-1.pdf', mimeType: 'application/pdf', buffer: smallPdf('Trang 1') },
    { name: 'chung-sinh-trang-2.png', mimeType: 'image/png', buffer: TINY_PNG },
  ]);
  await upload(5, [{ name: 'cccd.png', mimeType: 'image/png', buffer: TINY_PNG }]);
  const main = await mainText(page);
  for (const name of ['to-khai.pdf', 'chung-sinh-trang-1.pdf', 'chung-sinh-trang-2.png', 'cccd.png'])
    assert.ok(main.includes(name), name);
  await page.getByRole('link', { name: 'Tiếp tục' }).click();

  // Check your answers, with change links; then submit.
  await page.waitForURL('**/kiem-tra');
  await axe();
  const check = await mainText(page);
  assert.ok(check.includes(AGENCY.name));
  assert.ok(check.includes('Trần Minh An'));
  assert.ok(check.includes('chung-sinh-trang-1.pdf, chung-sinh-trang-2.png'));
  if (filing.email) assert.ok(check.includes(filing.email), 'the e-mail is on the check-your-answers page');
  assert.ok((await page.getByRole('link', { name: /^Thay đổi/ }).count()) > 3);
  await page.getByRole('button', { name: 'Đồng ý và gửi hồ sơ' }).click();
  await page.waitForURL('**/da-nop');
  await axe();
  assert.equal(await h1(page).textContent(), 'Đã gửi hồ sơ');
  const code = (await page.locator('.dossier-code').textContent())?.trim() ?? '';
  assert.match(code, /^000\.00\.61\.H50-\d{6}-\d{4}$/);
  return code;
}

/** A dossier as the staff API gives it (the fields these tests read). */
export interface StaffDossier {
  code: string;
  status: string;
  statusLabel: string;
  version: number;
  currentStep: number | null;
  allowedActions: string[];
}

/** A signed-in officer talking to the staff API (cookie session + CSRF header, as the back office does). */
export interface StaffApi {
  page: Page;
  csrf: string;
  /** GET a JSON resource; fails the test unless 200. */
  get<T>(path: string): Promise<T>;
  detail(code: string): Promise<StaffDossier>;
  /** One state-machine action on the dossier's current version; fails the test unless 200. */
  act(code: string, action: string, body?: Record<string, unknown>): Promise<{ status: string; version: number }>;
  close(): Promise<void>;
}

export async function staffApi(product: Product, username: string): Promise<StaffApi> {
  const page = await product.newPage();
  const login = await page.request.post('/api/v1/auth/login', {
    data: { username, password: DEMO_PASSWORD },
    headers: { origin: product.baseUrl },
  });
  assert.equal(login.status(), 200, await login.text());
  const csrf = (await page.context().cookies()).find((c) => c.name === 'saola_csrf')?.value ?? '';
  assert.ok(csrf, 'the staff session has its CSRF cookie');
  const get = async <T>(path: string): Promise<T> => {
    const res = await page.request.get(path);
    assert.equal(res.status(), 200, `${path}: ${await res.text()}`);
    return (await res.json()) as T;
  };
  const detail = (code: string) => get<StaffDossier>(`/api/v1/dossiers/${encodeURIComponent(code)}`);
  return {
    page,
    csrf,
    get,
    detail,
    async act(code, action, body = {}) {
      const { version } = await detail(code);
      const res = await page.request.post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, {
        data: { version, ...body },
        headers: { 'x-csrf-token': csrf, origin: product.baseUrl },
      });
      assert.equal(res.status(), 200, `${username} ${action}: ${await res.text()}`);
      return (await res.json()) as { status: string; version: number };
    },
    close: () => page.context().close(),
  };
}

/** The one-stop officer accepts the online dossier through the API (the officer's screens are issue 3's). */
export async function officerAccepts(product: Product, code: string): Promise<void> {
  const officer = await staffApi(product, STAFF.oneStop);
  assert.equal((await officer.detail(code)).status, 'submitted');
  assert.equal((await officer.act(code, 'receive')).status, 'received');
  await officer.close();
}
