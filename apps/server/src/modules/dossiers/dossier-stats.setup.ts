import type { FastifyInstance } from 'fastify';
import type { DossierStatisticsPort } from './dossier-stats.port.js';
import { DossierStatsStateRepository } from './dossier-stats.ratings.js';
import { DossierStatsRepository } from './dossier-stats.repository.js';
import { DossierStatistics, STATS_REFRESH_QUEUE } from './dossier-stats.service.js';

/**
 * STATISTICS_LIVE_CACHE_SECONDS: 0–300 seconds (unset: 10). Today's live figures and the in-progress snapshot
 * are reused for that long per node (the report's `snapshotAt` says when they were taken); closed days are
 * always served from the pre-aggregate and its cache. 0 recomputes them on every request (the tests do, to see
 * each change at once). Anything that is not an integer in range means 0.
 */
export const DEFAULT_LIVE_CACHE_SECONDS = 10;
export function liveTtlMs(raw: string | undefined): number {
  const n = Number(raw === undefined || raw === '' ? DEFAULT_LIVE_CACHE_SECONDS : raw);
  return Number.isInteger(n) && n > 0 && n <= 300 ? n * 1000 : 0;
}

/**
 * Builds `app.dossiers.statistics` (called by the dossiers plugin at registration): registers the nightly
 * refresh job of the daily pre-aggregate and plans its first run when the background work starts.
 */
export function setupDossierStatistics(app: FastifyInstance): DossierStatistics & DossierStatisticsPort {
  const db = app.database.db;
  const stats = new DossierStatistics(new DossierStatsRepository(db), new DossierStatsStateRepository(db), {
    clock: () => app.clock(),
    jobs: () => app.jobs,
    log: app.log.child({ module: 'dossier-stats' }),
    // Reuse of today's live figures for a few seconds (issue 3 §7, docs/performance.md).
    liveTtlMs: liveTtlMs(process.env.STATISTICS_LIVE_CACHE_SECONDS),
  });
  app.jobs.handle(STATS_REFRESH_QUEUE, (payload) => stats.runJob(payload), { timeoutMs: 30 * 60_000 });
  const previous = app.startBackgroundWork;
  app.startBackgroundWork = async () => {
    await previous?.();
    await stats.ensureScheduled();
  };
  return stats;
}
