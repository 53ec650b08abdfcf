import { notFound, unprocessable } from '../../http/errors.js';
import { agenciesWith, assertCan } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import { dayOf, isIsoDate, localIsoDate } from '../calendar/local-time.js';
import type { DossierStatsResult, DossierStatsRow } from '../dossiers/dossier-stats.port.js';
import type { DossiersPort } from '../dossiers/dossiers.port.js';
import type { OrgPort } from '../org/org.port.js';
import type { ProceduresPort } from '../procedures/procedures.port.js';
import { indicators766, type Indicators766, rate } from './indicators-766.js';

/**
 * Statistics of the handling of dossiers (issue 3 §5): counts per agency, field (lĩnh vực) or procedure over a
 * period of local dates, rates, satisfaction and the indicators of QĐ 766/QĐ-TTg. Definitions of each count:
 * modules/dossiers/dossier-stats.repository.ts and docs/statistics.md. Rates are null when there is nothing to
 * measure (no dossier in the denominator).
 */

export type GroupBy = 'agency' | 'field' | 'procedure';
export const GROUP_BY: readonly GroupBy[] = ['agency', 'field', 'procedure'];
/** Longest period one request may ask for (days). */
export const MAX_PERIOD_DAYS = 3 * 366;

export interface Satisfaction {
  ratings: number;
  /** Average score 1–5, or null without ratings. */
  average: number | null;
  /** Number of ratings of 1, 2, 3, 4 and 5. */
  distribution: [number, number, number, number, number];
  /** Share of ratings of 4 or 5 ("hài lòng", "rất hài lòng"). */
  satisfiedShare: number | null;
}

export interface StatCounts {
  received: number;
  receivedCounter: number;
  receivedOnline: number;
  receivedPost: number;
  resolved: number;
  resolvedOnTime: number;
  resolvedLate: number;
  inProgress: number;
  inProgressOnTime: number;
  overdue: number;
  returned: number;
  withdrawn: number;
  refused: number;
  rejected: number;
  stopped: number;
  receivedDigitised: number;
  resolvedElectronicResult: number;
  /** Received online / received. */
  onlineRate: number | null;
  /** Resolved on time / resolved. */
  onTimeRate: number | null;
  satisfaction: Satisfaction;
}

export interface StatRow extends StatCounts {
  key: string;
  label: string;
}

export interface StatisticsReport {
  period: { from: string; to: string };
  /** The agency asked for (null: every agency the caller may read). */
  agency: { id: string; code: string; name: string } | null;
  groupBy: GroupBy;
  /** Instant of the in-progress snapshot (end of the period, or now). */
  snapshotAt: string;
  totals: StatCounts;
  rows: StatRow[];
  indicators766: Indicators766;
}

export interface StatisticsQuery {
  from?: string | undefined;
  to?: string | undefined;
  agencyId?: string | undefined;
  groupBy?: GroupBy | undefined;
}

interface Deps {
  dossiers: () => DossiersPort;
  org: () => OrgPort;
  procedures: () => ProceduresPort;
  clock: () => Date;
}

export type Acc = Omit<DossierStatsRow, 'agencyId' | 'procedureCode' | 'channel'> & {
  receivedCounter: number;
  receivedOnline: number;
  receivedPost: number;
};

/** A row of zeros (exported for tests that build counts by hand). */
export function emptyAcc(): Acc {
  return {
    received: 0,
    resolved_on_time: 0,
    resolved_late: 0,
    returned: 0,
    withdrawn: 0,
    refused: 0,
    rejected: 0,
    stopped: 0,
    received_digitised: 0,
    resolved_e_result: 0,
    rating_1: 0,
    rating_2: 0,
    rating_3: 0,
    rating_4: 0,
    rating_5: 0,
    inProgress: 0,
    overdue: 0,
    receivedCounter: 0,
    receivedOnline: 0,
    receivedPost: 0,
  };
}

function add(acc: Acc, r: DossierStatsRow): void {
  for (const k of Object.keys(acc) as (keyof Acc)[]) {
    if (k === 'receivedCounter' || k === 'receivedOnline' || k === 'receivedPost') continue;
    acc[k] += r[k];
  }
  if (r.channel === 'counter') acc.receivedCounter += r.received;
  else if (r.channel === 'online') acc.receivedOnline += r.received;
  else acc.receivedPost += r.received;
}

