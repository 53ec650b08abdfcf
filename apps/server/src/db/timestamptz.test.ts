import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { parseTimestamptz } from './timestamptz.js';

const reference = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, 'text') as (t: string) => Date | number;
const same = (text: string) => {
  const a = parseTimestamptz(text);
  const b = reference(text);
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
};

describe('parseTimestamptz: the same instants as node-postgres’s parser', () => {
  it.each([
    '2026-11-24 20:44:01.245123+07',
    '2026-11-24 20:44:01.245999+07',
    '2026-11-24 20:44:01+07',
    '2026-11-24 20:44:01.5+07',
    '2026-11-24 20:44:01.245+05:30',
    '2026-11-24 20:44:01.245-03:30',
    '2026-11-24 20:44:01-08',
    '1970-01-01 07:00:00+07',
    '0001-01-01 00:00:00+00',
    '9999-12-31 23:59:59.999999+00',
    '2026-11-24 20:44:01+05:30:15',
    '0044-03-15 12:00:00+00 BC',
    '12026-11-24 20:44:01+07',
    'infinity',
    '-infinity',
  ])('%s', (text) => {
    expect(same(text)).toBe(true);
  });

  it('agrees on 5,000 random instants written as PostgreSQL writes them in Asia/Ho_Chi_Minh and UTC', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    const pad = (v: number, w = 2) => String(v).padStart(w, '0');
    for (let i = 0; i < 5000; i++) {
      const ms = (next() % 4_000_000) * 1_000_000 + (next() % 1_000_000);
      const offsetH = i % 2 === 0 ? 7 : 0;
      const d = new Date(ms + offsetH * 3_600_000);
      const micros = next() % 1_000_000;
      const frac = i % 3 === 0 ? '' : `.${pad(micros, 6)}`.replace(/0+$/, '');
      const text =
        `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
        `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}${frac === '.' ? '' : frac}` +
        `+${pad(offsetH)}`;
      expect(same(text), text).toBe(true);
    }
  });
});
