import { describe, expect, it } from 'vitest';
import { crc16CcittFalse, hasValidCrc, parseTlv, purposeText, vietQrPayload } from './vietqr.js';

describe('CRC-16/CCITT-FALSE', () => {
  it('gives the catalogue check value for "123456789"', () => {
    // Check value of CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740) in the reveng CRC catalogue: 0x29B1.
    expect(crc16CcittFalse('123456789')).toBe(0x29b1);
  });

  it('validates the card-transfer example quoted from the NAPAS VietQR specification (QRIBFTTC, CRC A203)', () => {
    // Example of the NAPAS VietQR specification (transfer to card 9704031101234567, 180000 đ, bill NPS6869,
    // purpose "thanh toan don hang"), as quoted in public projects; provenance of the spec's page to confirm.
    const example =
      '00020101021238600010A00000072701300006970403011697040311012345670208QRIBFTTC530370454061800005802VN' +
      '62340107NPS68690819thanh toan don hang6304A203';
    expect(hasValidCrc(example)).toBe(true);
    expect(hasValidCrc(example.replace('180000', '180001'))).toBe(false);
  });
});

describe('VietQR payload', () => {
  it('reproduces a payload issued by a real payment provider byte for byte', () => {
    // A dynamic VietQR issued by payOS (pay.payos.vn) for MB Bank (BIN 970422), account VQRQADAIJ5512,
    // 7 000 đ, purpose "TL89 100", found in a public project's database dump (URL-decoded).
    const issued =
      '00020101021238570010A000000727012700069704220113VQRQADAIJ55120208QRIBFTTA5303704540470005802VN' +
      '62120808TL89 1006304E346';
    expect(
      vietQrPayload({ bankBin: '970422', accountNumber: 'VQRQADAIJ5512', amountVnd: 7000, purpose: 'TL89 100' }),
    ).toBe(issued);
  });

  it('carries the NAPAS fields and the dossier code as the purpose', () => {
    const code = '000.00.12.H45-261124-0007';
    const payload = vietQrPayload({
      bankBin: '970415',
      accountNumber: '113366668888',
      amountVnd: 50000,
      purpose: code,
    });
    const top = parseTlv(payload);
    expect(top.get('00')).toBe('01');
    expect(top.get('01')).toBe('12');
    expect(top.get('53')).toBe('704');
    expect(top.get('54')).toBe('50000');
    expect(top.get('58')).toBe('VN');
    const merchant = parseTlv(top.get('38') ?? '');
    expect(merchant.get('00')).toBe('A000000727');
    expect(merchant.get('02')).toBe('QRIBFTTA');
    const beneficiary = parseTlv(merchant.get('01') ?? '');
    expect(beneficiary.get('00')).toBe('970415');
    expect(beneficiary.get('01')).toBe('113366668888');
    expect(parseTlv(top.get('62') ?? '').get('08')).toBe(code);
    expect(hasValidCrc(payload)).toBe(true);
  });

  it('makes a static QR without an amount', () => {
    const top = parseTlv(vietQrPayload({ bankBin: '970415', accountNumber: '113366668888' }));
    expect(top.get('01')).toBe('11');
    expect(top.has('54')).toBe(false);
    expect(top.has('62')).toBe(false);
  });

  it('refuses bad input', () => {
    expect(() => vietQrPayload({ bankBin: '97041', accountNumber: '1' })).toThrow();
    expect(() => vietQrPayload({ bankBin: '970415', accountNumber: '12 34' })).toThrow();
    expect(() => vietQrPayload({ bankBin: '970415', accountNumber: '1', amountVnd: 10.5 })).toThrow();
    expect(() => vietQrPayload({ bankBin: '970415', accountNumber: '1', amountVnd: 0 })).toThrow();
  });

  it('keeps the purpose to plain ASCII of at most 25 characters', () => {
    expect(purposeText('Nộp lệ phí hồ sơ Đăng ký')).toBe('Nop le phi ho so Dang ky');
    expect(purposeText('a'.repeat(40))).toHaveLength(25);
    expect(purposeText('x<y>&"z')).toBe('xyz');
  });
});
