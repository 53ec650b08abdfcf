import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { onlineDossier, paymentsWorld, postPayForm } from './payments.factories.js';

/** In production without payment settings: no fake gateway, no gateway button, no VietQR; the IPN refuses everything. */
describe('payments: production without payment settings', () => {
  let t: TestApp;
  let citizen: CitizenSession;
  let code: string;

  beforeAll(async () => {
    t = await createTestApp({
      env: { NODE_ENV: 'production', SESSION_SECRET: 'p'.repeat(40), DATA_KEY: 'c'.repeat(64), SEED_DEMO: 'false' },
    });
    const w = await paymentsWorld(t.app);
    citizen = await signInCitizen(t.app);
    code = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
  }, 120_000);
  afterAll(async () => t.close());

  it('has no fake gateway', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/dev/payment-gateway' })).statusCode).toBe(404);
  });

  it('shows the amount without a gateway button or a VietQR, and refuses to start a payment', async () => {
    const page = await t.app.inject({
      method: 'GET',
      url: `/ho-so-cua-toi/${code}/thanh-toan`,
      headers: { cookie: citizen.cookie },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('10.000 đồng');
    expect(page.body).toContain('Hiện chưa hỗ trợ thanh toán qua cổng thanh toán.');
    expect(page.body).not.toContain('data:image/png');
    const start = await postPayForm(t.app, citizen, code);
    expect(start.statusCode).toBe(503);
    expect(start.body).toContain('Chưa hỗ trợ thanh toán trực tuyến qua cổng.');
  });

  it('answers every IPN with "Invalid signature" (no secret to check it with)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/payments/gateway/ipn?vnp_TxnRef=X&vnp_SecureHash=00',
    });
    expect(res.json()).toMatchObject({ RspCode: '97' });
  });
});
