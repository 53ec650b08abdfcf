import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createUser, type Session, signIn } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';

/** The notification admin routes inside the whole product: real sessions, CSRF, org tree and audit log. */
describe('notification admin routes in the product', () => {
  let t: TestApp;
  let provinceAdmin: Session;
  let communeAdmin: Session;
  let officer: Session;

  beforeAll(async () => {
    t = await createTestApp({ now: new Date('2026-03-02T08:00:00+07:00') });
    const province = await createAgency(t.app, { name: 'UBND tỉnh Quảng Trị', kind: 'ubnd_tinh' });
    const commune = await createAgency(t.app, { name: 'UBND phường Đồng Hới', parentId: province.id });
    provinceAdmin = await signIn(
      t.app,
      await createUser(t.app, { agencyId: province.id, roles: [{ roleCode: 'quan_tri' }] }),
    );
    communeAdmin = await signIn(
      t.app,
      await createUser(t.app, { agencyId: commune.id, roles: [{ roleCode: 'quan_tri' }] }),
    );
    officer = await signIn(
      t.app,
      await createUser(t.app, { agencyId: province.id, roles: [{ roleCode: 'chuyen_vien' }] }),
    );
  });
  afterAll(async () => t.close());

  it('answers 401 without a session, 403 to an officer and to a commune administrator', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/notifications/outbox' })).statusCode).toBe(401);
    for (const headers of [officer, communeAdmin]) {
      const res = await t.app.inject({
        method: 'GET',
        url: '/api/v1/notifications/templates',
        headers: { ...headers },
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('lets the provincial administrator read the outbox and edit a template (CSRF required, audited)', async () => {
    const { id } = await t.app.notifications.send({
      channel: 'sms',
      to: '0912345678',
      template: 'citizen.otp',
      data: { code: '135790', minutes: 5 },
    });
    const outbox = await t.app.inject({
      method: 'GET',
      url: '/api/v1/notifications/outbox',
      headers: { ...provinceAdmin },
    });
    expect(outbox.statusCode).toBe(200);
    expect(outbox.json<{ items: { id: string; status: string }[] }>().items).toContainEqual(
      expect.objectContaining({ id, status: 'queued' }),
    );

    const payload = { channel: 'sms', version: 1, subject: null, body: 'Mã Saola: {{code}} ({{minutes}} phút).' };
    const url = '/api/v1/notifications/templates/citizen.otp';
    const noCsrf = await t.app.inject({ method: 'PUT', url, headers: { cookie: provinceAdmin.cookie }, payload });
    expect(noCsrf.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'PUT', url, headers: { ...provinceAdmin }, payload });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ version: 2, body: payload.body });

    const audit = await t.app.database.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', '=', 'notification_template.update')
      .execute();
    expect(audit).toEqual([{ action: 'notification_template.update', entity_id: 'citizen.otp:sms' }]);
  });
});
