import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { positiveSerial } from './certificates.js';

/** Content octets of the DER INTEGER asn1js writes for these bytes. */
function integerContent(bytes: Buffer): Buffer {
  const der = Buffer.from(new asn1js.Integer({ valueHex: new Uint8Array(bytes).buffer }).toBER(false));
  return der.subarray(2);
}

describe('positiveSerial', () => {
  it.each([
    ['all zero', Buffer.alloc(16, 0x00)],
    ['high bit set', Buffer.alloc(16, 0x80)],
    ['zero then small', Buffer.from([0x00, 0x01, ...Buffer.alloc(14, 0xaa)])],
    ['all ones', Buffer.alloc(16, 0xff)],
  ])('gives a positive, minimally encoded 16-byte INTEGER for %s', (_label, random) => {
    const serial = positiveSerial(random);
    expect(serial).toHaveLength(16);
    expect(serial[0]).toBeGreaterThanOrEqual(0x40);
    expect(serial[0]).toBeLessThanOrEqual(0x7f);
    expect(serial.subarray(1)).toEqual(random.subarray(1));
    const content = integerContent(serial);
    expect(content).toHaveLength(16);
    expect(content[0]).not.toBe(0x00);
  });

  it('does not change the random input it was given', () => {
    const random = Buffer.alloc(16, 0x80);
    positiveSerial(random);
    expect(random[0]).toBe(0x80);
  });
});
