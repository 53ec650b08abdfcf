import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActorContext } from '../../http/request-context.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';

const officer: ActorContext = {
  actorKind: 'staff',
  actorId: null,
  actorName: 'cb.motcua',
  ip: '10.1.2.3',
  userAgent: 'vitest',
  requestId: 'r-1',
};

describe('app.privacy (the port other modules call)', () => {
  let t: TestApp;
  let citizen: CitizenSession;
  beforeAll(async () => {
    t = await createTestApp();
    citizen = await signInCitizen(t.app, '0977000111');
  });
  afterAll(async () => t.close());

  const self = (): ActorContext => ({
    actorKind: 'citizen',
    actorId: citizen.citizenId,
    actorName: null,
    ip: null,
    userAgent: null,
    requestId: null,
  });

  it('granting twice keeps one active consent; a refusal is recorded and ends the active one', async () => {
    const a = await t.app.privacy.recordConsent(self(), citizen.citizenId, {
      purpose: 'notifications.email',
      granted: true,
      source: 'api',
    });
    const b = await t.app.privacy.recordConsent(self(), citizen.citizenId, {
      purpose: 'notifications.email',
      granted: true,
      source: 'api',
    });
    expect(b.id).toBe(a.id);
    expect(await t.app.privacy.hasConsent(citizen.citizenId, 'notifications.email')).toBe(true);
    const refusal = await t.app.privacy.recordConsent(self(), citizen.citizenId, {
      purpose: 'notifications.email',
      granted: false,
      source: 'api',
    });
    expect(refusal).toMatchObject({ granted: false, grantedAt: null, withdrawnAt: null });
    expect(await t.app.privacy.hasConsent(citizen.citizenId, 'notifications.email')).toBe(false);
    const history = (await t.app.privacy.listConsents(citizen.citizenId)).filter(
      (c) => c.purpose === 'notifications.email',
    );
    expect(history.map((c) => [c.granted, c.withdrawnAt !== null])).toEqual([
      [false, false],
      [true, true],
    ]);
    expect(await t.app.privacy.withdrawConsent(self(), citizen.citizenId, 'notifications.email')).toBe(false);
  });

  it('refuses a purpose that is not in the catalogue', async () => {
    await expect(
      t.app.privacy.recordConsent(self(), citizen.citizenId, { purpose: 'quang_cao', granted: true, source: 'api' }),
    ).rejects.toMatchObject({ status: 422 });
  });

  it('logSensitiveAccess records who, when, what and why', async () => {
    t.setNow(new Date('2026-02-10T02:00:00Z'));
    try {
      await t.app.privacy.logSensitiveAccess(officer, {
        citizenId: citizen.citizenId,
        itemType: 'id_card_image',
        itemId: 'tep-42',
        purpose: 'Đối chiếu hồ sơ',
        agencyId: 'agency-x',
      });
    } finally {
      t.setNow(new Date());
    }
    const rows = await t.database.db.selectFrom('sensitive_data_access_log').selectAll().execute();
    expect(rows).toMatchObject([
      {
        actor_kind: 'staff',
        actor_name: 'cb.motcua',
        ip: '10.1.2.3',
        request_id: 'r-1',
        item_type: 'id_card_image',
        item_id: 'tep-42',
        purpose: 'Đối chiếu hồ sơ',
        agency_id: 'agency-x',
        citizen_id: citizen.citizenId,
      },
    ]);
    expect(rows[0]?.at.toISOString()).toBe('2026-02-10T02:00:00.000Z');
    expect(await t.app.privacy.listSensitiveAccessOf(citizen.citizenId)).toEqual([
      {
        at: '2026-02-10T02:00:00.000Z',
        actorKind: 'staff',
        actorName: 'cb.motcua',
        itemType: 'id_card_image',
        itemId: 'tep-42',
        purpose: 'Đối chiếu hồ sơ',
        agencyId: 'agency-x',
      },
    ]);
  });

  it('lists its purposes publicly', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/privacy/purposes' });
    expect(res.statusCode).toBe(200);
    expect(res.json<{ items: { code: string; mandatory: boolean }[] }>().items).toContainEqual(
      expect.objectContaining({ code: 'account', mandatory: true }),
    );
  });
});
