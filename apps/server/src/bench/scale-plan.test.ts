import { describe, expect, it } from 'vitest';
import type { PublishedProcedure } from '../modules/procedures/procedures.port.js';
import type { ScaleAgency, ScaleOrg } from './scale-org.js';
import { buildTargets, dueDaysOf, PROVINCIAL_SHARE, slotRanges } from './scale-plan.js';

const officer = (id: string) => ({ id, username: id, fullName: id });
const agency = (id: string, weight: number, kind: ScaleAgency['kind'] = 'commune'): ScaleAgency => ({
  id,
  code: '000.20.00.H50',
  name: id,
  kind,
  weight,
  officers: { can_bo_mot_cua: officer(`${id}-mc`), chuyen_vien: officer(`${id}-cv`), lanh_dao: officer(`${id}-ld`) },
});

/** Only the fields the plan reads (the rest of a published procedure does not matter here). */
function procedure(code: string, level: 'xa' | 'tinh', agencyIds: string[], amount = 3, unit = 'working_days') {
  return {
    code,
    level,
    agencyIds,
    procedureId: code,
    name: code,
    revision: 1,
    onlineMode: 'mot_phan',
    cutoff: null,
    processingTime: { kind: 'thoi_han', amount, unit, cutoffTime: null, extensions: [], note: 'x' },
    workflow: [
      { key: 'a', name: 'Tiếp nhận', role: 'can_bo_mot_cua', share: 20, isApproval: false },
      { key: 'b', name: 'Phê duyệt', role: 'lanh_dao', share: 80, isApproval: true },
    ],
    components: [
      { name: 'Tờ khai', originals: 1, copies: 0, form: 'ban_chinh', required: true, condition: null },
      { name: 'Thông tin tra cứu', originals: 0, copies: 0, form: 'thong_tin', required: true, condition: null },
      { name: 'Giấy tờ khác', originals: 0, copies: 1, form: 'ban_sao', required: false, condition: null },
    ],
  } as unknown as PublishedProcedure;
}

describe('scale plan', () => {
  const org: ScaleOrg = {
    provinceId: 'p',
    transferAgencyId: 's',
    communes: [agency('c1', 1), agency('c2', 3)],
    provincial: [agency('so', 1, 'province')],
    provinceLeader: officer('leader'),
    createdAgencies: 0,
    createdUsers: 0,
  };
  const procs = [
    procedure('2.000815', 'xa', ['c1', 'c2']), // weight 34
    procedure('1.001193', 'xa', ['c1', 'c2']), // weight 10
    procedure('2.001610', 'tinh', ['so']),
    procedure('3.000333', 'tinh', []), // no implementing agency: no target
  ];

  it('splits the dossiers by procedure weight, commune weight and the provincial share', () => {
    const targets = buildTargets(org, procs);
    expect(targets).toHaveLength(5);
    const total = targets.reduce((s, t) => s + t.weight, 0);
    expect(total).toBeCloseTo(1, 10);
    const w = (code: string, id: string) =>
      targets.find((t) => t.procedure.code === code && t.agency.id === id)?.weight ?? 0;
    expect(w('2.001610', 'so')).toBeCloseTo(PROVINCIAL_SHARE, 10);
    // c2 weighs three times c1; chứng thực 34 against khai sinh 10.
    expect(w('2.000815', 'c2') / w('2.000815', 'c1')).toBeCloseTo(3, 10);
    expect(w('2.000815', 'c1') / w('1.001193', 'c1')).toBeCloseTo(3.4, 10);
  });

  it('keeps the workflow roles, the approval flag and the required paper components', () => {
    const [t] = buildTargets(org, procs);
    expect(t?.roles).toEqual(['can_bo_mot_cua', 'lanh_dao']);
    expect(t?.hasApproval).toBe(true);
    expect(t?.components).toEqual([{ name: 'Tờ khai', copies: 1, form: 'original', received: true }]);
  });

  it('converts processing times to working days', () => {
    expect(dueDaysOf(procedure('x', 'xa', [], 10, 'calendar_days'))).toBe(8);
    expect(dueDaysOf(procedure('x', 'xa', [], 12, 'working_hours'))).toBe(2);
    expect(dueDaysOf(procedure('x', 'xa', [], 5))).toBe(5);
  });

  it('covers every slot exactly once, in proportion to the weights', () => {
    const targets = buildTargets(org, procs);
    const ranges = slotRanges(targets, 100_000);
    expect(ranges[0]?.lo).toBe(0);
    expect(ranges.at(-1)?.hi).toBe(100_000);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.lo).toBe(ranges[i - 1]?.hi);
    for (const r of ranges) {
      const t = targets.find((x) => x.t === r.t);
      expect(Math.abs((r.hi - r.lo) / 100_000 - (t?.weight ?? 0))).toBeLessThan(2 / 100_000);
    }
  });
});
