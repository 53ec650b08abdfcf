import { dropDatabase, ensureDatabase } from './bench-args.js';
import { runEServices } from './eservices.js';
import { runOneStop, runReceptionFloor } from './onestop.js';
import { seedScale } from './seed-scale.js';
import { hasStatisticsRoute, startApp } from './start-app.js';

/**
 * `npm run bench -- --smoke` (a step of `npm test`): creates the throwaway PostgreSQL database
 * saola_bench_smoke, fills it with seed:scale (20,000 dossiers), runs every one-stop scenario and every
 * citizen-side scenario (eservices.ts) briefly and drops the database. Fails on errors only (a non-2xx answer, a crash, a missing route or missing data), never on speed.
 */
export const SMOKE_DATABASE = 'saola_bench_smoke';
export const SMOKE_DOSSIERS = 20_000;

export async function runSmoke(o: { adminUrl: string; log: (m: string) => void }): Promise<boolean> {
  const url = new URL(o.adminUrl);
  url.pathname = `/${SMOKE_DATABASE}`;
  const databaseUrl = url.toString();
  const t0 = Date.now();
  const seconds = () => `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  let ok = false;
  try {
    const started = await startApp(databaseUrl);
    try {
      o.log(`Bench smoke — PostgreSQL ${SMOKE_DATABASE}, seed:scale ${SMOKE_DOSSIERS.toLocaleString('vi-VN')} hồ sơ…`);
      const seeded = await seedScale(started.app, { dossiers: SMOKE_DOSSIERS, years: 3, force: false });
      o.log(`  ${seeded.dossiers} hồ sơ, ${seeded.events} sự kiện (${seconds()})`);
      const reports = await runOneStop(started.base, databaseUrl, {
        concurrency: 32,
        totals: { ceiling: 640, reception: 320, inbox: 320, statistics: 64 },
        warmup: 4,
        poolSize: 10,
        statisticsRoute: hasStatisticsRoute(started.app),
        log: o.log,
      });
      o.log(`  (${seconds()})`);
      reports.push(
        ...(await runEServices(started.base, databaseUrl, {
          app: started.app,
          concurrency: 32,
          totals: { ceiling: 640, submission: 64, lookup: 320, portal: 320 },
          warmup: 4,
          poolSize: 10,
          log: o.log,
        })),
      );
      reports.push(
        ...(await runReceptionFloor(started.base, databaseUrl, {
          concurrency: 32,
          totals: { ceiling: 640, reception: 320 },
          warmup: 4,
          poolSize: 10,
          log: o.log,
        })),
      );
      const failures = reports.filter((r) => r.skipped !== null || (r.result?.errors ?? 0) > 0);
      for (const f of failures)
        o.log(`  LỖI ${f.name}: ${f.skipped ?? `${f.result?.errors} yêu cầu lỗi — ${f.result?.firstError ?? ''}`}`);
      ok = failures.length === 0;
    } finally {
      await started.close();
    }
  } catch (error) {
    o.log(`  LỖI: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    ok = false;
  } finally {
    await dropDatabase(databaseUrl);
  }
  o.log(`Bench smoke ${ok ? 'đạt' : 'KHÔNG ĐẠT'} (${seconds()}); tốc độ không được đánh giá ở chế độ này.`);
  return ok;
}
