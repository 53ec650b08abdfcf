import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseVnpDate, paymentUrl, resultOf, sign, signData, signed, verify, vnpDate } from './gateway-vnpay.js';

const SECRET = 'test-secret-of-the-gateway-000000';

describe('signing of the gateway protocol', () => {
  it('builds the signed text exactly as the gateway documentation example URL (sorted, URL-encoded, "+" for spaces)', () => {
    // https://sandbox.vnpayment.vn/apis/docs/thanh-toan-pay/pay.html — example payment URL, without vnp_SecureHash.
    const documented =
      'vnp_Amount=1806000&vnp_Command=pay&vnp_CreateDate=20210801153333&vnp_CurrCode=VND&vnp_IpAddr=127.0.0.1' +
      '&vnp_Locale=vn&vnp_OrderInfo=Thanh+toan+don+hang+%3A5&vnp_OrderType=other' +
      '&vnp_ReturnUrl=https%3A%2F%2Fdomainmerchant.vn%2FReturnUrl&vnp_TmnCode=DEMOV210&vnp_TxnRef=5&vnp_Version=2.1.0';
    const params = {
      vnp_Version: '2.1.0',
      vnp_TxnRef: '5',
      vnp_TmnCode: 'DEMOV210',
      vnp_ReturnUrl: 'https://domainmerchant.vn/ReturnUrl',
      vnp_OrderType: 'other',
      vnp_OrderInfo: 'Thanh toan don hang :5',
      vnp_Locale: 'vn',
      vnp_IpAddr: '127.0.0.1',
      vnp_CurrCode: 'VND',
      vnp_CreateDate: '20210801153333',
      vnp_Command: 'pay',
      vnp_Amount: '1806000',
      vnp_SecureHash: 'ignored',
      vnp_SecureHashType: 'HmacSHA512',
    };
    expect(signData(params)).toBe(documented);
    expect(sign(params, SECRET)).toBe(createHmac('sha512', SECRET).update(documented).digest('hex'));
  });

  it('verifies a good signature and refuses a tampered or foreign one', () => {
    const p = signed({ vnp_TxnRef: 'A1', vnp_Amount: '1000000', vnp_ResponseCode: '00' }, SECRET);
    expect(verify(p, SECRET)).toBe(true);
    expect(verify({ ...p, vnp_Amount: '100' }, SECRET)).toBe(false);
    expect(verify(p, 'another-secret-0000000000000000')).toBe(false);
    expect(verify({ ...p, vnp_SecureHash: p.vnp_SecureHash?.toUpperCase() ?? '' }, SECRET)).toBe(true);
    expect(verify({ ...p, vnp_SecureHash: 'abc' }, SECRET)).toBe(false);
    const { vnp_SecureHash: _, ...unsigned } = p;
    expect(verify(unsigned, SECRET)).toBe(false);
  });

  it('makes a signed redirect with the amount ×100 and GMT+7 dates', () => {
    const url = new URL(
      paymentUrl(
        { url: 'https://gateway.example/pay', merchantCode: 'SAOLA01', secret: SECRET },
        {
          txnRef: 'REF1',
          amountVnd: 8000,
          orderInfo: 'Nop phi ho so X',
          returnUrl: 'https://saola.example/thanh-toan/ket-qua',
          ipAddr: '10.0.0.1',
          createdAt: new Date('2026-11-24T01:02:03Z'),
        },
      ),
    );
    const q = Object.fromEntries(url.searchParams);
    expect(q.vnp_Amount).toBe('800000');
    expect(q.vnp_CreateDate).toBe('20261124080203');
    expect(q.vnp_ExpireDate).toBe('20261124081703');
    expect(q.vnp_Command).toBe('pay');
    expect(q.vnp_Version).toBe('2.1.0');
    expect(verify(q, SECRET)).toBe(true);
  });

  it('reads a result: success only when both codes are 00, amount back in đồng', () => {
    expect(
      resultOf({ vnp_TxnRef: 'R', vnp_Amount: '800000', vnp_ResponseCode: '00', vnp_TransactionStatus: '00' }),
    ).toMatchObject({ txnRef: 'R', amountVnd: 8000, success: true });
    expect(resultOf({ vnp_ResponseCode: '00', vnp_TransactionStatus: '02', vnp_Amount: '800000' }).success).toBe(false);
    expect(resultOf({ vnp_ResponseCode: '24', vnp_TransactionStatus: '00', vnp_Amount: '800000' }).success).toBe(false);
    expect(resultOf({ vnp_Amount: '800050' }).amountVnd).toBeNull();
    expect(vnpDate(new Date('2026-12-31T17:30:00Z'))).toBe('20270101003000');
    expect(parseVnpDate('20270101003000')?.toISOString()).toBe('2026-12-31T17:30:00.000Z');
    expect(parseVnpDate('2027')).toBeNull();
  });
});
