import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ActorContext } from '../../http/request-context.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { signInCitizen } from '../../test/factories/citizens.js';
import { createUser } from '../../test/factories/org.js';
import { MAX_ATTEMPTS } from '../notifications/notifications.service.js';
import { parseMail, startSmsGateway, startSmtpServer } from '../notifications/notifications.test-servers.js';
import { formatLocal, messageData, milestoneOf } from './dossier-notify.js';
import type { DossierRow } from './dossiers.repository.js';
import {
  actOn,
  createCommune,
  createProvince,
  dossierDetail,
  type Headers,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
  uploadResult,
} from './dossiers.factories.js';

/** Wall-clock instant of a local (Asia/Ho_Chi_Minh) date and time. */
const local = (iso: string) => new Date(`${iso}+07:00`);
const PUBLIC_URL = 'https://dichvucong.thunghiem.gov.vn';

describe('dossier notifications: milestones and texts (pure)', () => {
  it('maps actions to the milestones the applicant hears about, internal steps to none', () => {
    expect(milestoneOf({ action: 'receive', fromStatus: null })).toBe('received');
    expect(milestoneOf({ action: 'receive', fromStatus: 'submitted' })).toBe('received');
    // The other agency taking over a transferred dossier: the applicant already has code and appointment.
    expect(milestoneOf({ action: 'receive', fromStatus: 'transferred' })).toBeNull();
    expect(milestoneOf({ action: 'submit_online', fromStatus: null })).toBe('submitted');
    expect(milestoneOf({ action: 'extend_deadline', fromStatus: 'received' })).toBe('extended');
    for (const a of ['forward', 'approve', 'return_to_previous_step', 'transfer_to_agency', 'supplement'] as const)
      expect(milestoneOf({ action: a, fromStatus: 'received' })).toBeNull();
  });

  it('formats instants in Vietnam time and cuts a long reason for SMS only', () => {
    expect(formatLocal(new Date('2026-03-17T10:00:00Z'))).toBe('17:00 ngày 17/03/2026');
    expect(formatLocal(new Date('2026-12-31T17:05:00Z'))).toBe('00:05 ngày 01/01/2027');
    const row = {
      code: '000.00.00.X01-260310-0001',
      procedure_name: 'Đăng ký khai sinh',
      channel: 'counter',
      applicant: { name: 'Nguyễn Văn A', phone: '0912345678', email: null },
    } as unknown as DossierRow;
    const reason = 'Bản sao giấy chứng sinh bị mờ, cần bản rõ hơn. '.repeat(5);
    const ctx = { agencyName: 'UBND xã A', publicUrl: PUBLIC_URL, now: new Date() };
    const sms = messageData('supplement_requested', row, { ...ctx, channel: 'sms' }, { reason });
    const email = messageData('supplement_requested', row, { ...ctx, channel: 'email' }, { reason });
    expect(sms.reason!.length).toBeLessThanOrEqual(120);
    expect(sms.reason!.endsWith('…')).toBe(true);
    expect(email.reason).toBe(reason.trim().replace(/\.$/, ''));
    expect(email.lookupUrl).toBe(`${PUBLIC_URL}/tra-cuu-ho-so?ma=000.00.00.X01-260310-0001`);
  });
});

