import { readFileSync } from 'node:fs';
import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { ProcedureSeed, type ProcedureFee } from './procedure-data.schema.js';

const DATA_URL = new URL('../../../../../data/procedures/thu-tuc.json', import.meta.url);
const raw: unknown = JSON.parse(readFileSync(DATA_URL, 'utf8'));
const entries: unknown[] = Array.isArray(raw) ? raw : [];

function parsed(): ProcedureSeed[] {
  return entries.filter((e): e is ProcedureSeed => Value.Check(ProcedureSeed, e));
}

/** Fee for `units` units of a tiered fee (each unit charged at the tier it falls in), capped. */
function tieredFee(fee: ProcedureFee, units: number): number {
  let total = 0;
  for (let u = 1; u <= units; u++) {
    const tier = [...fee.tiers].reverse().find((t) => u >= t.fromUnit);
    total += tier?.amountVnd ?? 0;
  }
  return fee.capVnd === null ? total : Math.min(total, fee.capVnd);
}

describe('data/procedures/thu-tuc.json', () => {
  it('is an array whose every entry matches the ProcedureSeed schema', () => {
    expect(Array.isArray(raw)).toBe(true);
    const problems = entries.flatMap((entry, i) =>
      Value.Errors(ProcedureSeed, entry).map((e) => `#${i} ${e.instancePath}: ${e.message}`),
    );
    expect(problems).toEqual([]);
    expect(parsed()).toHaveLength(entries.length);
  });

  it('has at least 25 procedures, 15 of commune level and 10 of provincial level', () => {
    const all = parsed();
    expect(all.length).toBeGreaterThanOrEqual(25);
    expect(all.filter((p) => p.level === 'xa').length).toBeGreaterThanOrEqual(15);
    expect(all.filter((p) => p.level === 'tinh').length).toBeGreaterThanOrEqual(10);
  });

  it('never repeats a national code, and explains every missing code', () => {
    const all = parsed();
    const codes = all.flatMap((p) => (p.code === null ? [] : [p.code]));
    expect(new Set(codes).size).toBe(codes.length);
    for (const p of all.filter((x) => x.code === null)) {
      expect(
        p.unverified.some((u) => /mã/i.test(u)),
        `${p.name}: code null without explanation`,
      ).toBe(true);
    }
    // Names are unique too, so a duplicated entry with a null code is caught.
    const names = all.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives a source for every fact of every entry', () => {
    for (const p of parsed()) {
      for (const [fact, text] of Object.entries(p.source)) {
        expect(text.trim().length, `${p.code ?? p.name}: source.${fact}`).toBeGreaterThan(10);
      }
    }
  });

  it('states fees as whole đồng consistent with their mode', () => {
    for (const p of parsed()) {
      for (const f of p.fees) {
        const where = `${p.code ?? p.name}: ${f.name}`;
        const amounts = [f.amountVnd, f.capVnd, ...f.tiers.map((t) => t.amountVnd), ...f.cases.map((c) => c.amountVnd)];
        for (const a of amounts) {
          if (a === null) continue;
          expect(Number.isInteger(a), where).toBe(true);
          // Vietnamese fees are set in thousands of đồng; a value like 100 is a data-entry slip (seen on DVCQG).
          expect(a % 1000, where).toBe(0);
        }
        switch (f.mode) {
          case 'fixed':
            expect(f.amountVnd, where).toBeGreaterThan(0);
            expect(f.unit, where).not.toBeNull();
            break;
          case 'tiered':
            expect(f.tiers[0]?.fromUnit, where).toBe(1);
            expect(
              f.tiers.map((t) => t.fromUnit),
              where,
            ).toEqual([...f.tiers.map((t) => t.fromUnit)].sort((a, b) => a - b));
            break;
          case 'by_case':
            expect(f.cases.length, where).toBeGreaterThan(0);
            break;
          case 'provincial':
            expect(f.amountVnd, where).toBeNull();
            break;
          case 'free':
            expect(f.amountVnd, where).toBe(0);
            break;
        }
      }
    }
  });

  it('describes processing times coherently (same-day rule vs. time limit)', () => {
    for (const p of parsed()) {
      const t = p.processingTime;
      const where = p.code ?? p.name;
      if (t.kind === 'ngay') {
        expect(t.amount, where).toBe(0);
        expect(t.cutoffTime, where).toBe('15:00');
      } else {
        expect(t.amount, where).toBeGreaterThan(0);
        expect(t.cutoffTime, where).toBeNull();
      }
    }
  });

  it('encodes the chứng thực bản sao fee of Thông tư 226/2016/TT-BTC', () => {
    const entry = parsed().find((p) => p.code === '2.000815');
    const fee = entry?.fees.find((f) => f.mode === 'tiered');
    expect(fee).toBeDefined();
    if (!fee) return;
    expect(tieredFee(fee, 1)).toBe(2000);
    expect(tieredFee(fee, 2)).toBe(4000);
    expect(tieredFee(fee, 3)).toBe(5000);
    expect(tieredFee(fee, 10)).toBe(12000);
    expect(tieredFee(fee, 500)).toBe(200000);
  });

  it('keeps the facts the later issue relies on', () => {
    const byCode = new Map(parsed().map((p) => [p.code, p]));
    const khaiSinh = byCode.get('1.001193');
    expect(khaiSinh?.level).toBe('xa');
    expect(khaiSinh?.processingTime.kind).toBe('ngay');
    const dntn = byCode.get('2.001610');
    expect(dntn?.level).toBe('tinh');
    expect(dntn?.processingTime).toMatchObject({ kind: 'thoi_han', amount: 3, unit: 'working_days' });
    expect(dntn?.fees.map((f) => f.amountVnd)).toContain(100000);
  });

  it('rejects entries that break the format', () => {
    const good = parsed()[0];
    expect(good).toBeDefined();
    expect(Value.Check(ProcedureSeed, { ...good, code: '1001193' })).toBe(false);
    expect(Value.Check(ProcedureSeed, { ...good, level: 'huyen' })).toBe(false);
    const badFee = { ...good?.fees[0], amountVnd: 1500.5 };
    expect(Value.Check(ProcedureSeed, { ...good, fees: [badFee] })).toBe(false);
    const { source: _source, ...noSource } = good ?? ({} as ProcedureSeed);
    expect(Value.Check(ProcedureSeed, noSource)).toBe(false);
  });
});
