/**
 * The officers' back office for dossiers (issue 3 §4 and "Done when") in a real browser: counter
 * reception of "Đăng ký khai sinh" with a scanned component and the receipt (Mẫu 01); the specialist
 * forwards it, the leader approves and attaches the result, the one-stop officer returns it. Also a
 * supplement round-trip, a refusal, an extension (only once), a transfer from the commune to a
 * provincial agency, and axe-core on the inbox and the dossier page.
 *
 * Run: `npm run build && npx tsx --test --test-concurrency=1 e2e/dossiers.test.ts`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Cookie, Locator, Page } from 'playwright-core';
import { chooseOption } from './antd.js';
import { axeViolations, type Product, smallPdf, startProduct } from './harness.js';

const DEMO_PASSWORD = 'Saola@2026';
const MOTCUA = 'motcua.donghoi';
const CHUYENVIEN = 'chuyenvien.donghoi';
const LANHDAO = 'lanhdao.donghoi';
const KHAI_SINH = { code: '1.001193', name: 'Đăng ký khai sinh' };
/** 5 working days: room for an extension (asked at least one working day before the due date). */
const KHAI_SINH_LAI = { code: '1.004884', name: 'Đăng ký lại khai sinh' };
const PROVINCIAL_TARGET = 'Sở Tư pháp tỉnh Quảng Trị';
const CENTRE_OFFICER = 'motcua.ttphvhc';
/** Chứng thực bản sao từ bản chính (commune level): its e-form is short. */
const CHUNG_THUC = '2.000815';
/** The e-form of "Đăng ký khai sinh" (data/procedures/thu-tuc.json), filled in, for receptions through the API. */
const KHAI_SINH_FORM = {
  nguoiYeuCau: { hoTen: 'Phạm Thị Mai', soDinhDanh: '044195001234', quanHe: 'me' },
  nguoiDuocKhaiSinh: {
    hoTen: 'Phạm Minh Khôi',
    ngaySinh: '2026-11-02',
    gioiTinh: 'nam',
    danToc: 'Kinh',
    quocTich: 'Việt Nam',
    noiSinh: 'Bệnh viện Đa khoa tỉnh Quảng Trị',
  },
};
const FORMS: Record<string, object> = { [KHAI_SINH.code]: KHAI_SINH_FORM };

/** The Vietnamese button of each action (apps/web/src/i18n/areas/dossiers.ts). */
const ACTION_LABELS: Record<string, string> = {
  receive: 'Tiếp nhận',
  request_supplement: 'Yêu cầu bổ sung',
  supplement: 'Đã bổ sung hồ sơ',
  refuse: 'Từ chối tiếp nhận',
  forward: 'Chuyển bước tiếp theo',
  return_to_previous_step: 'Trả lại bước trước',
  transfer_to_agency: 'Chuyển cơ quan khác',
  approve: 'Phê duyệt',
  attach_result: 'Đính kèm kết quả',
  return_result: 'Trả kết quả',
  withdraw: 'Rút hồ sơ',
  reject: 'Không đủ điều kiện giải quyết',
  stop: 'Dừng giải quyết',
  extend_deadline: 'Xin lỗi và gia hạn',
};

interface Detail {
  code: string;
  status: string;
  version: number;
  dueAt: string | null;
  extended: boolean;
  currentAgencyId: string;
  receivingAgencyId: string;
  currentStep: number | null;
  allowedActions: string[];
  events: { action: string; reason: string | null }[];
}

function heading(page: Page, name: string | RegExp) {
  return page.getByRole('heading', { name, exact: typeof name === 'string', level: 1 });
}

// Sessions kept per user so that each test does not sign in again (the sign-in route is rate-limited).
const sessions = new Map<string, Cookie[]>();

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
  await page.goto('/app/');
  await heading(page, 'Đăng nhập').waitFor();
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
  await heading(page, 'Bảng điều khiển').waitFor();
  sessions.set(username, await page.context().cookies());
  return page;
}

async function csrf(page: Page): Promise<string> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'saola_csrf');
  assert.ok(cookie, 'the session has its CSRF cookie');
  return cookie.value;
}

/** The dossier as the API gives it to the user of `page` (the same cookies). */
async function detailOf(page: Page, code: string): Promise<Detail> {
  const res = await page.request.get(`/api/v1/dossiers/${encodeURIComponent(code)}`);
  assert.equal(res.status(), 200, await res.text());
  return (await res.json()) as Detail;
}

