import type { FastifyBaseLogger } from 'fastify';
import { conflict, notFound, unprocessable } from '../../http/errors.js';
import { dayOf, fromLocal, isoOf, toLocal } from '../calendar/local-time.js';
import type { JobsPort } from '../jobs/jobs.port.js';
import type {
  DossierRating,
  DossierStatisticsPort,
  DossierStatsQuery,
  DossierStatsResult,
  DossierStatsRow,
  RatingInput,
} from './dossier-stats.port.js';
import {
  COUNT_KEYS,
  type CountRow,
  type DossierStatsRepository,
  type SnapshotRow,
} from './dossier-stats.repository.js';
import type { DossierStatsStateRepository } from './dossier-stats.ratings.js';
import { TtlPromiseCache } from '../../cache/ttl-promise-cache.js';
import { LruPromiseCache } from './dossier-stats.cache.js';

export const STATS_REFRESH_QUEUE = 'dossiers.stats-refresh';
/** Local time of the nightly refresh: 00:15, after the day closed. */
const REFRESH_AT_MS = 15 * 60_000;
/** Days written per transaction by the refresh. */
const CHUNK_DAYS = 31;
/** States in which the applicant may rate the handling of the dossier. */
const RATEABLE = new Set(['result_ready', 'returned', 'refused', 'rejected']);

/**
 * Statistics over dossiers (issue 3 §5): the period's counts come from the daily pre-aggregate for the closed days
 * up to its watermark and from a live query for the rest; the in-progress snapshot comes from the current state
 * (period not over), the stored end-of-day snapshot (closed day aggregated) or the event log (otherwise).
 */
export class DossierStatistics implements DossierStatisticsPort {
  /**
   * Counts and snapshots read from the pre-aggregate (closed days up to the watermark), per node. Keyed on the
   * watermark and `generation` (bumped by this node's refresh and reset), so an entry is never read after the
   * data it was computed from changed here. Another node's refresh moves the watermark, hence the key; only a
   * reset followed by a rebuild to the same watermark on another node is not seen (until eviction).
   */
  private readonly closed = new LruPromiseCache<CountRow[] | SnapshotRow[] | DossierStatsResult>(256);
  /** Today's live counts and the current snapshot: kept `liveTtlMs` (0 by default: always recomputed). */
  private readonly live: TtlPromiseCache<unknown>;
  private generation = 0;

  constructor(
    private readonly repo: DossierStatsRepository,
    private readonly state: DossierStatsStateRepository,
    private readonly deps: {
      clock: () => Date;
      jobs: () => JobsPort;
      log?: FastifyBaseLogger;
      /** How long the live part (days after the watermark, current snapshot) may be reused; 0: never. */
      liveTtlMs?: number;
    },
  ) {
    this.live = new TtlPromiseCache(deps.liveTtlMs ?? 0, 256, () => Date.now());
  }

  private cachedClosed<T extends CountRow[] | SnapshotRow[] | DossierStatsResult>(
    key: string,
    load: () => Promise<T>,
  ): Promise<T> {
    return this.closed.get(key, load) as Promise<T>;
  }

  private cachedLive<T>(key: string, load: () => Promise<T>): Promise<T> {
    return this.live.get(key, load) as Promise<T>;
  }

  async counts(q: DossierStatsQuery): Promise<DossierStatsResult> {
    if (q.preaggregate === false) return this.compute(q, null);
    const watermark = await this.repo.aggregatedThrough();
    const toDay = dayOf(q.to);
    const scopeKey = q.agencyIds === null ? '*' : [...q.agencyIds].sort().join(',');
    const key = `r|${this.generation}|${watermark ?? '-'}|${q.from}|${q.to}|${scopeKey}`;
    // A period of closed, aggregated days: the merged result is reused until the next refresh (read-only).
    if (watermark !== null && toDay <= dayOf(watermark) && fromLocal(toDay + 1, 0) <= this.deps.clock())
      return this.cachedClosed(key, () => this.compute(q, watermark));
    // Otherwise it includes live figures: reused only when a live TTL is configured.
    return this.cachedLive(key, () => this.compute(q, watermark));
  }

