import { describe, expect, it } from 'vitest';
import { indicators766, points, rate } from './indicators-766.js';

describe('QĐ 766/QĐ-TTg indicators (pure)', () => {
  it('scores each rate proportionally to its maximum and sums only what could be computed', () => {
    const r = indicators766({
      received: 10,
      receivedOnline: 4,
      resolvedOnTime: 6,
      resolvedLate: 1,
      overdue: 1,
      receivedDigitised: 5,
      resolvedElectronicResult: 7,
      ratings: 4,
      ratingsUnsatisfied: 1,
    });
    const by = Object.fromEntries(r.items.map((i) => [i.code, i]));
    expect(by.tien_do_ket_qua).toMatchObject({ rate: 0.75, score: 15, maxScore: 20 }); // 6 / (7 + 1) × 20
    expect(by.dvc_ho_so_truc_tuyen).toMatchObject({ rate: 0.4, score: 4.4 }); // 4/10 × 11
    expect(by.so_hoa_ho_so).toMatchObject({ rate: 0.5, score: 5.5 }); // 5/10 × 11
    expect(by.so_hoa_ket_qua).toMatchObject({ rate: 1, score: 11 }); // 7/7 × 11
    expect(by.hai_long_tthc).toMatchObject({ rate: 0.75, score: 4.5 }); // (4 − 1)/4 × 6
    expect(by.dvc_thanh_toan_truc_tuyen?.score).toBeNull();
    expect(by.cong_khai_minh_bach?.score).toBeNull();
    expect(r.total).toBe(40.4);
    expect(r.maxTotal).toBe(59);
    // Every item carries its formula and a note citing the decision or saying what is missing.
    for (const i of r.items) expect(i.formula.length * i.note.length).toBeGreaterThan(0);
  });

  it('leaves an indicator out when there is nothing to measure', () => {
    const r = indicators766({
      received: 0,
      receivedOnline: 0,
      resolvedOnTime: 0,
      resolvedLate: 0,
      overdue: 0,
      receivedDigitised: 0,
      resolvedElectronicResult: 0,
      ratings: 0,
      ratingsUnsatisfied: 0,
    });
    expect(r.items.every((i) => i.score === null)).toBe(true);
    expect(r).toMatchObject({ total: 0, maxTotal: 0 });
    expect(rate(1, 0)).toBeNull();
    expect(points(null, 20)).toBeNull();
    expect(points(1 / 3, 20)).toBe(6.67);
  });
});
