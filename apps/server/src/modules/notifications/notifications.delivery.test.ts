import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from './notifications.service.js';
import { createModuleTestApp, type ModuleTestApp } from './notifications.test-app.js';
import { parseMail, startSmsGateway, startSmtpServer } from './notifications.test-servers.js';

const OTP_TEXT = 'Mã xác thực Saola của bạn là 482913. Mã có hiệu lực 5 phút. Không chia sẻ mã này với bất kỳ ai.';

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Hết thời gian chờ: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('notifications: delivery through real SMTP and HTTP servers', () => {
  let t: ModuleTestApp;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let gateway: Awaited<ReturnType<typeof startSmsGateway>>;
  /** What the gateway answers to the n-th request; replaced by each test. */
  let answer: (n: number) => number | Promise<number> = () => 200;
  let now = new Date('2026-03-02T08:00:00+07:00');
  const outbox = (id: string) =>
    t.app.database.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  beforeAll(async () => {
    smtp = await startSmtpServer();
    gateway = await startSmsGateway((n) => answer(n));
    t = await createModuleTestApp({
      env: {
        SMTP_URL: smtp.url,
        SMTP_FROM: 'Saola Quảng Trị <no-reply@quangtri.gov.vn>',
        SMS_GATEWAY_URL: gateway.url,
        SMS_GATEWAY_TOKEN: 'tok-123',
      },
      now,
    });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
    await gateway.close();
  });
  beforeEach(() => {
    gateway.requests.length = 0;
    smtp.received.length = 0;
    answer = () => 200;
  });

  it('sends an e-mail over SMTP from the job, with Vietnamese subject and body intact', async () => {
    const { id } = await t.app.notifications.send({
      channel: 'email',
      to: 'cong.dan@example.vn',
      template: 'citizen.otp',
      data: { code: '482913', minutes: 5 },
    });
    // send() only queued it.
    expect(smtp.received).toHaveLength(0);
    expect(await outbox(id)).toMatchObject({
      status: 'queued',
      attempts: 0,
      recipient: 'cong.dan@example.vn',
      body: OTP_TEXT,
    });

    expect(await t.app.jobs.runDue()).toBe(1);
    expect(smtp.received).toHaveLength(1);
    const mail = smtp.received[0]!;
    expect(mail.to).toEqual(['cong.dan@example.vn']);
    expect(mail.from).toBe('no-reply@quangtri.gov.vn');
    const parsed = parseMail(mail.raw);
    expect(parsed.headers.subject).toBe('Mã xác thực Saola');
    expect(parsed.headers.from).toContain('Saola Quảng Trị');
    expect(parsed.text).toBe(OTP_TEXT);

    const row = await outbox(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, last_error: null, body: null, data: {} });
    expect(row.sent_at?.getTime()).toBe(now.getTime());

    // Outside production every message is also a JSON line in ${dataDir}/outbox.log (read by the browser tests).
    const lines = fs.readFileSync(path.join(t.config.dataDir, 'outbox.log'), 'utf8').trim().split('\n');
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({
        id,
        channel: 'email',
        to: 'cong.dan@example.vn',
        template: 'citizen.otp',
        text: OTP_TEXT,
      }),
    );
  });

  it('retries an SMS when the gateway answers 500, then succeeds', async () => {
    answer = (n) => (n === 1 ? 500 : 200);
    const { id } = await t.app.notifications.send({
      channel: 'sms',
      to: '0912 345 678',
      template: 'citizen.otp',
      data: { code: '482913', minutes: 5 },
    });
    expect(await t.app.jobs.runDue()).toBe(1);
    expect(gateway.requests).toEqual([
      {
        authorization: 'Bearer tok-123',
        contentType: expect.stringContaining('application/json'),
        body: { to: '0912345678', text: OTP_TEXT },
      },
    ]);
    let row = await outbox(id);
    expect(row).toMatchObject({ status: 'queued', attempts: 1 });
    expect(row.last_error).toMatch(/HTTP 500/);

    // Back-off: not retried at once…
    expect(await t.app.jobs.runDue()).toBe(0);
    // …but once the retry is due.
    now = new Date(now.getTime() + 60_000);
    t.setNow(now);
    expect(await t.app.jobs.runDue()).toBe(1);
    expect(gateway.requests).toHaveLength(2);
    row = await outbox(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
  });

  it('marks a message failed, with its last error, after the last attempt', async () => {
    answer = () => 503;
    const { id } = await t.app.notifications.send({
      channel: 'sms',
      to: '+84912345678',
      template: 'citizen.otp',
      data: { code: '1', minutes: 5 },
    });
    for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
      await t.app.jobs.runDue();
      now = new Date(now.getTime() + 3600_000);
      t.setNow(now);
    }
    expect(gateway.requests).toHaveLength(MAX_ATTEMPTS);
    const row = await outbox(id);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, body: null });
    expect(row.last_error).toMatch(/HTTP 503/);
  });

  it('does not deliver a message whose expiry passed before the job ran', async () => {
    const { id } = await t.app.notifications.send({
      channel: 'sms',
      to: '0912345678',
      template: 'citizen.otp',
      data: { code: '1', minutes: 5 },
      expiresAt: new Date(now.getTime() + 5 * 60_000),
    });
    now = new Date(now.getTime() + 6 * 60_000);
    t.setNow(now);
    await t.app.jobs.runDue();
    expect(gateway.requests).toHaveLength(0);
    expect(await outbox(id)).toMatchObject({ status: 'failed', last_error: expect.stringContaining('hết hạn') });
  });

  it('a slow gateway never blocks the caller of send()', async () => {
    const release: (() => void)[] = [];
    answer = () => new Promise<number>((resolve) => release.push(() => resolve(200)));
    await t.app.startBackgroundWork!();

    const first = await t.app.notifications.send({
      channel: 'sms',
      to: '0912000001',
      template: 'citizen.otp',
      data: { code: '111111', minutes: 5 },
    });
    expect((await outbox(first.id)).status).toBe('queued');
    // The background worker reaches the gateway, which does not answer…
    await waitFor(() => gateway.requests.length === 1, 'the gateway to receive the first SMS');
    // …and meanwhile another request can still queue a message, at once.
    const second = await t.app.notifications.send({
      channel: 'sms',
      to: '0912000002',
      template: 'citizen.otp',
      data: { code: '222222', minutes: 5 },
    });
    expect((await outbox(second.id)).status).toBe('queued');
    expect((await outbox(first.id)).status).toBe('queued');

    await waitFor(() => release.length >= 1, 'a held answer');
    while (release.length) release.shift()!();
    await waitFor(async () => {
      while (release.length) release.shift()!();
      return (await outbox(first.id)).status === 'sent' && (await outbox(second.id)).status === 'sent';
    }, 'both messages to be sent');
  });

  it('refuses an invalid recipient and an unknown template at send time', async () => {
    await expect(
      t.app.notifications.send({
        channel: 'sms',
        to: 'không phải số',
        template: 'citizen.otp',
        data: { code: '1', minutes: 5 },
      }),
    ).rejects.toMatchObject({ status: 422, code: 'invalid_recipient' });
    await expect(
      t.app.notifications.send({ channel: 'email', to: 'a@b.vn', template: 'khong.co', data: {} }),
    ).rejects.toThrow(/khong\.co/);
    await expect(
      t.app.notifications.send({ channel: 'email', to: 'a@b.vn', template: 'citizen.otp', data: { minutes: 5 } }),
    ).rejects.toThrow(/\{\{code\}\}/);
  });

  it("queues nothing when the caller's transaction rolls back", async () => {
    const before = await t.app.database.db.selectFrom('notification_outbox').select('id').execute();
    await t.app.database.db
      .transaction()
      .execute(async (trx) => {
        await t.app.notifications.send(
          { channel: 'email', to: 'a@b.vn', template: 'citizen.otp', data: { code: '1', minutes: 5 } },
          { trx },
        );
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const after = await t.app.database.db.selectFrom('notification_outbox').select('id').execute();
    expect(after).toHaveLength(before.length);
  });
});
