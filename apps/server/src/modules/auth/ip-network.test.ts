import { describe, expect, it } from 'vitest';
import { NetworkList, parseCidr } from './ip-network.js';

describe('CIDR matching for administration networks', () => {
  const list = new NetworkList(['127.0.0.0/8', '10.20.0.0/16', '192.168.1.7', '2001:db8:44::/48', '::1/128']);

  it.each([
    ['127.0.0.1', true],
    ['10.20.255.1', true],
    ['10.21.0.1', false],
    ['192.168.1.7', true],
    ['192.168.1.8', false],
    ['2001:db8:44:1::5', true],
    ['2001:db8:45::5', false],
    ['::1', true],
    ['::2', false],
    ['::ffff:10.20.3.4', true],
    ['::ffff:8.8.8.8', false],
    ['203.0.113.9', false],
    ['not-an-ip', false],
    ['', false],
  ])('%s → %s', (ip, expected) => {
    expect(list.contains(ip)).toBe(expected);
  });

  it('0.0.0.0/0 and ::/0 match every address of their family', () => {
    const all4 = new NetworkList(['0.0.0.0/0']);
    expect(all4.contains('203.0.113.9')).toBe(true);
    expect(all4.contains('2001:db8::1')).toBe(false);
    expect(new NetworkList(['::/0']).contains('2001:db8::1')).toBe(true);
  });

  it('an empty list lets nobody in', () => {
    expect(new NetworkList([]).contains('127.0.0.1')).toBe(false);
  });

  it.each(['10.0.0.0/33', '::/129', '10.0.0/8', 'abc/8', '10.0.0.0/x'])('rejects the invalid range %s', (cidr) => {
    expect(() => parseCidr(cidr)).toThrow();
  });
});
