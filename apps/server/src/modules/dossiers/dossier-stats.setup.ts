import type { FastifyInstance } from 'fastify';
import type { DossierStatisticsPort } from './dossier-stats.port.js';
import { DossierStatsStateRepository } from './dossier-stats.ratings.js';
import { DossierStatsRepository } from './dossier-stats.repository.js';
import { DossierStatistics, STATS_REFRESH_QUEUE } from './dossier-stats.service.js';

/** STATISTICS_LIVE_CACHE_SECONDS: 0–300 seconds, anything else means 0 (no reuse of live figures). */
export function liveTtlMs(raw: string | undefined): number {
  const n = Number(raw ?? '0');
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
    // Opt-in reuse of today's live figures for a few seconds (docs/performance.md); closed days are always cached.
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