/** An action through the API (to set the scene quickly; the actions under test go through the UI). */
async function actApi(page: Page, code: string, action: string, body: Record<string, unknown> = {}) {
  const { version } = await detailOf(page, code);
  return page.request.post(`/api/v1/dossiers/${encodeURIComponent(code)}/actions/${action}`, {
    data: { version, ...body },
    headers: { 'x-csrf-token': await csrf(page) },
  });
}

/** Counter reception through the API (for the scenes that start from a received dossier). */
async function receiveApi(page: Page, procedureCode: string, applicantName: string): Promise<string> {
  const me = (await (await page.request.get('/api/v1/auth/me')).json()) as {
    grants: { roleCode: string; agencyId: string }[];
  };
  const agencyId = me.grants.find((g) => g.roleCode === 'can_bo_mot_cua')?.agencyId;
  assert.ok(agencyId, 'the one-stop officer has an agency');
  const res = await page.request.post('/api/v1/dossiers', {
    data: {
      procedureCode,
      agencyId,
      applicant: { name: applicantName, idNumber: '044095001234', phone: '0912345678' },
      components: [{ name: 'Tờ khai', copies: 1, form: 'original', received: true }],
      formData: FORMS[procedureCode] ?? {},
    },
    headers: { 'x-csrf-token': await csrf(page) },
  });
  assert.equal(res.status(), 201, await res.text());
  return ((await res.json()) as { code: string }).code;
}

async function openDossier(page: Page, code: string): Promise<void> {
  await page.goto(`/app/ho-so/${encodeURIComponent(code)}`);
  await heading(page, `Mã hồ sơ ${code}`).waitFor();
  await page.getByRole('heading', { name: 'Thao tác', level: 2 }).waitFor();
}

/** The action buttons shown on the dossier page ([] when the page says there is none). */
async function shownActions(page: Page): Promise<string[]> {
  const group = page.getByTestId('dossier-actions');
  const none = page.getByText('Bạn không có thao tác nào với hồ sơ này lúc này.');
  await Promise.race([group.waitFor(), none.waitFor()]);
  if (await none.isVisible()) return [];
  return (await group.getByRole('button').allInnerTexts()).map((s) => s.trim());
}

/** The page shows exactly the actions the server allows this user now, in the server's order. */
async function assertActionsMatch(page: Page, code: string): Promise<string[]> {
  const { allowedActions } = await detailOf(page, code);
  const expected = allowedActions.map((a) => ACTION_LABELS[a] ?? a);
  await page.waitForFunction((n) => {
    const group = document.querySelector('[data-testid="dossier-actions"]');
    return n === 0 ? !group : (group?.querySelectorAll('button').length ?? 0) === n;
  }, expected.length);
  assert.deepEqual(await shownActions(page), expected);
  return allowedActions;
}

/** Clicks the action's button, lets `fill` complete the dialog, confirms; returns the API status. */
async function runAction(
  page: Page,
  code: string,
  label: string,
  fill?: (dialog: Locator) => Promise<void>,
): Promise<number> {
  await page.getByTestId('dossier-actions').getByRole('button', { name: label, exact: true }).click();
  const dialog = page.getByRole('dialog', { name: label });
  await dialog.waitFor();
  if (fill) await fill(dialog);
  const [response] = await Promise.all([
    page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().includes(`/dossiers/${encodeURIComponent(code)}/actions/`),
    ),
    dialog.getByRole('button', { name: 'Xác nhận' }).click(),
  ]);
  if (response.status() === 200) await dialog.waitFor({ state: 'hidden' });
  return response.status();
}

/** Downloads `href` with the page's session and checks it is a PDF. */
async function assertPdf(page: Page, href: string | null): Promise<Buffer> {
  assert.ok(href, 'a link to the PDF');
  const res = await page.request.get(href);
  assert.equal(res.status(), 200, `${href}: ${res.status()}`);
  assert.match(res.headers()['content-type'] ?? '', /application\/pdf/);
  const body = await res.body();
  assert.equal(body.subarray(0, 5).toString('latin1'), '%PDF-');
  return body;
}

function paperLink(page: Page, number: string) {
  return page.getByRole('link', { name: new RegExp(`^\\s*Mẫu ${number} —`) });
}