/** The published counts of an accumulator (pure). */
export function countsOf(a: Acc): StatCounts {
  const distribution: Satisfaction['distribution'] = [a.rating_1, a.rating_2, a.rating_3, a.rating_4, a.rating_5];
  const ratings = distribution.reduce((s, n) => s + n, 0);
  const sum = distribution.reduce((s, n, i) => s + n * (i + 1), 0);
  const resolved = a.resolved_on_time + a.resolved_late;
  return {
    received: a.received,
    receivedCounter: a.receivedCounter,
    receivedOnline: a.receivedOnline,
    receivedPost: a.receivedPost,
    resolved,
    resolvedOnTime: a.resolved_on_time,
    resolvedLate: a.resolved_late,
    inProgress: a.inProgress,
    inProgressOnTime: a.inProgress - a.overdue,
    overdue: a.overdue,
    returned: a.returned,
    withdrawn: a.withdrawn,
    refused: a.refused,
    rejected: a.rejected,
    stopped: a.stopped,
    receivedDigitised: a.received_digitised,
    resolvedElectronicResult: a.resolved_e_result,
    onlineRate: rate(a.receivedOnline, a.received),
    onTimeRate: rate(a.resolved_on_time, resolved),
    satisfaction: {
      ratings,
      average: ratings > 0 ? Math.round((sum / ratings) * 100) / 100 : null,
      distribution,
      satisfiedShare: rate(a.rating_4 + a.rating_5, ratings),
    },
  };
}

/** Names of agencies and procedures change rarely: kept for a minute, so a province report is not 100 lookups. */
const NAME_TTL_MS = 60_000;

class TtlCache<V> {
  private readonly map = new Map<string, { at: number; value: Promise<V> }>();
  constructor(private readonly ttlMs: number) {}
  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.map.get(key);
    if (hit && now - hit.at < this.ttlMs) return hit.value;
    if (this.map.size > 5000) this.map.clear();
    const value = load();
    this.map.set(key, { at: now, value });
    value.catch(() => this.map.delete(key));
    return value;
  }
}

export class StatisticsService {
  /**
   * Reports built from one counts result (the dossiers module hands out the same object while it is cached, see
   * dossier-stats.service.ts), reused for at most NAME_TTL_MS like the names they contain.
   */
  private readonly reports = new WeakMap<object, Map<string, { at: number; report: Promise<StatisticsReport> }>>();
  private readonly agencyNames = new TtlCache<string | null>(NAME_TTL_MS);
  private readonly procedureInfo = new TtlCache<{ name: string; field: string } | null>(NAME_TTL_MS);

  constructor(private readonly deps: Deps) {}

  private agencyName(id: string): Promise<string | null> {
    return this.agencyNames.get(id, async () => (await this.deps.org().findAgency(id))?.name ?? null);
  }

  private procedure(code: string): Promise<{ name: string; field: string } | null> {
    return this.procedureInfo.get(code, async () => {
      const p = await this.deps.procedures().findPublished(code);
      return p ? { name: p.name, field: p.field } : null;
    });
  }

  /** Staff: `statistics.read` in the agency asked for (its subtree), or every agency where the caller holds it. */
  async forStaff(principal: Principal | null, q: StatisticsQuery, preaggregate = true): Promise<StatisticsReport> {
    const period = this.period(q);
    const readable = agenciesWith(principal, 'statistics.read');
    let agency: StatisticsReport['agency'] = null;
    let scope: string[];
    if (q.agencyId) {
      assertCan(principal, 'statistics.read', q.agencyId);
      const found = await this.deps.org().findAgency(q.agencyId);
      if (!found) throw notFound();
      agency = { id: found.id, code: found.code, name: found.name };
      scope = (await this.deps.org().agencySubtree(q.agencyId)).filter((id) => readable.has(id));
    } else {
      assertCan(principal, 'statistics.read');
      scope = [...readable];
    }
    return this.report(period, agency, scope, q.groupBy ?? 'agency', preaggregate);
  }

  /** Public (portal): an agency and its subtree by its code, no personal data. */
  async forPublic(q: StatisticsQuery & { agencyCode: string }): Promise<StatisticsReport> {
    const period = this.period(q);
    const found = await this.deps.org().findAgencyByCode(q.agencyCode);
    if (!found) throw notFound('Không tìm thấy cơ quan.');
    const scope = await this.deps.org().agencySubtree(found.id);
    return this.report(period, { id: found.id, code: found.code, name: found.name }, scope, q.groupBy ?? 'agency');
  }