describe('dossier notifications: e-mail and SMS to the applicant at each milestone', () => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
  let answer: (n: number) => number = () => 200;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let b: Awaited<ReturnType<typeof createCommune>>;
  let admin: Parameters<typeof session>[1];
  let p5: string;
  let phoneSeq = 0;
  /**
   * Signs in once per person and clock value (the login route is rate-limited; sessions are re-made when the
   * clock moves, as the dossiers factories advise).
   */
  const sessions = new Map<string, Headers>();
  let clockKey = '';
  const setNow = (at: Date) => {
    clockKey = at.toISOString();
    t.setNow(at);
  };
  const as = async (o: Parameters<typeof session>[1]): Promise<Headers> => {
    const key = `${o.username}@${clockKey}`;
    let h = sessions.get(key);
    if (!h) {
      h = await session(t.app, o);
      sessions.set(key, h);
    }
    return h;
  };
  /** A phone number no other test uses, so a test reads only its own messages. */
  const nextPhone = () => `09130${String(++phoneSeq).padStart(5, '0')}`;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    gateway = await startSmsGateway((n) => answer(n));
    t = await createTestApp({
      now: local('2026-03-09T08:00:00'),
      env: {
        PUBLIC_URL,
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Saola <no-reply@thunghiem.gov.vn>',
        SMS_GATEWAY_URL: gateway.url,
        SMS_GATEWAY_TOKEN: 'tok-test',
      },
    });
    const p = await createProvince(t.app);
    admin = p.admin;
    a = await createCommune(t.app, p.province.id, 'UBND xã Thông Báo');
    b = await createCommune(t.app, p.province.id, 'UBND xã Bên Cạnh');
    p5 = (await publishedProcedure(t.app, await as(admin), [a.agency.id, b.agency.id], 5)).code;
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await gateway.close();
  });
  beforeEach(() => {
    answer = () => 200;
    smtp.received.length = 0;
    gateway.requests.length = 0;
  });

  /** Outbox rows (with their text while queued) addressed to these recipients, oldest first. */
  const outboxTo = (...to: string[]) =>
    t.app.database.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('recipient', 'in', to)
      .orderBy('job_id') // the queue's identity column: the order of the send() calls
      .execute();
  /** The outbox through the admin route (province administrator). */
  const outboxRoute = async (query = '') => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/v1/notifications/outbox?limit=200${query}`,
      headers: await as(admin),
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{
      items: {
        to: string;
        channel: string;
        template: string;
        status: string;
        attempts: number;
        lastError: string | null;
      }[];
    }>().items;
  };
  const receive = async (
    officer: Headers,
    applicant: { phone?: string; email?: string },
    name = 'Trần Thị Nhận Tin',
  ) => {
    const body = receptionBody(p5, a.agency.id, name);
    const { phone: _p, ...rest } = body.applicant;
    // receiveDossier's type follows receptionBody (phone required); the route takes it optional.
    const payload = { ...body, applicant: { ...rest, ...applicant } } as unknown as typeof body;
    return receiveDossier(t.app, officer, payload);
  };

  it('a counter reception queues one e-mail and one SMS with the code, due date and lookup link', async () => {
    setNow(local('2026-03-10T09:00:00')); // Tuesday
    const phone = nextPhone();
    const email = 'tran.thi.nhan@example.vn';
    const { code, dueAt } = await receive(await as(a.officer), { phone, email });
    expect(dueAt).toBe(local('2026-03-17T17:00:00').toISOString());

    const rows = await outboxTo(phone, email);
    expect(rows.map((r) => [r.channel, r.recipient, r.template_code, r.status])).toEqual([
      ['email', email, 'dossier.received', 'queued'],
      ['sms', phone, 'dossier.received', 'queued'],
    ]);
    const [mail, sms] = rows;
    const link = `${PUBLIC_URL}/tra-cuu-ho-so?ma=${code}`;
    expect(mail!.subject).toBe(`Hồ sơ ${code} đã được tiếp nhận`);
    expect(mail!.body).toContain('Kính gửi ông/bà Trần Thị Nhận Tin,');
    expect(mail!.body).toContain('UBND xã Thông Báo đã tiếp nhận hồ sơ "Đăng ký khai sinh thử nghiệm 5 ngày"');
    expect(mail!.body).toContain('lúc 09:00 ngày 10/03/2026');
    expect(mail!.body).toContain(`Mã hồ sơ: ${code}`);
    expect(mail!.body).toContain('Ngày hẹn trả kết quả: 17:00 ngày 17/03/2026');
    expect(mail!.body).toContain(link);
    expect(sms!.subject).toBeNull();
    expect(sms!.body).toBe(
      `Saola: hồ sơ ${code} đã được tiếp nhận. Hẹn trả kết quả: 17:00 ngày 17/03/2026. Tra cứu: ${link}`,
    );

    // The link opens the public lookup page with the code filled in (the applicant adds the phone).
    const page = await t.app.inject({ method: 'GET', url: link.slice(PUBLIC_URL.length) });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`value="${code}"`);

    // The admin route lists both, queued.
    const listed = (await outboxRoute()).filter((i) => i.to === phone || i.to === email);
    expect(listed.map((i) => [i.channel, i.template, i.status]).sort()).toEqual([
      ['email', 'dossier.received', 'queued'],
      ['sms', 'dossier.received', 'queued'],
    ]);
  });

  it('the job delivers the e-mail over SMTP and the SMS through the gateway', async () => {
    setNow(local('2026-03-10T10:00:00'));
    const phone = nextPhone();
    const email = 'nguoi.nhan.thu@example.vn';
    const { code } = await receive(await as(a.officer), { phone, email }, 'Lê Văn Nhận Thư');
    await t.app.jobs.runDue();

    const mails = smtp.received.filter((m) => m.to.includes(email));
    expect(mails).toHaveLength(1);
    const parsed = parseMail(mails[0]!.raw);
    expect(parsed.headers.subject).toBe(`Hồ sơ ${code} đã được tiếp nhận`);
    expect(parsed.text).toContain('Kính gửi ông/bà Lê Văn Nhận Thư,');
    expect(parsed.text).toContain('Ngày hẹn trả kết quả: 17:00 ngày 17/03/2026');
    const texts = gateway.requests.filter((r) => (r.body as { to: string }).to === phone);
    expect(texts).toHaveLength(1);
    expect((texts[0]!.body as { text: string }).text).toContain(`hồ sơ ${code} đã được tiếp nhận`);
    expect((await outboxTo(phone, email)).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('a failing SMS gateway is retried, then the failure and its error show in the outbox route', async () => {
    setNow(local('2026-03-10T11:00:00'));
    const phone = nextPhone();
    await receive(await as(a.officer), { phone });
    answer = () => 502;
    await t.app.jobs.runDue();
    let listed = (await outboxRoute('&status=queued')).filter((i) => i.to === phone);
    expect(listed).toMatchObject([{ template: 'dossier.received', status: 'queued', attempts: 1 }]);
    expect(listed[0]!.lastError).toMatch(/HTTP 502/);

    let now = local('2026-03-10T11:00:00');
    for (let i = 0; i < MAX_ATTEMPTS + 1; i++) {
      now = new Date(now.getTime() + 600_000);
      setNow(now);
      await t.app.jobs.runDue();
    }
    expect(gateway.requests.filter((r) => (r.body as { to: string }).to === phone)).toHaveLength(MAX_ATTEMPTS);
    listed = (await outboxRoute('&status=failed')).filter((i) => i.to === phone);
    expect(listed).toMatchObject([{ channel: 'sms', template: 'dossier.received', attempts: MAX_ATTEMPTS }]);
    expect(listed[0]!.lastError).toMatch(/HTTP 502/);
  });

  it('sends nothing to an applicant without contact, and a mistyped phone does not block the reception', async () => {
    setNow(local('2026-03-11T09:00:00'));
    const count = async () =>
      (
        await t.app.database.db
          .selectFrom('notification_outbox')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('template_code', 'like', 'dossier.%')
          .executeTakeFirstOrThrow()
      ).n;
    const before = await count();
    const officer = await as(a.officer);
    const { code } = await receive(officer, {}, 'Người Không Liên Lạc');
    const mistyped = await receive(officer, { phone: '091234' }, 'Người Ghi Sai Số');
    expect((await dossierDetail(t.app, officer, mistyped.code)).status).toBe('received');
    // Later milestones of the same dossier send nothing either.
    const d = await dossierDetail(t.app, officer, code);
    expect(
      (await actOn(t.app, officer, code, 'stop', { version: d.version, reason: 'Người nộp đề nghị' })).statusCode,
    ).toBe(200);
    expect(await count()).toBe(before);
  });

  it('tells the applicant of each milestone, with the right text, and nothing for internal steps', async () => {
    setNow(local('2026-03-10T09:00:00'));
    const phone = nextPhone();
    const { code } = await receive(await as(a.officer), { phone }, 'Phạm Thị Các Bước');
    const texts = async () => (await outboxTo(phone)).map((r) => [r.template_code, r.body]);
    const v = async () => (await dossierDetail(t.app, await as(a.officer), code)).version;
    /** Takes the action (200 expected) and answers how many messages the applicant has had so far. */
    const step = async (who: Parameters<typeof session>[1], action: string, payload: object = {}) => {
      const res = await actOn(t.app, await as(who), code, action, { version: await v(), ...payload });
      expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
      return (await outboxTo(phone)).length;
    };
    const link = `${PUBLIC_URL}/tra-cuu-ho-so?ma=${code}`;

    expect(await step(a.officer, 'forward')).toBe(1);
    expect(
      await step(a.specialist, 'request_supplement', {
        reason: 'Thiếu bản sao giấy chứng sinh',
        note: 'Nộp bản có chứng thực',
      }),
    ).toBe(2);
    expect((await texts())[1]).toEqual([
      'dossier.supplement_requested',
      `Saola: hồ sơ ${code} cần bổ sung: Thiếu bản sao giấy chứng sinh. Nộp bản có chứng thực. Chi tiết: ${link}`,
    ]);
    // The applicant supplements at the desk: their own act, no message.
    expect(await step(a.officer, 'supplement')).toBe(2);

    // Late: apology and the new appointment (Mẫu 04).
    setNow(local('2026-03-11T09:00:00'));
    expect(
      await step(a.leader, 'extend_deadline', {
        reason: 'Cần xác minh thêm tại nơi sinh',
        newDueAt: local('2026-03-24T17:00:00').toISOString(),
      }),
    ).toBe(3);
    expect((await texts())[2]).toEqual([
      'dossier.extended',
      `Saola xin lỗi: hồ sơ ${code} chưa giải quyết xong đúng hẹn. Hẹn trả kết quả mới: 17:00 ngày 24/03/2026. Tra cứu: ${link}`,
    ]);

    expect(await step(a.specialist, 'forward')).toBe(3);
    expect(await step(a.leader, 'approve')).toBe(3);
    const fileId = await uploadResult(t.app, await as(a.officer), code);
    expect(await step(a.officer, 'attach_result', { resultFileIds: [fileId] })).toBe(4);
    expect((await texts())[3]).toEqual([
      'dossier.result_ready',
      `Saola: hồ sơ ${code} đã có kết quả. Mời nhận kết quả tại Bộ phận Một cửa UBND xã Thông Báo, mang theo giấy hẹn.`,
    ]);
    expect(await step(a.officer, 'return_result', { returnMethod: 'counter' })).toBe(5);
    expect((await texts())[4]).toEqual([
      'dossier.returned',
      `Saola: hồ sơ ${code} đã trả kết quả (nhận tại Bộ phận Một cửa). Cảm ơn ông/bà đã sử dụng dịch vụ.`,
    ]);
  });

  it('an action that fails queues nothing (the message is in the action’s transaction)', async () => {
    setNow(local('2026-03-12T09:00:00'));
    const phone = nextPhone();
    const officer = await as(a.officer);
    const { code, version } = await receive(officer, { phone });
    // Stale version → 409, and a refused action of another commune's officer → 404: no message.
    const other = await as(b.officer);
    expect((await actOn(t.app, other, code, 'stop', { version, reason: 'x' })).statusCode).toBe(404);
    const res = await actOn(t.app, officer, code, 'stop', { version: version + 5, reason: 'Người nộp đề nghị' });
    expect(res.statusCode).toBe(409);
    expect((await outboxTo(phone)).map((r) => r.template_code)).toEqual(['dossier.received']);
    const ok = await actOn(t.app, officer, code, 'stop', { version, reason: 'Người nộp đề nghị dừng' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await outboxTo(phone)).map((r) => [r.template_code, r.body])).toEqual([
      ['dossier.received', expect.any(String)],
      [
        'dossier.stopped',
        `Saola: hồ sơ ${code} đã dừng giải quyết. Lý do: Người nộp đề nghị dừng. Chi tiết: ${PUBLIC_URL}/tra-cuu-ho-so?ma=${code}`,
      ],
    ]);
  });

  it('an online dossier follows the citizen’s consents per channel (submitted, received, refused)', async () => {
    setNow(local('2026-03-16T09:00:00')); // Monday
    const citizen = await signInCitizen(t.app);
    const phone = nextPhone();
    const email = 'cong.dan.truc.tuyen@example.vn';
    const submit = () =>
      t.app.dossiers.submitOnline({
        citizenId: citizen.citizenId,
        procedureCode: p5,
        agencyId: a.agency.id,
        applicant: { name: 'Võ Thị Trực Tuyến', phone, email },
        formData: {},
        files: [{ component: 'Tờ khai', fileId: randomUUID() }],
      });
    // No consent to notifications yet: nothing on either channel.
    const first = await submit();
    expect(await outboxTo(phone, email)).toEqual([]);

    const actor: ActorContext = {
      actorKind: 'citizen',
      actorId: citizen.citizenId,
      actorName: 'Võ Thị Trực Tuyến',
      ip: null,
      userAgent: null,
      requestId: null,
    };
    await t.app.privacy.recordConsent(actor, citizen.citizenId, {
      purpose: 'notifications.email',
      granted: true,
      source: 'account_page',
    });
    const second = await submit();
    let rows = await outboxTo(phone, email);
    expect(rows.map((r) => [r.channel, r.template_code])).toEqual([['email', 'dossier.submitted']]);
    expect(rows[0]!.subject).toBe(`Đã nhận hồ sơ trực tuyến ${second.code}`);
    // 8 office hours from Mon 09:00 → Tue 09:30.
    expect(rows[0]!.body).toContain('chậm nhất vào 09:30 ngày 17/03/2026');

    // The officer accepts the first one (filed before the consent): the consent counts when the message is sent.
    setNow(local('2026-03-16T10:00:00'));
    const officer = await as(a.officer);
    let res = await actOn(t.app, officer, first.code, 'receive', {
      version: (await dossierDetail(t.app, officer, first.code)).version,
    });
    expect(res.statusCode, res.body).toBe(200);
    res = await actOn(t.app, officer, second.code, 'refuse', {
      version: (await dossierDetail(t.app, officer, second.code)).version,
      reason: 'Thủ tục không thuộc thẩm quyền của xã',
    });
    expect(res.statusCode, res.body).toBe(200);
    rows = await outboxTo(phone, email);
    expect(rows.map((r) => [r.channel, r.template_code])).toEqual([
      ['email', 'dossier.submitted'],
      ['email', 'dossier.received'],
      ['email', 'dossier.refused'],
    ]);
    expect(rows[1]!.body).toContain(`Mã hồ sơ: ${first.code}`);
    expect(rows[1]!.body).toContain('Ngày hẹn trả kết quả: 17:00 ngày 23/03/2026');
    expect(rows[2]!.body).toContain('Lý do: Thủ tục không thuộc thẩm quyền của xã');

    // Withdrawing the e-mail consent and granting SMS switches the channel.
    await t.app.privacy.withdrawConsent(actor, citizen.citizenId, 'notifications.email');
    await t.app.privacy.recordConsent(actor, citizen.citizenId, {
      purpose: 'notifications.sms',
      granted: true,
      source: 'account_page',
    });
    const third = await submit();
    rows = await outboxTo(phone, email);
    expect(rows.slice(3).map((r) => [r.channel, r.template_code])).toEqual([['sms', 'dossier.submitted']]);
    expect(rows[3]!.body).toContain(third.code);
  });

  it('an administrator’s edit of a dossier template is used for the next message; required placeholders stay', async () => {
    setNow(local('2026-03-17T09:00:00'));
    const adminH = await as(admin);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/notifications/templates', headers: adminH });
    expect(list.statusCode).toBe(200);
    const tpl = list
      .json<{
        items: { code: string; channel: string; version: number; variables: string[]; requiredVariables: string[] }[];
      }>()
      .items.find((i) => i.code === 'dossier.received' && i.channel === 'sms')!;
    expect(tpl.requiredVariables).toEqual(['code', 'dueAt']);
    expect(tpl.variables).toEqual(expect.arrayContaining(['applicantName', 'lookupUrl', 'receivedAt']));

    const put = (body: string) =>
      t.app.inject({
        method: 'PUT',
        url: '/api/v1/notifications/templates/dossier.received',
        headers: adminH,
        payload: { channel: 'sms', version: tpl.version, subject: null, body },
      });
    expect((await put('UBND xa: ho so {{code}} da nhan.')).statusCode).toBe(422); // {{dueAt}} removed
    const res = await put('UBND: ho so {{code}} da tiep nhan, hen tra {{dueAt}}. {{lookupUrl}}');
    expect(res.statusCode, res.body).toBe(200);

    const phone = nextPhone();
    const { code } = await receive(await as(a.officer), { phone });
    expect((await outboxTo(phone)).map((r) => r.body)).toEqual([
      `UBND: ho so ${code} da tiep nhan, hen tra 17:00 ngày 24/03/2026. ${PUBLIC_URL}/tra-cuu-ho-so?ma=${code}`,
    ]);
  });

  it('the admin routes: the province administrator may; a commune administrator, an officer, a citizen may not', async () => {
    const communeAdmin = await createUser(t.app, { agencyId: a.agency.id, roles: [{ roleCode: 'quan_tri' }] });
    const citizen = await signInCitizen(t.app);
    const callers: [string, Headers | Record<string, never>, number][] = [
      ['province admin', await as(admin), 200],
      ['commune admin', await as(communeAdmin), 403],
      ['one-stop officer', await as(a.officer), 403],
      ['officer of another commune', await as(b.officer), 403],
      ['citizen', citizen.headers, 403],
      ['anonymous', {}, 401],
    ];
    for (const [who, headers, status] of callers) {
      for (const url of ['/api/v1/notifications/outbox?status=failed', '/api/v1/notifications/templates'])
        expect((await t.app.inject({ method: 'GET', url, headers })).statusCode, `${who} GET ${url}`).toBe(status);
      const put = await t.app.inject({
        method: 'PUT',
        url: '/api/v1/notifications/templates/dossier.stopped',
        headers,
        payload: { channel: 'sms', version: 1, subject: null, body: 'Ho so {{code}} da dung giai quyet.' },
      });
      // The province admin's edit succeeds (200); nobody else gets past authorization.
      expect(put.statusCode, `${who} PUT`).toBe(status);
    }
  });
});