  private async compute(q: DossierStatsQuery, watermark: string | null): Promise<DossierStatsResult> {
    const now = this.deps.clock();
    const fromDay = dayOf(q.from);
    const toDay = dayOf(q.to);
    const through = watermark === null ? null : Math.min(dayOf(watermark), toDay);
    const scopeKey = q.agencyIds === null ? '*' : [...q.agencyIds].sort().join(',');
    const gen = `${this.generation}|${watermark ?? '-'}`;
    const parts: Promise<CountRow[]>[] = [];
    let liveFrom = fromDay;
    if (through !== null && through >= fromDay) {
      const split = splitByMonths(fromDay, through);
      for (const [a, b] of split.days)
        parts.push(
          this.cachedClosed(`d|${gen}|${a}|${b}|${scopeKey}`, () =>
            this.repo.storedCounts('daily', isoOf(a), isoOf(b), q.agencyIds),
          ),
        );
      if (split.months) {
        const [a, b] = split.months;
        parts.push(
          this.cachedClosed(`m|${gen}|${a}|${b}|${scopeKey}`, () =>
            this.repo.storedCounts('monthly', isoOf(a), isoOf(b), q.agencyIds),
          ),
        );
      }
      liveFrom = through + 1;
    }
    if (liveFrom <= toDay)
      parts.push(
        this.cachedLive(`l|${gen}|${liveFrom}|${toDay}|${scopeKey}`, () =>
          this.repo.liveCounts({ start: fromLocal(liveFrom, 0), end: fromLocal(toDay + 1, 0) }, q.agencyIds, false),
        ),
      );
    const end = fromLocal(toDay + 1, 0);
    let snapshot: Promise<{ at: Date; rows: SnapshotRow[] }>;
    if (end > now) {
      // With a live TTL the snapshot may be up to liveTtlMs old; snapshotAt then says when it was taken.
      snapshot = this.cachedLive(`s|${scopeKey}`, async () => ({
        at: now,
        rows: await this.repo.currentSnapshot(now, q.agencyIds),
      }));
    } else if (watermark !== null && toDay <= dayOf(watermark)) {
      const rows = this.cachedClosed(`s|${gen}|${toDay}|${scopeKey}`, () =>
        this.repo.storedSnapshot(isoOf(monthStart(toDay)), q.to, q.agencyIds),
      );
      snapshot = rows.then((r) => ({ at: end, rows: r }));
    } else {
      snapshot = this.repo.snapshotAt(end, q.agencyIds).then((r) => ({ at: end, rows: r }));
    }
    const [countParts, snap] = await Promise.all([Promise.all(parts), snapshot]);
    return {
      rows: merge(countParts.flat(), snap.rows),
      snapshotAt: snap.at.toISOString(),
      aggregatedThrough: through !== null && through >= fromDay ? isoOf(through) : null,
    };
  }

  /** Aggregates the closed days after the watermark (from the first event when there is none) up to yesterday. */
  async refresh(): Promise<{ aggregatedThrough: string | null; days: number }> {
    const now = this.deps.clock();
    const yesterday = toLocal(now).day - 1;
    const watermark = await this.repo.aggregatedThrough();
    let next: number;
    if (watermark !== null) next = dayOf(watermark) + 1;
    else {
      const first = await this.repo.firstEventDay();
      next = first === null ? yesterday : Math.min(dayOf(first), yesterday);
    }
    let written = 0;
    while (next <= yesterday) {
      const last = Math.min(next + CHUNK_DAYS - 1, yesterday);
      const days = [];
      for (let d = next; d <= last; d++) days.push({ day: isoOf(d), start: fromLocal(d, 0), end: fromLocal(d + 1, 0) });
      await this.repo.writeDays(days, monthsEndingIn(next, last), now);
      this.invalidate();
      written += days.length;
      next = last + 1;
    }
    return { aggregatedThrough: await this.repo.aggregatedThrough(), days: written };
  }

  /** Forgets the pre-aggregate; the next refresh rebuilds it from the first event. */
  async reset(): Promise<void> {
    await this.repo.resetAggregates();
    this.invalidate();
  }

  /** A new data generation: cached closed-day figures are not read any more. */
  private invalidate(): void {
    this.generation += 1;
    this.closed.clear();
    this.live.clear();
  }

  /** The job: refresh, then plan tomorrow's run unless another run was planned meanwhile. */
  async runJob(payload: Record<string, unknown>): Promise<void> {
    const r = await this.refresh();
    this.deps.log?.info({ ...r }, 'thống kê hồ sơ: đã tổng hợp số liệu theo ngày');
    const planned = typeof payload.runAt === 'string' ? new Date(payload.runAt) : null;
    const current = await this.state.nextRunAt();
    if (planned && current && current.getTime() === planned.getTime()) await this.schedule(current);
  }

  /**
   * Plans the refresh when none is planned (or the planned one is more than a day late: lost). Never aggregated
   * yet (new installation, or after a reset): at once, so that the history is aggregated without waiting for the
   * night; otherwise the next night.
   */
  async ensureScheduled(): Promise<void> {
    const now = this.deps.clock();
    const current = await this.state.nextRunAt();
    if (current && current.getTime() > now.getTime() - 86_400_000) return;
    const runAt = (await this.repo.aggregatedThrough()) === null ? now : nextNight(now);
    await this.schedule(current, runAt);
  }

  private async schedule(expected: Date | null, runAt: Date = nextNight(this.deps.clock())): Promise<void> {
    const now = this.deps.clock();
    if (await this.state.planNextRun(expected, runAt, now))
      await this.deps.jobs().enqueue(STATS_REFRESH_QUEUE, { runAt: runAt.toISOString() }, { runAt, maxAttempts: 3 });
  }

