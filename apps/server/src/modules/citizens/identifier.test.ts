import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPhone, maskEmail, maskPhone, normaliseEmail, normalisePhone, parseIdentifier } from './identifier.js';
import { codeMatches, generateCode, hashCode } from './otp.js';

describe('phone numbers', () => {
  it.each([
    ['0912345678', '+84912345678'],
    ['0912 345 678', '+84912345678'],
    ['091.234.5678', '+84912345678'],
    ['(+84) 912-345-678', '+84912345678'],
    ['84912345678', '+84912345678'],
    ['+84 32 123 4567', '+84321234567'],
  ])('%s → %s', (input, expected) => expect(normalisePhone(input)).toBe(expected));

  it.each(['0212345678', '091234567', '09123456789', '+1 202 555 0100', '0912345abc', ''])('refuses %s', (input) =>
    expect(normalisePhone(input)).toBeNull(),
  );

  it('every way of writing a mobile number gives the same +84 form', () => {
    fc.assert(
      fc.property(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^\d{8}$/), (prefix, rest) => {
        const digits = `${prefix}${rest}`;
        const expected = `+84${digits}`;
        expect(normalisePhone(`0${digits}`)).toBe(expected);
        expect(normalisePhone(`+84${digits}`)).toBe(expected);
        expect(normalisePhone(`84 ${digits.slice(0, 2)} ${digits.slice(2)}`)).toBe(expected);
        expect(normalisePhone(expected)).toBe(expected);
      }),
    );
  });

  it('masks and formats the way people write their number', () => {
    expect(maskPhone('+84912345678')).toBe('0912***678');
    expect(formatPhone('+84912345678')).toBe('0912 345 678');
  });
});

describe('e-mail and identifiers', () => {
  it('normalises e-mail to lower case and refuses broken ones', () => {
    expect(normaliseEmail(' An.Nguyen@Example.VN ')).toBe('an.nguyen@example.vn');
    for (const bad of ['an@', '@example.vn', 'an example@x.vn', 'an@example', `${'a'.repeat(65)}@x.vn`]) {
      expect(normaliseEmail(bad), bad).toBeNull();
    }
    expect(maskEmail('an@example.vn')).toBe('a***@example.vn');
    expect(maskEmail('nguyenvanan@gmail.com')).toBe('ng***@gmail.com');
  });

  it('picks the channel from the identifier', () => {
    expect(parseIdentifier('0912345678')).toEqual({ kind: 'phone', value: '+84912345678', channel: 'sms' });
    expect(parseIdentifier('a@b.vn')).toEqual({ kind: 'email', value: 'a@b.vn', channel: 'email' });
    expect(parseIdentifier('xin chào')).toBeNull();
  });
});

describe('one-time codes', () => {
  it('are 6 digits and only the right code matches its hash, for its own challenge', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (a, b) => {
        const code = generateCode();
        expect(code).toMatch(/^\d{6}$/);
        const h = hashCode('s', a, code);
        expect(codeMatches('s', a, code, h)).toBe(true);
        expect(codeMatches('other-secret', a, code, h)).toBe(false);
        if (a !== b) expect(codeMatches('s', b, code, h)).toBe(false);
        const other = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
        expect(codeMatches('s', a, other, h)).toBe(false);
      }),
    );
  });
});
