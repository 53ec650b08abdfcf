import { describe, expect, it } from 'vitest';
import { DEV_PAYMENT, loadConfig } from '../../config.js';

const prodBase = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATA_KEY: 'b'.repeat(64) };

describe('payment settings', () => {
  it('development gets the demo merchant and the fake gateway', () => {
    const c = loadConfig({ NODE_ENV: 'development', PUBLIC_URL: 'http://localhost:3000' });
    expect(c.payment).toMatchObject({
      gatewayUrl: 'http://localhost:3000/dev/payment-gateway',
      merchantCode: DEV_PAYMENT.merchantCode,
      secret: DEV_PAYMENT.secret,
      bankAccount: DEV_PAYMENT.bankAccount,
    });
  });

  it('production without settings has no gateway and no VietQR account (payment off, still starts)', () => {
    const c = loadConfig(prodBase);
    expect(c.payment.gatewayUrl).toBeNull();
    expect(c.payment.bankAccount).toBeNull();
  });

  it('production refuses the demo secret, the demo account and the fake gateway', () => {
    expect(() =>
      loadConfig({
        ...prodBase,
        PAYMENT_GATEWAY_URL: 'https://pay.example.vn/paymentv2/vpcpay.html',
        PAYMENT_MERCHANT_CODE: 'REAL0001',
        PAYMENT_SECRET: DEV_PAYMENT.secret,
      }),
    ).toThrow(/PAYMENT_SECRET, PAYMENT_MERCHANT_CODE không được dùng giá trị demo/);
    expect(() =>
      loadConfig({ ...prodBase, PAYMENT_BANK_BIN: '970415', PAYMENT_BANK_ACCOUNT: DEV_PAYMENT.bankAccount }),
    ).toThrow(/tài khoản demo/);
    expect(() =>
      loadConfig({
        ...prodBase,
        PAYMENT_GATEWAY_URL: 'https://saola.example/dev/payment-gateway',
        PAYMENT_MERCHANT_CODE: 'REAL0001',
        PAYMENT_SECRET: 'a-real-secret-of-the-merchant-000',
      }),
    ).toThrow(/cổng thanh toán thử/);
  });

  it('production with real settings starts', () => {
    const c = loadConfig({
      ...prodBase,
      PAYMENT_GATEWAY_URL: 'https://pay.example.vn/paymentv2/vpcpay.html',
      PAYMENT_MERCHANT_CODE: 'REAL0001',
      PAYMENT_SECRET: 'a-real-secret-of-the-merchant-000',
      PAYMENT_BANK_BIN: '970436',
      PAYMENT_BANK_ACCOUNT: '0011001932418',
      PAYMENT_ACCOUNT_NAME: 'UBND XA THU NGHIEM',
    });
    expect(c.payment).toMatchObject({ merchantCode: 'REAL0001', bankBin: '970436', bankAccount: '0011001932418' });
  });

  it('checks the shape of the settings', () => {
    expect(() => loadConfig({ PAYMENT_SECRET: 'short' })).toThrow(/PAYMENT_SECRET phải dài ít nhất 16/);
    expect(() => loadConfig({ PAYMENT_BANK_BIN: '97' })).toThrow(/PAYMENT_BANK_BIN/);
  });
});
