import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createModuleTestApp, type ModuleTestApp, ROOT_AGENCY, staffWith } from './notifications.test-app.js';

describe('notification admin routes', () => {
  let t: ModuleTestApp;
  const admin = staffWith(['notifications.manage'], { agencyId: ROOT_AGENCY });
  const officer = staffWith(['users.read', 'audit.read'], { agencyId: ROOT_AGENCY });
  const mustChange = staffWith(['notifications.manage'], { agencyId: ROOT_AGENCY, mustChangePassword: true });
  /** Holds the permission, but in a commune: system-wide data is not theirs. */
  const communeAdmin = staffWith(['notifications.manage']);
  const citizen = {
    kind: 'citizen' as const,
    citizenId: randomUUID(),
    fullName: 'Nguyễn Văn An',
    sessionId: randomUUID(),
  };

  beforeAll(async () => {
    t = await createModuleTestApp({ now: new Date('2026-03-01T08:00:00+07:00') });
  });
  afterAll(async () => t.close());

  const get = (url: string, who: Parameters<typeof as>[0]) => t.app.inject({ method: 'GET', url, headers: as(who) });
  const put = (code: string, payload: object, who: Parameters<typeof as>[0] = admin) =>
    t.app.inject({ method: 'PUT', url: `/api/v1/notifications/templates/${code}`, headers: as(who), payload });

  describe('authorization', () => {
    for (const [name, call] of [
      ['GET outbox', (who: Parameters<typeof as>[0]) => get('/api/v1/notifications/outbox', who)],
      ['GET templates', (who: Parameters<typeof as>[0]) => get('/api/v1/notifications/templates', who)],
      [
        'PUT template',
        (who: Parameters<typeof as>[0]) =>
          put('citizen.otp', { channel: 'sms', version: 1, subject: null, body: 'Mã {{code}}' }, who),
      ],
    ] as const) {
      it(`${name}: anonymous → 401`, async () => {
        const res = await call(null);
        expect(res.statusCode).toBe(401);
        expect(res.json()).toMatchObject({ code: 'unauthorized' });
      });
      it(`${name}: staff without notifications.manage, a commune administrator, a citizen, or a user who must change the password → 403`, async () => {
        for (const who of [officer, communeAdmin, citizen, mustChange]) {
          const res = await call(who);
          expect(res.statusCode).toBe(403);
          expect(res.json()).toMatchObject({ code: 'forbidden' });
        }
      });
    }
    it('nothing was changed by the refused calls', async () => {
      const res = await get('/api/v1/notifications/templates', admin);
      const items = res.json<{ items: { code: string; channel: string; version: number }[] }>().items;
      expect(items.find((i) => i.code === 'citizen.otp' && i.channel === 'sms')?.version).toBe(1);
      expect(t.audits).toHaveLength(0);
    });
  });

  it('lists the seeded Vietnamese templates', async () => {
    const res = await get('/api/v1/notifications/templates', admin);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { code: string; channel: string; subject: string | null; body: string }[];
    // The dossier milestone templates (migration 0022) are tested in dossiers/dossier-notify.test.ts.
    expect(items.filter((i) => !i.code.startsWith('dossier.')).map((i) => `${i.code}:${i.channel}`)).toEqual([
      'citizen.otp:email',
      'citizen.otp:sms',
      'staff.password_reset:email',
      'staff.password_reset:sms',
    ]);
    expect(items[0]).toMatchObject({
      subject: 'Mã xác thực Saola',
      body: 'Mã xác thực Saola của bạn là {{code}}. Mã có hiệu lực {{minutes}} phút. Không chia sẻ mã này với bất kỳ ai.',
      variables: ['code', 'minutes'],
      requiredVariables: ['code'],
      version: 1,
      updatedByName: null,
    });
    expect(items[1]!.subject).toBeNull();
  });

  it('updates a template with optimistic locking and an audit record; new messages use it', async () => {
    const body = 'Saola: mã xác thực {{code}}, hiệu lực {{minutes}} phút. Không đưa mã cho ai.';
    const res = await put('citizen.otp', { channel: 'sms', version: 1, subject: null, body });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      code: 'citizen.otp',
      channel: 'sms',
      body,
      version: 2,
      updatedByName: 'canbo.thu',
    });

    const stale = await put('citizen.otp', { channel: 'sms', version: 1, subject: null, body: 'Mã {{code}}' });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'stale_version' });

    expect(t.audits).toHaveLength(1);
    expect(t.audits[0]).toMatchObject({
      inTransaction: true,
      actor: { actorKind: 'staff', actorId: (admin as { userId: string }).userId },
      entry: {
        action: 'notification_template.update',
        entityType: 'notification_template',
        entityId: 'citizen.otp:sms',
        agencyId: null,
        before: { version: 1, body: expect.stringContaining('Mã xác thực Saola của bạn') },
        after: { version: 2, body },
      },
    });

    const { id } = await t.app.notifications.send({
      channel: 'sms',
      to: '0912345678',
      template: 'citizen.otp',
      data: { code: '765432', minutes: 5 },
    });
    const row = await t.app.database.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.body).toBe('Saola: mã xác thực 765432, hiệu lực 5 phút. Không đưa mã cho ai.');
    expect(row.template_version).toBe(2);
  });

  it('refuses templates that would break sending', async () => {
    const cases: [object, string][] = [
      [{ channel: 'sms', version: 2, subject: null, body: 'Mã của bạn: {{ma}}' }, '/body'],
      [{ channel: 'sms', version: 2, subject: 'Tiêu đề', body: 'Mã {{code}}' }, '/subject'],
      [{ channel: 'email', version: 1, subject: null, body: 'Mã {{code}}' }, '/subject'],
    ];
    for (const [payload, field] of cases) {
      const res = await put('citizen.otp', payload);
      expect(res.statusCode).toBe(422);
      expect(res.json().errors).toContainEqual(expect.objectContaining({ field }));
    }
    expect((await put('khong.ton_tai', { channel: 'sms', version: 1, subject: null, body: 'x' })).statusCode).toBe(404);
    expect((await put('citizen.otp', { channel: 'fax', version: 1, subject: null, body: 'x' })).statusCode).toBe(422);
    expect(t.audits).toHaveLength(1);
  });

  it('lists the outbox newest first, filtered by status, page by page, without message content', async () => {
    const base = new Date('2026-04-01T09:00:00+07:00');
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      t.setNow(new Date(base.getTime() + i * 1000));
      ids.push(
        (
          await t.app.notifications.send({
            channel: 'email',
            to: `nguoi${i}@example.vn`,
            template: 'citizen.otp',
            data: { code: '1', minutes: 5 },
          })
        ).id,
      );
    }
    t.setNow(new Date(base.getTime() + 10_000));
    await t.app.jobs.runDue(); // no SMTP configured in tests: delivered to the log only → sent

    const first = await get('/api/v1/notifications/outbox?limit=2&status=sent', admin);
    expect(first.statusCode).toBe(200);
    const page1 = first.json<{ items: Record<string, unknown>[]; nextCursor: string | null }>();
    expect(page1.items.map((i) => i.id)).toEqual([ids[2], ids[1]]);
    expect(Object.keys(page1.items[0]!).sort()).toEqual([
      'attempts',
      'channel',
      'createdAt',
      'id',
      'lastError',
      'sentAt',
      'status',
      'template',
      'to',
    ]);
    expect(page1.items[0]).toMatchObject({
      channel: 'email',
      to: 'nguoi2@example.vn',
      template: 'citizen.otp',
      status: 'sent',
      attempts: 1,
      lastError: null,
    });
    expect(page1.nextCursor).toEqual(expect.any(String));

    const second = await get(`/api/v1/notifications/outbox?limit=2&status=sent&cursor=${page1.nextCursor!}`, admin);
    const page2 = second.json<{ items: Record<string, unknown>[] }>();
    expect(page2.items.map((i) => i.id)).toContain(ids[0]);
    expect(page2.items.map((i) => i.id)).not.toContain(ids[1]);

    const queued = await get('/api/v1/notifications/outbox?status=failed', admin);
    expect(queued.json().items).toEqual([]);
    expect((await get('/api/v1/notifications/outbox?status=lost', admin)).statusCode).toBe(422);
    expect((await get('/api/v1/notifications/outbox?cursor=rac', admin)).statusCode).toBe(400);
  });
});