  async recordRating(input: RatingInput): Promise<{ dossierCode: string; score: number; ratedAt: string }> {
    const fields = [];
    if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
      fields.push({ field: '/score', message: 'Điểm đánh giá là số nguyên từ 1 đến 5.' });
    const comment = input.comment?.trim() ? input.comment.trim() : null;
    if (comment && comment.length > 2000)
      fields.push({ field: '/comment', message: 'Ý kiến không được dài quá 2000 ký tự.' });
    if (fields.length > 0) throw unprocessable('Thông tin đánh giá chưa hợp lệ.', fields);
    const dossier = await this.state.findDossierForRating(input.dossierCode);
    if (!dossier || (input.citizenId && dossier.applicantCitizenId !== input.citizenId)) throw notFound();
    if (!RATEABLE.has(dossier.status))
      throw conflict('Chỉ đánh giá được khi hồ sơ đã có kết quả hoặc đã được trả lời.', 'not_rateable');
    const ratedAt = this.deps.clock();
    const inserted = await this.state.insertRating({
      dossierId: dossier.id,
      agencyId: dossier.currentAgencyId,
      score: input.score,
      comment,
      channel: input.channel,
      ratedAt,
    });
    if (!inserted) throw conflict('Hồ sơ này đã được đánh giá.', 'already_rated');
    return { dossierCode: input.dossierCode, score: input.score, ratedAt: ratedAt.toISOString() };
  }

  async ratingOf(dossierCode: string): Promise<DossierRating | null> {
    const r = await this.state.ratingOf(dossierCode);
    return r ? { score: r.score, comment: r.comment, channel: r.channel, ratedAt: r.rated_at.toISOString() } : null;
  }
}

/** First day of the month of an epoch day. */
export function monthStart(day: number): number {
  return dayOf(`${isoOf(day).slice(0, 7)}-01`);
}

/** Last day of the month of an epoch day. */
export function monthEnd(day: number): number {
  const [y, m] = isoOf(day).split('-').map(Number) as [number, number];
  return dayOf(`${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01`) - 1;
}

/**
 * Splits the aggregated days [from, through] into the whole calendar months inside it (read from the monthly
 * rows; as first days of the first and last month) and the remaining days at each end (daily rows). Pure.
 */
export function splitByMonths(
  from: number,
  through: number,
): { days: [number, number][]; months: [number, number] | null } {
  const firstFull = monthStart(from) === from ? from : monthEnd(from) + 1;
  const lastFullEnd = monthEnd(through) === through ? through : monthStart(through) - 1;
  if (firstFull > lastFullEnd) return { days: [[from, through]], months: null };
  const days: [number, number][] = [];
  if (from < firstFull) days.push([from, firstFull - 1]);
  if (lastFullEnd < through) days.push([lastFullEnd + 1, through]);
  return { days, months: [firstFull, monthStart(lastFullEnd)] };
}

/** The months whose last day lies in [from, to] (epoch days), as ISO first and last days. */
export function monthsEndingIn(from: number, to: number): { first: string; last: string }[] {
  const out: { first: string; last: string }[] = [];
  for (let end = monthEnd(from); end <= to; end = monthEnd(end + 1))
    out.push({ first: isoOf(monthStart(end)), last: isoOf(end) });
  return out;
}

/** 00:15 local time of the next day. */
function nextNight(now: Date): Date {
  return fromLocal(toLocal(now).day + 1, REFRESH_AT_MS);
}

function emptyRow(agencyId: string, procedureCode: string, channel: CountRow['channel']): DossierStatsRow {
  const row = { agencyId, procedureCode, channel, inProgress: 0, overdue: 0 } as DossierStatsRow;
  for (const k of COUNT_KEYS) row[k] = 0;
  return row;
}

/** Adds up count rows and snapshot rows by (agency, procedure, channel). */
function merge(counts: CountRow[], snapshot: SnapshotRow[]): DossierStatsRow[] {
  const byKey = new Map<string, DossierStatsRow>();
  const at = (agencyId: string, procedureCode: string, channel: CountRow['channel']) => {
    const key = `${agencyId}|${procedureCode}|${channel}`;
    let row = byKey.get(key);
    if (!row) byKey.set(key, (row = emptyRow(agencyId, procedureCode, channel)));
    return row;
  };
  for (const c of counts) {
    const row = at(c.agencyId, c.procedureCode, c.channel);
    for (const k of COUNT_KEYS) row[k] += c[k];
  }
  for (const s of snapshot) {
    const row = at(s.agencyId, s.procedureCode, s.channel);
    row.inProgress += s.inProgress;
    row.overdue += s.overdue;
  }
  return [...byKey.values()];
}
