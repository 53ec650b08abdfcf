import type { PublishedProcedure } from '../modules/procedures/procedures.port.js';
import type { ScaleAgency, ScaleOrg } from './scale-org.js';

/**
 * What the scale dossiers are drawn from: one "target" per (procedure, implementing agency) with a weight.
 * Pure: no database. The SQL that draws N dossiers from these targets is scale-dossiers.ts.
 */

/**
 * Relative yearly volume of each seeded procedure at ONE commune (estimates for the benchmark, not official
 * figures): certification (chứng thực) dominates the commune counters, then civil status (hộ tịch).
 * Procedures not listed get DEFAULT_WEIGHT.
 */
export const PROCEDURE_WEIGHTS: Record<string, number> = {
  '2.000815': 34, // Chứng thực bản sao từ bản chính
  '2.000884': 12, // Chứng thực chữ ký
  '2.001035': 6, // Chứng thực giao dịch về tài sản
  '2.000913': 1, // Chứng thực sửa đổi, hủy bỏ hợp đồng
  '1.001193': 10, // Đăng ký khai sinh
  '1.000656': 4, // Đăng ký khai tử
  '1.000894': 4, // Đăng ký kết hôn
  '1.004873': 8, // Xác nhận tình trạng hôn nhân
  '2.000635': 8, // Bản sao trích lục hộ tịch
  '1.001022': 0.5, // Nhận cha, mẹ, con
  '1.004837': 0.3, // Đăng ký giám hộ
  '1.004845': 0.2, // Chấm dứt giám hộ
  '1.004884': 1, // Đăng ký lại khai sinh
  '1.004859': 2, // Thay đổi, cải chính hộ tịch
  '1.013225': 2, // Giấy phép xây dựng nhà ở riêng lẻ
  '1.001612': 5, // Đăng ký hộ kinh doanh
};
export const DEFAULT_WEIGHT = 1;
/** Share of all dossiers that go to provincial agencies (the rest to the communes). */
export const PROVINCIAL_SHARE = 0.04;

/** Share of dossiers filed online, by the procedure's online mode (Nghị định 42/2022/NĐ-CP). */
export const ONLINE_SHARE: Record<string, number> = { toan_trinh: 0.6, mot_phan: 0.35, truc_tiep: 0 };

export interface ScaleTarget {
  t: number;
  procedure: PublishedProcedure;
  agency: ScaleAgency;
  weight: number;
  /** Processing time in working days (calendar days × 5/7 and working hours / 8, rounded up). */
  dueDays: number;
  /** Afternoon cut-off in minutes after midnight, or null. */
  cutoffMinutes: number | null;
  onlineShare: number;
  roles: string[];
  hasApproval: boolean;
  /** The dossier's components as the counter stores them (dossier-view.ts StoredComponent). */
  components: { name: string; copies: number; form: string; received: boolean }[];
}

const FORM: Record<string, string | null> = {
  ban_chinh: 'original',
  ban_sao: 'certified_copy',
  ban_chinh_hoac_ban_sao: 'copy',
  xuat_trinh: 'original',
  thong_tin: null,
};

export function dueDaysOf(p: PublishedProcedure): number {
  const { amount, unit } = p.processingTime;
  if (unit === 'working_hours') return Math.ceil(amount / 8);
  if (unit === 'calendar_days') return Math.ceil((amount * 5) / 7);
  return amount;
}

export function buildTargets(org: ScaleOrg, procedures: PublishedProcedure[]): ScaleTarget[] {
  const targets: ScaleTarget[] = [];
  const communeIds = new Set(org.communes.map((c) => c.id));
  const agencies = new Map([...org.communes, ...org.provincial].map((a) => [a.id, a]));
  const communeTotal = org.communes.reduce((s, c) => s + c.weight, 0);
  const communeProcs = procedures.filter((p) => p.level === 'xa');
  const provincialProcs = procedures.filter((p) => p.level !== 'xa' && p.agencyIds.some((id) => agencies.has(id)));
  const communeProcWeight = communeProcs.reduce((s, p) => s + (PROCEDURE_WEIGHTS[p.code] ?? DEFAULT_WEIGHT), 0);
  const provincialProcWeight = provincialProcs.reduce((s, p) => s + (PROCEDURE_WEIGHTS[p.code] ?? DEFAULT_WEIGHT), 0);
  const add = (procedure: PublishedProcedure, agency: ScaleAgency, weight: number) => {
    const cutoff = procedure.cutoff ? procedure.cutoff.split(':').map(Number) : null;
    const roles = procedure.workflow.map((s) => s.role);
    targets.push({
      t: targets.length + 1,
      procedure,
      agency,
      weight,
      dueDays: dueDaysOf(procedure),
      cutoffMinutes: cutoff ? (cutoff[0] ?? 0) * 60 + (cutoff[1] ?? 0) : null,
      onlineShare: ONLINE_SHARE[procedure.onlineMode] ?? 0,
      roles: roles.length > 0 ? roles : ['can_bo_mot_cua'],
      hasApproval: procedure.workflow.some((s) => s.isApproval),
      components: procedure.components.flatMap((c) => {
        const form = FORM[c.form];
        if (!form || !c.required) return [];
        return [{ name: c.name, copies: Math.max(1, c.originals + c.copies), form, received: true }];
      }),
    });
  };
  const communeShare = provincialProcs.length > 0 ? 1 - PROVINCIAL_SHARE : 1;
  for (const p of communeProcs) {
    const pw = (PROCEDURE_WEIGHTS[p.code] ?? DEFAULT_WEIGHT) / communeProcWeight;
    for (const id of p.agencyIds) {
      const a = agencies.get(id);
      if (a && communeIds.has(id)) add(p, a, communeShare * pw * (a.weight / communeTotal));
    }
  }
  for (const p of provincialProcs) {
    const ids = p.agencyIds.filter((id) => agencies.has(id));
    const pw = (PROCEDURE_WEIGHTS[p.code] ?? DEFAULT_WEIGHT) / provincialProcWeight;
    for (const id of ids) {
      const a = agencies.get(id);
      if (a) add(p, a, PROVINCIAL_SHARE * (pw / ids.length));
    }
  }
  return targets;
}

/** Spreads `slots` integer slots over the targets in proportion to their weights: [t, lo, hi) ranges. */
export function slotRanges(targets: ScaleTarget[], slots: number): { t: number; lo: number; hi: number }[] {
  const total = targets.reduce((s, t) => s + t.weight, 0);
  const ranges: { t: number; lo: number; hi: number }[] = [];
  let acc = 0;
  let lo = 0;
  for (const t of targets) {
    acc += t.weight;
    const hi = Math.round((acc / total) * slots);
    if (hi > lo) ranges.push({ t: t.t, lo, hi });
    lo = Math.max(lo, hi);
  }
  return ranges;
}