/** Types a date and time into an antd DatePicker ("DD/MM/YYYY HH:mm", local time) and confirms it. */
async function typeDateTime(field: Locator, when: Date): Promise<void> {
  const local = new Date(when.getTime() + 7 * 3600_000); // Asia/Ho_Chi_Minh has no daylight saving
  const p = (n: number) => String(n).padStart(2, '0');
  const text = `${p(local.getUTCDate())}/${p(local.getUTCMonth() + 1)}/${local.getUTCFullYear()} ${p(local.getUTCHours())}:${p(local.getUTCMinutes())}`;
  await field.click();
  await field.fill(text);
  await field.press('Tab');
  assert.equal(await field.inputValue(), text);
}

void describe('back office: dossiers', () => {
  let product: Product;
  let birthCode = '';

  before(async () => {
    product = await startProduct();
  });
  after(async () => {
    await product?.stop();
  });

  void it('receives "Đăng ký khai sinh" at the counter with a scanned component and prints the receipt', async () => {
    const page = await signedIn(product, MOTCUA);
    await page.getByRole('navigation', { name: 'Menu chính' }).getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
    await heading(page, 'Tiếp nhận hồ sơ').waitFor();

    // Keyboard-first: the procedure field has the focus; typing without diacritics finds the procedure.
    const procedure = page.getByLabel('Thủ tục hành chính', { exact: true });
    await procedure.click();
    await procedure.pressSequentially('dang ky khai sinh');
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: new RegExp(`^\\s*${KHAI_SINH.name} \\(${KHAI_SINH.code.replace('.', '\\.')}\\)\\s*$`) })
      .click();
    // The catalogue's components become the checklist.
    const firstComponent = page.getByRole('checkbox', { name: /^Đã nhận: Tờ khai đăng ký khai sinh/ });
    await firstComponent.waitFor();
    assert.equal(await firstComponent.isChecked(), true, 'a required component is ticked by default');

    // The applicant's card (the checklist's labels repeat some of these words).
    const applicant = page
      .locator('.ant-card')
      .filter({ has: page.getByRole('heading', { name: 'Người nộp hồ sơ', level: 2 }) });
    await applicant.getByLabel('Họ và tên', { exact: true }).fill('Nguyễn Thị Bình An');
    await page.locator('#reception_applicant_idNumber').fill('044195001122');
    await page.locator('#reception_applicant_phone').fill('0905123456');
    await page.locator('#reception_applicant_address').fill('Tổ 5, phường Đồng Hới, tỉnh Quảng Trị');
    await page.getByTestId('component-file-0').setInputFiles({
      name: 'to-khai-khai-sinh.pdf',
      mimeType: 'application/pdf',
      buffer: smallPdf('To khai dang ky khai sinh'),
    });
    await page.getByText('to-khai-khai-sinh.pdf').first().waitFor();

    // The e-form (tờ khai điện tử): its sections with the fields of the official tờ khai.
    await page.getByRole('group', { name: 'Người được khai sinh' }).waitFor();
    await page.locator('#formData-nguoiYeuCau-hoTen').fill('Nguyễn Thị Bình An');
    await page.locator('#formData-nguoiYeuCau-soDinhDanh').fill('044195001122');
    await chooseOption(page, page.locator('#formData-nguoiYeuCau-quanHe'), 'Mẹ');
    await page.locator('#formData-nguoiDuocKhaiSinh-hoTen').fill('Lê Bình Minh');
    const birthDate = page.locator('#formData-nguoiDuocKhaiSinh-ngaySinh');
    await birthDate.click();
    await birthDate.fill('02/11/2026');
    await birthDate.press('Tab');
    await chooseOption(page, page.locator('#formData-nguoiDuocKhaiSinh-gioiTinh'), 'Nam');
    await page.locator('#formData-nguoiDuocKhaiSinh-danToc').fill('Kinh');
    await page.locator('#formData-nguoiDuocKhaiSinh-quocTich').fill('Việt Nam');
    await page.locator('#formData-nguoiDuocKhaiSinh-noiSinh').fill('Bệnh viện Đa khoa tỉnh Quảng Trị');

    // Enter in a field submits the reception.
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/dossiers'),
      page.locator('#reception_applicant_phone').press('Enter'),
    ]);
    assert.equal(created.status(), 201, await created.text());
    birthCode = ((await created.json()) as { code: string }).code;
    await page.getByText(`Đã tiếp nhận hồ sơ ${birthCode}`).first().waitFor({ timeout: 30_000 });
    assert.match(birthCode, /^000\.00\.61\.H50-\d{6}-\d{4}$/, 'national code of the receiving agency');
    await page
      .getByText(/^Hẹn trả kết quả: \d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/)
      .first()
      .waitFor();

    // The receipt (Mẫu 01) is a PDF.
    const receipt = page.getByRole('link', { name: /In giấy tiếp nhận/ });
    await assertPdf(page, await receipt.getAttribute('href'));

    // The scan was uploaded under its component and opens as a PDF.
    await page.getByRole('link', { name: 'Mở hồ sơ' }).click();
    await heading(page, `Mã hồ sơ ${birthCode}`).waitFor();
    const scan = page.getByRole('link', { name: /Xem tệp to-khai-khai-sinh\.pdf/ });
    await scan.waitFor();
    await assertPdf(page, await scan.getAttribute('href'));
    await page.getByText('Nguyễn Thị Bình An').first().waitFor();

    // "Tiếp nhận hồ sơ mới" gives an empty form again.
    await page.goto('/app/tiep-nhan');
    await heading(page, 'Tiếp nhận hồ sơ').waitFor();
    assert.equal(await page.locator('#reception_applicant_name').inputValue(), '');
    await page.context().close();
  });

  void it('the specialist processes it, the leader approves and attaches the result, the officer returns it', async () => {
    assert.ok(birthCode, 'the reception test ran first');
    // The one-stop officer hands the dossier to the processing step.
    const officer = await signedIn(product, MOTCUA);
    await openDossier(officer, birthCode);
    assert.ok((await assertActionsMatch(officer, birthCode)).includes('forward'));
    // The assignee list holds only the officers with the next step's role (chuyên viên) in the commune.
    assert.equal(
      await runAction(officer, birthCode, 'Chuyển bước tiếp theo', (d) =>
        chooseOption(officer, d.getByLabel('Giao cho (không bắt buộc)'), 'Trần Văn Đức'),
      ),
      200,
    );

    // The specialist finds it in the inbox ("Theo vai trò") by searching the applicant without diacritics.
    const specialist = await signedIn(product, CHUYENVIEN);
    await specialist
      .getByRole('navigation', { name: 'Menu chính' })
      .getByRole('link', { name: 'Hồ sơ', exact: true })
      .click();
    await heading(specialist, 'Hồ sơ').waitFor();
    await specialist.getByLabel('Tìm kiếm').fill('nguyen thi binh an');
    await specialist.getByLabel('Tìm kiếm').press('Enter');
    const row = specialist.locator('.ant-table-tbody tr.ant-table-row').filter({ hasText: birthCode });
    await row.waitFor();
    await row.getByRole('link', { name: birthCode }).click();
    await heading(specialist, `Mã hồ sơ ${birthCode}`).waitFor();
    await assertActionsMatch(specialist, birthCode);
    assert.equal(
      await runAction(specialist, birthCode, 'Chuyển bước tiếp theo', (d) =>
        d.getByLabel('Ghi chú').fill('Hồ sơ đầy đủ, đề nghị lãnh đạo phê duyệt.'),
      ),
      200,
    );
    assert.deepEqual(
      await assertActionsMatch(specialist, birthCode),
      [],
      'the specialist has nothing more to do on it',
    );

    // The leader approves, then attaches the result PDF.
    const leader = await signedIn(product, LANHDAO);
    await openDossier(leader, birthCode);
    assert.ok((await assertActionsMatch(leader, birthCode)).includes('approve'));
    assert.equal(await runAction(leader, birthCode, 'Phê duyệt'), 200);
    await leader.getByTestId('dossier-actions').getByRole('button', { name: 'Đính kèm kết quả' }).waitFor();
    await assertActionsMatch(leader, birthCode);
    assert.equal(
      await runAction(leader, birthCode, 'Đính kèm kết quả', async (d) => {
        await d.getByTestId('result-file').setInputFiles({
          name: 'giay-khai-sinh.pdf',
          mimeType: 'application/pdf',
          buffer: smallPdf('Giay khai sinh'),
        });
        // A leader signs the result on upload (PAdES, the agency's demo certificate): ticked by default.
        assert.equal(await d.getByRole('checkbox', { name: 'Ký số khi tải lên' }).isChecked(), true);
      }),
      200,
    );
    assert.equal((await detailOf(leader, birthCode)).status, 'result_ready');
    const resultRow = leader
      .locator('.ant-table-row')
      .filter({ hasText: new RegExp(`${birthCode.replace(/\./g, '\\.')}-KQ1`) });
    await resultRow.getByText('Đã ký số').waitFor();
    await assertPdf(leader, await resultRow.getByRole('link').getAttribute('href'));

    // The one-stop officer returns the result at the counter.
    await openDossier(officer, birthCode);
    assert.deepEqual(await assertActionsMatch(officer, birthCode), ['return_result']);
    assert.equal(
      await runAction(officer, birthCode, 'Trả kết quả', (d) =>
        d.getByRole('radio', { name: 'Tại Bộ phận Một cửa' }).check(),
      ),
      200,
    );
    const done = await detailOf(officer, birthCode);
    assert.equal(done.status, 'returned');
    await officer.getByText('Đã trả kết quả').first().waitFor();
    await officer.getByText('Bạn không có thao tác nào với hồ sơ này lúc này.').first().waitFor();
    // The process control sheet lists the hand-overs (and prints as Mẫu 06); the fees come from the catalogue.
    const sheet = officer
      .locator('.ant-card')
      .filter({ has: officer.getByRole('heading', { name: 'Phiếu kiểm soát quá trình giải quyết', level: 2 }) });
    await sheet.locator('.ant-table-row').first().waitFor();
    assert.ok((await sheet.locator('.ant-table-row').count()) >= 3, 'reception, processing and approval hand-overs');
    await assertPdf(officer, await paperLink(officer, '06').getAttribute('href'));
    await officer.getByText('Phí cấp bản sao Giấy khai sinh (nếu có yêu cầu)').first().waitFor();
    await officer
      .getByText(/8\.000 đồng/)
      .first()
      .waitFor();
    for (const context of [officer, specialist, leader].map((p) => p.context())) await context.close();
  });

  void it('a supplement round-trip: the clock stops, the request (Mẫu 02) is printed, the due date does not move back', async () => {
    const officer = await signedIn(product, MOTCUA);
    const code = await receiveApi(officer, KHAI_SINH_LAI.code, 'Lê Văn Bổ Sung');
    const before = await detailOf(officer, code);
    await openDossier(officer, code);
    assert.equal(
      await runAction(officer, code, 'Yêu cầu bổ sung', (d) =>
        d.getByLabel('Lý do').fill('Bổ sung bản sao giấy tờ chứng minh nội dung khai sinh.'),
      ),
      200,
    );
    const waiting = await detailOf(officer, code);
    assert.equal(waiting.status, 'supplement_requested');
    await officer.getByText('Chờ bổ sung, hoàn thiện hồ sơ').first().waitFor();
    await assertPdf(officer, await paperLink(officer, '02').getAttribute('href'));
    await assertActionsMatch(officer, code);

    assert.equal(await runAction(officer, code, 'Đã bổ sung hồ sơ'), 200);
    const resumed = await detailOf(officer, code);
    assert.equal(resumed.status, 'received');
    assert.ok(before.dueAt && resumed.dueAt, 'the dossier has a due date');
    // The paused time (working time only) is added to the due date: it never moves earlier. The exact
    // shift is tested with a controlled clock in the server's tests (dossiers module).
    assert.ok(Date.parse(resumed.dueAt) >= Date.parse(before.dueAt), 'the due date is not earlier after the pause');
    assert.deepEqual(
      resumed.events.map((e) => e.action).slice(-2),
      ['request_supplement', 'supplement'],
      'both steps are in the timeline',
    );
    await officer.context().close();
  });

  void it('refuses an online dossier with a reason (Mẫu 03)', async () => {
    const officer = await signedIn(product, MOTCUA);
    const list = await officer.request.get('/api/v1/dossiers?scope=agency&status=submitted&limit=50');
    assert.equal(list.status(), 200);
    const items = ((await list.json()) as { items: { code: string }[] }).items;
    const code = items[0]?.code;
    assert.ok(code, 'the demo data has an online dossier awaiting reception in Đồng Hới');
    await openDossier(officer, code);
    const allowed = await assertActionsMatch(officer, code);
    assert.ok(allowed.includes('refuse') && allowed.includes('receive'));
    // Without a reason the dialog does not send anything.
    await officer
      .getByTestId('dossier-actions')
      .getByRole('button', { name: 'Từ chối tiếp nhận', exact: true })
      .click();
    const dialog = officer.getByRole('dialog', { name: 'Từ chối tiếp nhận' });
    await dialog.getByRole('button', { name: 'Xác nhận' }).click();
    await dialog.getByText('Cần nêu rõ lý do.').first().waitFor();
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'hidden' });

    assert.equal(
      await runAction(officer, code, 'Từ chối tiếp nhận', (d) =>
        d.getByLabel('Lý do').fill('Thủ tục không thuộc thẩm quyền giải quyết của UBND phường.'),
      ),
      200,
    );
    assert.equal((await detailOf(officer, code)).status, 'refused');
    await officer.getByText('Thủ tục không thuộc thẩm quyền giải quyết của UBND phường.').first().waitFor();
    await assertPdf(officer, await paperLink(officer, '03').getAttribute('href'));
    await officer.context().close();
  });

  void it('extends the deadline with an apology (Mẫu 04) only once', async () => {
    const officer = await signedIn(product, MOTCUA);
    const code = await receiveApi(officer, KHAI_SINH_LAI.code, 'Trần Thị Gia Hạn');
    const before = await detailOf(officer, code);
    assert.ok(before.dueAt);
    await openDossier(officer, code);
    assert.ok((await assertActionsMatch(officer, code)).includes('extend_deadline'));
    const newDue = new Date(Date.parse(before.dueAt) + 7 * 24 * 3600_000);
    newDue.setUTCSeconds(0, 0);
    assert.equal(
      await runAction(officer, code, 'Xin lỗi và gia hạn', async (d) => {
        await d.getByLabel('Lý do').fill('Cần xác minh thông tin với nơi đăng ký khai sinh trước đây.');
        await typeDateTime(d.getByLabel('Ngày hẹn trả mới'), newDue);
      }),
      200,
    );
    const extended = await detailOf(officer, code);
    assert.equal(extended.extended, true);
    assert.equal(extended.dueAt, newDue.toISOString());
    await officer.getByText('Đã gia hạn').first().waitFor();
    await assertPdf(officer, await paperLink(officer, '04').getAttribute('href'));
    // Only once: the button is gone, and the server refuses a second extension.
    const allowed = await assertActionsMatch(officer, code);
    assert.ok(!allowed.includes('extend_deadline'), 'the extension is not offered a second time');
    const again = await actApi(officer, code, 'extend_deadline', {
      reason: 'Lần hai',
      newDueAt: new Date(newDue.getTime() + 7 * 24 * 3600_000).toISOString(),
    });
    assert.equal(again.status(), 409);
    assert.match(((await again.json()) as { detail: string }).detail, /gia hạn một lần/);
    await officer.context().close();
  });

  void it('transfers a dossier from the commune to a provincial agency', async () => {
    const officer = await signedIn(product, MOTCUA);
    const code = await receiveApi(officer, KHAI_SINH.code, 'Phạm Văn Liên Thông');
    assert.equal((await actApi(officer, code, 'forward')).status(), 200);
    const specialist = await signedIn(product, CHUYENVIEN);
    await openDossier(specialist, code);
    assert.ok((await assertActionsMatch(specialist, code)).includes('transfer_to_agency'));
    assert.equal(
      await runAction(specialist, code, 'Chuyển cơ quan khác', async (d) => {
        const field = d.getByLabel('Cơ quan nhận hồ sơ');
        await field.click();
        await field.pressSequentially('Tư pháp');
        await specialist
          .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
          .filter({ hasText: PROVINCIAL_TARGET })
          .click();
        await d.getByLabel('Ghi chú').fill('Chuyển Sở Tư pháp giải quyết theo cơ chế liên thông.');
      }),
      200,
    );
    const moved = await detailOf(specialist, code);
    assert.equal(moved.status, 'transferred');
    assert.notEqual(moved.currentAgencyId, moved.receivingAgencyId, 'another agency is responsible now');
    await specialist.getByText('Đã chuyển cơ quan khác').first().waitFor();
    // The commune that received it still sees it.
    assert.equal((await detailOf(officer, code)).status, 'transferred');
    for (const context of [officer, specialist].map((p) => p.context())) await context.close();
  });

  void it('the provincial service centre receives a dossier for a commune (province-wide rule)', async () => {
    const page = await signedIn(product, CENTRE_OFFICER);
    await page.getByRole('navigation', { name: 'Menu chính' }).getByRole('link', { name: 'Tiếp nhận hồ sơ' }).click();
    await heading(page, 'Tiếp nhận hồ sơ').waitFor();
    const procedure = page.getByLabel('Thủ tục hành chính', { exact: true });
    await procedure.click();
    await procedure.pressSequentially('chung thuc ban sao tu ban chinh');
    await page
      .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
      .filter({ hasText: `(${CHUNG_THUC})` })
      .click();
    // Only at a centre: the agency that resolves the dossier, among the province's agencies implementing it.
    await chooseOption(page, page.getByLabel('Cơ quan giải quyết'), 'UBND xã Vĩnh Linh');
    await page.locator('#reception_applicant_name').fill('Hồ Thị Tâm');
    await page.locator('#formData-nguoiYeuCau-hoTen').fill('Hồ Thị Tâm');
    await page.locator('#formData-giayTo-tenGiayTo').fill('Bằng tốt nghiệp trung học phổ thông');
    await page.locator('#formData-giayTo-coQuanCap').fill('Sở Giáo dục và Đào tạo tỉnh Quảng Trị');
    await page.locator('#formData-giayTo-soTrang').fill('1');
    await page.locator('#formData-giayTo-soBanSao').fill('2');
    const [created] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/v1/dossiers'),
      page.locator('#reception_applicant_name').press('Enter'),
    ]);
    assert.equal(created.status(), 201, await created.text());
    const code = ((await created.json()) as { code: string }).code;
    assert.match(code, /^000\.01\.01\.H50-\d{6}-\d{4}$/, "the centre's electronic identifier");
    const detail = await detailOf(page, code);
    assert.notEqual(detail.currentAgencyId, detail.receivingAgencyId, 'resolved by the commune, not the centre');
    await page.context().close();
  });

  void it('a stale page gets "Hồ sơ vừa được người khác cập nhật", reloads, and the retry goes through', async () => {
    const officer = await signedIn(product, MOTCUA);
    const code = await receiveApi(officer, KHAI_SINH_LAI.code, 'Võ Thị Cập Nhật');
    await openDossier(officer, code);
    await assertActionsMatch(officer, code);
    // Meanwhile (another tab, another officer): a supplement round-trip moves the version on.
    assert.equal((await actApi(officer, code, 'request_supplement', { reason: 'Thiếu tờ khai' })).status(), 200);
    assert.equal((await actApi(officer, code, 'supplement')).status(), 200);

    await officer.getByTestId('dossier-actions').getByRole('button', { name: 'Chuyển bước tiếp theo' }).click();
    const dialog = officer.getByRole('dialog', { name: 'Chuyển bước tiếp theo' });
    const send = async () => {
      const [response] = await Promise.all([
        officer.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes('/actions/forward')),
        dialog.getByRole('button', { name: 'Xác nhận' }).click(),
      ]);
      return response.status();
    };
    assert.equal(await send(), 409);
    await dialog
      .getByText(/^Hồ sơ vừa được người khác cập nhật/)
      .first()
      .waitFor();
    // The page reloaded the dossier: the timeline shows what the other officer did.
    await officer.getByText('Lý do: Thiếu tờ khai').first().waitFor();
    assert.equal(await send(), 200);
    await dialog.waitFor({ state: 'hidden' });
    assert.equal((await detailOf(officer, code)).currentStep, 1);
    await officer.context().close();
  });

  void it('the inbox and the dossier page have no serious accessibility violation (axe-core)', async () => {
    assert.ok(birthCode);
    const page = await signedIn(product, MOTCUA, { bypassCSP: true });
    const check = async (url: string, ready: () => Promise<void>) => {
      await page.goto(url);
      await ready();
      const violations = await axeViolations(page);
      assert.deepEqual(
        violations.map((v) => `[${v.impact}] ${v.id}: ${v.help} — ${v.targets.slice(0, 3).join(', ')}`),
        [],
        `axe on ${url}`,
      );
    };
    await check('/app/ho-so?scope=agency', () => page.locator('.ant-table-tbody tr.ant-table-row').first().waitFor());
    await check(`/app/ho-so/${encodeURIComponent(birthCode)}`, () =>
      page.getByRole('heading', { name: 'Quá trình xử lý', level: 2 }).waitFor(),
    );
    await page.context().close();
  });
});
