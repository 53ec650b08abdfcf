import { parseArgs } from './bench-args.js';
import { ESERVICES_SCENARIOS, runEServices } from './eservices.js';
import { runLoad, startCeilingServer, type LoadResult } from './load.js';
import { runOneStop, runReceptionFloor, type ScenarioReport } from './onestop.js';
import { runSmoke } from './smoke.js';
import { hasStatisticsRoute, startApp, startAppProcesses } from './start-app.js';

/**
 * `npm run bench [-- --database-url postgresql://…] [-- --smoke]`: each figure is printed as a ratio to a
 * ceiling measured in the same run on the same machine, so results compare across machines. Never a timed test.
 * - the general scenarios (health, calendar, portal) against a bare node:http ceiling, on the configured database;
 * - on PostgreSQL, the one-stop scenarios (onestop.ts) on a database filled by `npm run seed:scale`;
 * - on both engines, the citizen-side scenarios (eservices.ts: online submission, public lookup, the portal's
 *   search page with its time to first byte and weight); on PGlite on the demo seed;
 * - `--only a,b`: only the named scenarios (reception, floor, inbox, statistics, submission, lookup, portal); `floor`
 *   is the reception's writes alone in one statement (floor.ts), the upper bound of the reception's ratio;
 * - `--workers N` (PostgreSQL): the one-stop and citizen-side scenarios are served by the built server in N
 *   processes of its own (WORKERS=N) and compared with a ceiling in N processes too; default 1 = in this process;
 * - `--smoke`: a throwaway PostgreSQL database with 20,000 dossiers and short runs, failing only on errors
 *   (smoke.ts; a step of `npm test`).
 */
const CONCURRENCY = 32;
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 5000);

function line(name: string, r: LoadResult, ceiling: LoadResult) {
  const ratio = (r.perSecond / ceiling.perSecond) * 100;
  console.log(
    `${name.padEnd(44)} ${r.perSecond.toFixed(0).padStart(6)} req/s  p50 ${r.p50Ms.toFixed(1).padStart(7)} ms  p99 ${r.p99Ms
      .toFixed(1)
      .padStart(7)} ms  ${ratio.toFixed(1).padStart(5)} % of ceiling${r.errors ? `  (${r.errors} errors)` : ''}`,
  );
}

async function main() {
  const args = parseArgs(process.argv.slice(2), { 'database-url': process.env.DATABASE_URL ?? '' });
  if (args.smoke === true) {
    const ok = await runSmoke({
      adminUrl: String(args['database-url'] || 'postgresql://postgres@127.0.0.1:5432/postgres'),
      log: (m) => console.log(m),
    });
    process.exit(ok ? 0 : 1);
  }
  const url = String(args['database-url'] ?? '') || null;
  const started = await startApp(url);
  const { app, database, base } = started;

  const healthBody = JSON.stringify({ status: 'ok', database: database.engine, version: app.appVersion });
  const ceilingServer = await startCeilingServer(healthBody);
  const opts = { concurrency: CONCURRENCY, total: TOTAL };
  console.log(
    `Saola bench — ${database.engine}, ${CONCURRENCY} concurrent clients, ${TOTAL} requests per target, Node ${process.version}`,
  );
  const ceiling = await runLoad(ceilingServer.url, opts);
  line('ceiling: bare node:http', ceiling, ceiling);
  if (args.only === undefined) {
    line('GET /api/v1/health (select 1)', await runLoad(`${base}/api/v1/health`, opts), ceiling);
    const from = encodeURIComponent('2026-02-12T09:00:00+07:00');
    line(
      'GET /api/v1/calendar/due',
      await runLoad(`${base}/api/v1/calendar/due?from=${from}&amount=15&unit=working_days`, opts),
      ceiling,
    );
    line('GET / (portal home, SSR)', await runLoad(`${base}/`, opts), ceiling);
  }
  await ceilingServer.close();

  const workers = Number(args.workers ?? 1);
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) throw new Error('--workers phải là số nguyên 1–64.');
  if (workers > 1 && !url) throw new Error('--workers > 1 cần PostgreSQL (--database-url).');
  const external = workers > 1 && url ? await startAppProcesses(url, workers, app.config.dataDir) : null;
  const served = external?.base ?? base;
  if (external)
    console.log(`\nỨng dụng: ${workers} tiến trình riêng (WORKERS=${workers}); trần đo với ${workers} tiến trình.`);
  const only = typeof args.only === 'string' ? new Set(args.only.split(',')) : undefined;
  const anyOf = (names: readonly string[]) => !only || names.some((n) => only.has(n));
  let reports: ScenarioReport[] = [];
  if (url && anyOf(['reception', 'inbox', 'statistics'])) {
    console.log('');
    reports = await runOneStop(served, url, {
      concurrency: CONCURRENCY,
      totals: {
        ceiling: TOTAL * 2,
        reception: TOTAL,
        inbox: TOTAL,
        statistics: Number(process.env.BENCH_STATISTICS_REQUESTS ?? 320),
      },
      warmup: 100,
      poolSize: 10,
      processes: workers,
      statisticsRoute: hasStatisticsRoute(app),
      ...(external ? {} : { inboxCacheStats: () => app.dossiers.inboxCacheStats() }),
      ...(only ? { only } : {}),
      log: (m) => console.log(m),
    });
  } else if (!url) console.log('\nMột cửa: cần PostgreSQL (--database-url hoặc DATABASE_URL) — bỏ qua.');
  if (anyOf(ESERVICES_SCENARIOS)) {
    console.log('');
    // Each submission needs its own uploads beforehand (3 PDFs for Đăng ký khai sinh): fewer by default.
    const submissions = Number(process.env.BENCH_SUBMISSION_REQUESTS ?? Math.min(TOTAL, 1000));
    reports.push(
      ...(await runEServices(served, url, {
        app,
        concurrency: CONCURRENCY,
        totals: { ceiling: TOTAL * 2, submission: submissions, lookup: TOTAL, portal: TOTAL },
        warmup: 100,
        poolSize: 10,
        processes: workers,
        ...(only ? { only } : {}),
        log: (m) => console.log(m),
      })),
    );
  }
  if (url && anyOf(['floor'])) {
    console.log('');
    reports.push(
      ...(await runReceptionFloor(served, url, {
        concurrency: CONCURRENCY,
        totals: { ceiling: TOTAL * 2, reception: TOTAL },
        warmup: 100,
        poolSize: 10,
        processes: workers,
        log: (m) => console.log(m),
      })),
    );
  }
  await external?.close();
  await started.close();
  const failed = (r: ScenarioReport) => (r.result?.errors ?? 0) > 0 || (r.skipped?.startsWith('chuẩn bị lỗi') ?? false);
  if (reports.some(failed)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
