import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DossierCodeError,
  formatDossierCode,
  formatResultCode,
  isAgencyCode,
  isDossierCode,
  parseDossierCode,
  parseResultCode,
  receptionDateOf,
} from './dossier-code.js';

const at = (local: string) => new Date(`${local}+07:00`);

describe('dossier code V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX', () => {
  it('formats the receiving agency, the local reception date and a 4-digit sequence', () => {
    expect(formatDossierCode('000.00.12.H50', at('2026-02-13T10:00'), 7)).toBe('000.00.12.H50-260213-0007');
    expect(formatDossierCode('000.00.12.H50', '2026-02-23', 9999)).toBe('000.00.12.H50-260223-9999');
    expect(formatDossierCode('000.30.45.H50', at('2026-01-01T00:00'), 1)).toBe('000.30.45.H50-260101-0001');
  });

  it('takes the date in Asia/Ho_Chi_Minh, not UTC', () => {
    // 23:30 on 13/02 local is 16:30 UTC the same day; 00:30 on 14/02 local is still 13/02 in UTC.
    expect(receptionDateOf(at('2026-02-13T23:30'))).toBe('2026-02-13');
    expect(receptionDateOf(new Date('2026-02-13T17:30:00Z'))).toBe('2026-02-14');
    expect(formatDossierCode('000.00.12.H50', new Date('2026-02-13T17:30:00Z'), 1)).toBe('000.00.12.H50-260214-0001');
  });

  it('refuses a bad agency identifier, sequence or date', () => {
    for (const bad of ['', '000.00.12.h50', '00.00.12.H50', '000.00.12.H5', '000-00-12-H50', ' 000.00.12.H50'])
      expect(() => formatDossierCode(bad, '2026-02-13', 1)).toThrow(DossierCodeError);
    for (const seq of [0, -1, 10_000, 1.5, Number.NaN])
      expect(() => formatDossierCode('000.00.12.H50', '2026-02-13', seq)).toThrow(/từ 1 đến 9999/);
    expect(() => formatDossierCode('000.00.12.H50', '2026-02-30', 1)).toThrow(/Ngày tiếp nhận/);
    expect(() => formatDossierCode('000.00.12.H50', '2100-01-01', 1)).toThrow(/2000–2099/);
    expect(() => formatDossierCode('000.00.12.H50', new Date(Number.NaN), 1)).toThrow(DossierCodeError);
  });

  it('validates agency identifiers like agencies.code', () => {
    expect(isAgencyCode('000.00.12.H50')).toBe(true);
    expect(isAgencyCode('000.00.00.G01')).toBe(true);
    expect(isAgencyCode('000.00.12.H500')).toBe(false);
  });

  it('parses codes and refuses impossible ones', () => {
    expect(parseDossierCode('000.00.12.H50-260213-0007')).toEqual({
      agencyCode: '000.00.12.H50',
      receptionDate: '2026-02-13',
      sequence: 7,
    });
    for (const bad of [
      '000.00.12.H50-260230-0001', // 30/02
      '000.00.12.H50-261301-0001', // month 13
      '000.00.12.H50-260213-0000', // sequence 0 is never handed out
      '000.00.12.H50-260213-001',
      '000.00.12.H50-260213-00001',
      '000.00.12.H50260213-0001',
      '000.00.12.H50-260213-0001-KQ1',
      'x000.00.12.H50-260213-0001',
    ])
      expect(parseDossierCode(bad), bad).toBeNull();
    expect(isDossierCode('000.00.12.H50-240229-0001')).toBe(true); // 2024 is a leap year
    expect(isDossierCode('000.00.12.H50-250229-0001')).toBe(false);
  });

  it('round-trips through format and parse (property)', () => {
    const agency = fc
      .tuple(
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ'),
        fc.integer({ min: 0, max: 99 }),
      )
      .map(([v, z, y, m, x]) => {
        const p = (n: number, w: number) => String(n).padStart(w, '0');
        return `${p(v, 3)}.${p(z, 2)}.${p(y, 2)}.${m}${p(x, 2)}`;
      });
    const instant = fc.date({
      min: new Date('2000-01-01T00:00:00+07:00'),
      max: new Date('2099-12-31T23:59:59+07:00'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(agency, instant, fc.integer({ min: 1, max: 9999 }), (a, d, seq) => {
        const code = formatDossierCode(a, d, seq);
        const parts = parseDossierCode(code);
        expect(parts).toEqual({ agencyCode: a, receptionDate: receptionDateOf(d), sequence: seq });
        expect(formatDossierCode(parts!.agencyCode, parts!.receptionDate, parts!.sequence)).toBe(code);
      }),
    );
  });
});

describe('result codes <mã hồ sơ>-KQ<n>', () => {
  it('formats and parses', () => {
    expect(formatResultCode('000.00.12.H50-260213-0007', 1)).toBe('000.00.12.H50-260213-0007-KQ1');
    expect(formatResultCode('000.00.12.H50-260213-0007', 12)).toBe('000.00.12.H50-260213-0007-KQ12');
    expect(parseResultCode('000.00.12.H50-260213-0007-KQ12')).toEqual({
      dossierCode: '000.00.12.H50-260213-0007',
      dossier: { agencyCode: '000.00.12.H50', receptionDate: '2026-02-13', sequence: 7 },
      n: 12,
    });
  });

  it('refuses bad input', () => {
    expect(() => formatResultCode('not-a-code', 1)).toThrow(DossierCodeError);
    expect(() => formatResultCode('000.00.12.H50-260213-0007', 0)).toThrow(DossierCodeError);
    for (const bad of [
      '000.00.12.H50-260213-0007-KQ0',
      '000.00.12.H50-260213-0007-KQ01',
      '000.00.12.H50-260213-0007-KQ',
      '000.00.12.H50-260230-0007-KQ1',
      '000.00.12.H50-260213-0007',
    ])
      expect(parseResultCode(bad), bad).toBeNull();
  });
});