  /** Validated period; defaults: from 1 January of the current year to today (local dates). */
  period(q: StatisticsQuery): { from: string; to: string } {
    const today = localIsoDate(this.deps.clock());
    const from = q.from ?? `${today.slice(0, 4)}-01-01`;
    const to = q.to ?? today;
    const fields = [];
    if (!isIsoDate(from)) fields.push({ field: '/from', message: 'Ngày không hợp lệ (định dạng YYYY-MM-DD).' });
    if (!isIsoDate(to)) fields.push({ field: '/to', message: 'Ngày không hợp lệ (định dạng YYYY-MM-DD).' });
    if (fields.length === 0) {
      if (dayOf(from) > dayOf(to))
        fields.push({ field: '/to', message: 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.' });
      else if (dayOf(to) - dayOf(from) + 1 > MAX_PERIOD_DAYS)
        fields.push({ field: '/to', message: 'Khoảng thời gian thống kê không được quá 3 năm.' });
    }
    if (fields.length > 0) throw unprocessable('Khoảng thời gian thống kê không hợp lệ.', fields);
    return { from, to };
  }

  private async report(
    period: { from: string; to: string },
    agency: StatisticsReport['agency'],
    scope: string[],
    groupBy: GroupBy,
    preaggregate = true,
  ): Promise<StatisticsReport> {
    const result = await this.deps.dossiers().statistics.counts({ ...period, agencyIds: scope, preaggregate });
    let byKey = this.reports.get(result);
    if (!byKey) {
      byKey = new Map<string, { at: number; report: Promise<StatisticsReport> }>();
      this.reports.set(result, byKey);
    }
    const key = `${groupBy}|${agency?.id ?? '*'}|${scope.join(',')}`;
    const hit = byKey.get(key);
    const t = Date.now();
    if (hit && t - hit.at >= 0 && t - hit.at < NAME_TTL_MS) return hit.report;
    const report = this.build(result, period, agency, scope, groupBy);
    byKey.set(key, { at: t, report });
    report.catch(() => byKey.delete(key));
    return report;
  }

  private async build(
    result: DossierStatsResult,
    period: { from: string; to: string },
    agency: StatisticsReport['agency'],
    scope: string[],
    groupBy: GroupBy,
  ): Promise<StatisticsReport> {
    const total = emptyAcc();
    const groups = new Map<string, Acc>();
    const codes = [...new Set(result.rows.map((r) => r.procedureCode))];
    const procs = new Map(await Promise.all(codes.map(async (c) => [c, await this.procedure(c)] as const)));
    const keyOf = (r: DossierStatsRow) =>
      groupBy === 'agency'
        ? r.agencyId
        : groupBy === 'procedure'
          ? r.procedureCode
          : (procs.get(r.procedureCode)?.field ?? 'Chưa xác định');
    if (groupBy === 'agency') for (const id of scope) groups.set(id, emptyAcc());
    for (const r of result.rows) {
      add(total, r);
      const key = keyOf(r);
      let acc = groups.get(key);
      if (!acc) groups.set(key, (acc = emptyAcc()));
      add(acc, r);
    }
    const labels = new Map<string, string>();
    if (groupBy === 'agency') {
      const ids = [...groups.keys()];
      const names = await Promise.all(ids.map((id) => this.agencyName(id)));
      ids.forEach((id, i) => {
        const name = names[i];
        if (name) labels.set(id, name);
      });
    } else if (groupBy === 'procedure') {
      for (const [code, p] of procs) labels.set(code, p ? `${code} — ${p.name}` : code);
    }
    const rows = [...groups.entries()]
      .map(([key, acc]) => ({ key, label: labels.get(key) ?? key, ...countsOf(acc) }))
      .sort((a, b) => b.received - a.received || a.label.localeCompare(b.label, 'vi'));
    const totals = countsOf(total);
    return {
      period,
      agency,
      groupBy,
      snapshotAt: result.snapshotAt,
      totals,
      rows,
      indicators766: indicators766({
        received: totals.received,
        receivedOnline: totals.receivedOnline,
        resolvedOnTime: totals.resolvedOnTime,
        resolvedLate: totals.resolvedLate,
        overdue: totals.overdue,
        receivedDigitised: totals.receivedDigitised,
        resolvedElectronicResult: totals.resolvedElectronicResult,
        ratings: totals.satisfaction.ratings,
        ratingsUnsatisfied: total.rating_1 + total.rating_2,
      }),
    };
  }
}
