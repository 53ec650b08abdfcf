import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { runLoad, startCeilingServer, type LoadResult } from './load.js';

/**
 * `npm run bench`: each figure is printed as a ratio to a ceiling measured in the same run on the
 * same machine (a bare Node HTTP server), so results compare across machines. Never a timed test.
 */
const CONCURRENCY = 32;
const TOTAL = Number(process.env.BENCH_REQUESTS ?? 5000);

function line(name: string, r: LoadResult, ceiling: LoadResult) {
  const ratio = (r.perSecond / ceiling.perSecond) * 100;
  console.log(
    `${name.padEnd(34)} ${r.perSecond.toFixed(0).padStart(7)} req/s  p50 ${r.p50Ms.toFixed(2).padStart(6)} ms  p99 ${r.p99Ms
      .toFixed(2)
      .padStart(6)} ms  ${ratio.toFixed(1).padStart(5)} % of ceiling${r.errors ? `  (${r.errors} errors)` : ''}`,
  );
}

async function main() {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    PORT: '0',
    // The load comes from one address: measure the handlers, not the per-address rate limits.
    RATE_LIMIT_ALLOWLIST: '127.0.0.1',
  });
  const database = await openDatabase({ url: config.databaseUrl });
  await migrate(database);
  const app = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  const base = `http://127.0.0.1:${address.port}`;

  const healthBody = JSON.stringify({ status: 'ok', database: database.engine, version: app.appVersion });
  const ceilingServer = await startCeilingServer(healthBody);
  const opts = { concurrency: CONCURRENCY, total: TOTAL };
  console.log(
    `Saola bench — ${database.engine}, ${CONCURRENCY} concurrent clients, ${TOTAL} requests per target, Node ${process.version}`,
  );
  const ceiling = await runLoad(ceilingServer.url, opts);
  line('ceiling: bare node:http', ceiling, ceiling);
  line('GET /api/v1/health (select 1)', await runLoad(`${base}/api/v1/health`, opts), ceiling);
  const from = encodeURIComponent('2026-02-12T09:00:00+07:00');
  line(
    'GET /api/v1/calendar/due',
    await runLoad(`${base}/api/v1/calendar/due?from=${from}&amount=15&unit=working_days`, opts),
    ceiling,
  );
  line('GET / (portal home, SSR)', await runLoad(`${base}/`, opts), ceiling);

  await ceilingServer.close();
  await app.close();
  await database.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
