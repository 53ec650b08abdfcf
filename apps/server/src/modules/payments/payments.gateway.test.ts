import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CitizenSession, signInCitizen } from '../../test/factories/citizens.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { session } from '../dossiers/dossiers.factories.js';
import { pdfText } from '../papers/papers.test-helpers.js';
import { urlWith, verify } from './gateway-vnpay.js';
import {
  gatewayResult,
  onlineDossier,
  paymentsWorld,
  postPayForm,
  sendIpn,
  startPayment,
} from './payments.factories.js';
import { parseTlv, vietQrPayload } from './vietqr.js';

/** The citizen's side: pay page, signed redirect, IPN (signature, amount, order, replay), return page, receipt. */
describe('payments: gateway and citizen pages', () => {
  let t: TestApp;
  let w: Awaited<ReturnType<typeof paymentsWorld>>;
  let citizen: CitizenSession;
  let other: CitizenSession;
  let secret: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await paymentsWorld(t.app);
    citizen = await signInCitizen(t.app);
    other = await signInCitizen(t.app);
    secret = t.config.payment.secret;
  }, 120_000);
  afterAll(async () => t.close());

  const page = (c: CitizenSession | null, url: string) =>
    t.app.inject({ method: 'GET', url, headers: c ? { cookie: c.cookie } : {} });

  it('shows the pay page to the dossier’s citizen only: amount, VietQR of the dossier code, the gateway button', async () => {
    const code = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
    const res = await page(citizen, `/ho-so-cua-toi/${code}/thanh-toan`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('10.000 đồng');
    expect(res.body).toContain('Thanh toán qua cổng');
    expect(res.body).toMatch(/<img\s+src="data:image\/png;base64,/);
    expect(res.body).toContain(`value="${citizen.csrf}"`);
    // The image encodes the VietQR payload of the configured account, the amount due and the dossier code.
    const { bankBin, bankAccount } = t.config.payment;
    const payload = vietQrPayload({ bankBin, accountNumber: bankAccount ?? '', amountVnd: 10000, purpose: code });
    expect(parseTlv(parseTlv(payload).get('62') ?? '').get('08')).toBe(code);
    const expected = await QRCode.toDataURL(payload, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
    expect(res.body).toContain(`src="${expected}"`);

    expect((await page(other, `/ho-so-cua-toi/${code}/thanh-toan`)).statusCode).toBe(404);
    const anonymous = await page(null, `/ho-so-cua-toi/${code}/thanh-toan`);
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/dang-nhap');
    const officer = await session(t.app, w.a.officer);
    expect(
      (await t.app.inject({ method: 'GET', url: `/ho-so-cua-toi/${code}/thanh-toan`, headers: officer })).statusCode,
    ).toBe(303);
  });

  it('redirects to the gateway with a signed order of the amount ×100; refuses a payment without the CSRF token', async () => {
    const code = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
    const noCsrf = await t.app.inject({
      method: 'POST',
      url: `/ho-so-cua-toi/${code}/thanh-toan`,
      headers: { cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: '',
    });
    expect(noCsrf.statusCode).toBe(403);
    const { location, params } = await startPayment(t.app, citizen, code);
    expect(location.pathname).toBe('/dev/payment-gateway');
    expect(verify(params, secret)).toBe(true);
    expect(params).toMatchObject({
      vnp_Amount: '1000000',
      vnp_Command: 'pay',
      vnp_CurrCode: 'VND',
      vnp_Version: '2.1.0',
    });
    expect(params.vnp_ReturnUrl).toBe(`${t.config.publicUrl}/thanh-toan/ket-qua`);
    expect(params.vnp_OrderInfo).toContain(code);
    // Another citizen cannot start a payment of this dossier.
    const foreign = await postPayForm(t.app, other, code);
    expect(foreign.statusCode).toBe(404);
  });

  it('sends a second click to the same open order; a new order only when the first is about to expire', async () => {
    const start = Date.now();
    t.setNow(new Date(start));
    try {
      const code = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
      const first = (await startPayment(t.app, citizen, code)).params;
      t.setNow(new Date(start + 5 * 60_000));
      const second = (await startPayment(t.app, citizen, code)).params;
      expect(verify(second, secret)).toBe(true);
      for (const k of ['vnp_TxnRef', 'vnp_CreateDate', 'vnp_ExpireDate', 'vnp_Amount'])
        expect(second[k], k).toBe(first[k]);
      // 12 minutes after the first: 3 minutes left, too few to pay; a new order (the first may still be paid).
      t.setNow(new Date(start + 12 * 60_000));
      const third = (await startPayment(t.app, citizen, code)).params;
      expect(third.vnp_TxnRef).not.toBe(first.vnp_TxnRef);
      expect(third.vnp_Amount).toBe(first.vnp_Amount);
      const fourth = (await startPayment(t.app, citizen, code)).params;
      expect(fourth.vnp_TxnRef).toBe(third.vnp_TxnRef);
      // Once one is paid, nothing is left to pay: no order at all.
      expect((await sendIpn(t.app, gatewayResult(third, secret))).RspCode).toBe('00');
      expect((await postPayForm(t.app, citizen, code)).statusCode).not.toBe(303);
    } finally {
      t.setNow(null);
    }
  });

  it('IPN: bad signature refused, wrong amount refused, unknown order refused; good one pays once, replay does not pay twice', async () => {
    const code = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
    const { params: order } = await startPayment(t.app, citizen, code);
    const good = gatewayResult(order, secret);

    expect(await sendIpn(t.app, { ...good, vnp_TransactionNo: '999' })).toEqual({
      RspCode: '97',
      Message: 'Invalid signature',
    });
    expect(await sendIpn(t.app, gatewayResult(order, 'not-the-secret-of-this-merchant'))).toMatchObject({
      RspCode: '97',
    });
    expect(await sendIpn(t.app, gatewayResult(order, secret, { vnp_Amount: '100000' }))).toEqual({
      RspCode: '04',
      Message: 'Invalid amount',
    });
    expect(await sendIpn(t.app, gatewayResult(order, secret, { vnp_TxnRef: 'KHONGCO' }))).toEqual({
      RspCode: '01',
      Message: 'Order not found',
    });
    expect((await t.app.payments.feeStatus(code))?.status).toBe('unpaid');

    // The browser may come back before the IPN: the page shows what the IPN recorded, i.e. still waiting.
    const early = await page(citizen, urlWith('/thanh-toan/ket-qua', good));
    expect(early.statusCode).toBe(200);
    expect(early.body).toContain('Đang chờ xác nhận thanh toán');

    expect(await sendIpn(t.app, good)).toEqual({ RspCode: '00', Message: 'Confirm Success' });
    expect(await sendIpn(t.app, good)).toEqual({ RspCode: '02', Message: 'Order already confirmed' });
    const status = await t.app.payments.feeStatus(code);
    expect(status).toMatchObject({ status: 'paid', paidVnd: 10000, amountVnd: 10000 });
    expect(status?.payments.filter((p) => p.status === 'paid')).toHaveLength(1);
    expect(status?.payments[0]).toMatchObject({ method: 'gateway', reference: '14123456' });

    const back = await page(citizen, urlWith('/thanh-toan/ket-qua', good));
    expect(back.body).toContain('Thanh toán thành công');
    const receiptLink = /href="(\/ho-so-cua-toi\/[^"]+\/bien-lai\/[^"]+)"/.exec(back.body)?.[1];
    expect(receiptLink).toBeDefined();
    const pdf = await page(citizen, receiptLink ?? '');
    expect(pdf.statusCode).toBe(200);
    const text = pdfText(pdf.rawPayload);
    expect(text).toContain('BIÊN LAI THU PHÍ, LỆ PHÍ');
    expect(text).toContain('Hoàng Thị Nộp Phí');
    expect(text).toContain('cổng thanh toán');
    expect((await page(other, receiptLink ?? '')).statusCode).toBe(404);

    // A forged return (tampered after signing) is not believed.
    const forged = await page(citizen, urlWith('/thanh-toan/ket-qua', { ...good, vnp_ResponseCode: '24' }));
    expect(forged.statusCode).toBe(400);

    // Nothing left to pay: a new payment is refused on the page.
    const again = await t.app.inject({
      method: 'POST',
      url: `/ho-so-cua-toi/${code}/thanh-toan`,
      headers: { cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `_csrf=${encodeURIComponent(citizen.csrf)}`,
    });
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('không còn khoản phí');
  });

  it('IPN sent twice at the same time pays once', async () => {
    const code = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
    const { params: order } = await startPayment(t.app, citizen, code);
    const good = gatewayResult(order, secret, { vnp_TransactionNo: '14999999' });
    const answers = await Promise.all([sendIpn(t.app, good), sendIpn(t.app, good), sendIpn(t.app, good)]);
    expect(answers.map((a) => a.RspCode).sort()).toEqual(['00', '02', '02']);
    const status = await t.app.payments.feeStatus(code);
    expect(status).toMatchObject({ status: 'paid', paidVnd: 10000 });
    const audit = await t.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_kind'])
      .where('action', '=', 'payment.paid')
      .where('entity_id', '=', status?.payments[0]?.id ?? '')
      .execute();
    expect(audit).toEqual([{ action: 'payment.paid', actor_kind: 'system' }]);
  });

  it('IPN of a failed payment is recorded as failed and the dossier stays unpaid', async () => {
    const code = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
    const { params: order } = await startPayment(t.app, citizen, code);
    const failed = gatewayResult(order, secret, { vnp_ResponseCode: '24', vnp_TransactionStatus: '02' });
    expect(await sendIpn(t.app, failed)).toMatchObject({ RspCode: '00' });
    expect(await sendIpn(t.app, gatewayResult(order, secret))).toMatchObject({ RspCode: '02' });
    const status = await t.app.payments.feeStatus(code);
    expect(status).toMatchObject({ status: 'unpaid', paidVnd: 0 });
    expect(status?.payments[0]?.status).toBe('failed');
    expect((await page(citizen, urlWith('/thanh-toan/ket-qua', failed))).body).toContain('không thành công');
  });

  it('walks the fake gateway: signed page, success posts the IPN and returns the browser to the result page', async () => {
    const code = await onlineDossier(t.app, citizen, w.fixed, w.a.agency.id);
    const { location } = await startPayment(t.app, citizen, code);
    const gatewayPage = await page(citizen, `${location.pathname}${location.search}`);
    expect(gatewayPage.statusCode).toBe(200);
    expect(gatewayPage.body).toContain('Cổng thanh toán thử nghiệm');
    const tampered = new URL(location);
    tampered.searchParams.set('vnp_Amount', '100');
    expect((await page(citizen, `${tampered.pathname}${tampered.search}`)).statusCode).toBe(400);

    const form = new URLSearchParams(Object.fromEntries(location.searchParams));
    form.set('ket_qua', 'thanh_cong');
    form.set('_csrf', citizen.csrf);
    const paid = await t.app.inject({
      method: 'POST',
      url: location.pathname,
      headers: { cookie: citizen.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    expect(paid.statusCode, paid.body).toBe(303);
    const back = new URL(paid.headers.location as string);
    expect(back.pathname).toBe('/thanh-toan/ket-qua');
    expect((await t.app.payments.feeStatus(code))?.status).toBe('paid');
    expect((await page(citizen, `${back.pathname}${back.search}`)).body).toContain('Thanh toán thành công');
  });

  it('by-case fee: nothing to pay until the officer sets it; then the VietQR carries the amount and the code', async () => {
    const code = await onlineDossier(t.app, citizen, w.byCase, w.a.agency.id);
    const before = await page(citizen, `/ho-so-cua-toi/${code}/thanh-toan`);
    expect(before.body).toContain('Cán bộ tiếp nhận sẽ xác định số tiền');
    expect(before.body).not.toContain('Thanh toán qua cổng');
    const officer = await session(t.app, w.a.officer);
    const set = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/dossiers/${code}/fee`,
      headers: officer,
      payload: { amountVnd: 35000, version: 0 },
    });
    expect(set.statusCode, set.body).toBe(200);
    const after = await page(citizen, `/ho-so-cua-toi/${code}/thanh-toan`);
    expect(after.body).toContain('35.000 đồng');
    expect(after.body).toContain('Thanh toán qua cổng');
    const { params } = await startPayment(t.app, citizen, code);
    expect(params.vnp_Amount).toBe('3500000');
  });
});
