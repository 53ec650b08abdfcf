import { spawn } from 'node:child_process';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { freePort, type Served, stopChild, waitReady } from './ceiling.js';

/** Starts the real app (as main.ts does, without the demo seed) on `databaseUrl`, listening on a free port. */
export async function startApp(databaseUrl: string | null) {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl ?? '',
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    SEED_DEMO: 'false',
    PORT: '0',
    // The load comes from one address: measure the handlers, not the per-address rate limits
    // (documented allowlist, config.ts RATE_LIMIT_ALLOWLIST; sign-in lock-outs only follow failed sign-ins).
    RATE_LIMIT_ALLOWLIST: '127.0.0.1',
  });
  const database = await openDatabase({ url: config.databaseUrl });
  await migrate(database);
  const app = await buildApp({ config, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  return {
    app,
    database,
    base: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

/** Engineer B's statistics route (issue 3 §5); the bench reports "route missing" without it. */
export const hasStatisticsRoute = (app: FastifyInstance) =>
  app.hasRoute({ method: 'GET', url: '/api/v1/statistics/dossiers' });

/**
 * `npm run bench -- --workers N` (PostgreSQL): the built server (dist/main.js) in N processes of its own
 * (WORKERS=N, node:cluster), as on a real node, serving the same database and file folder as the in-process app
 * that prepared the data. The load generator then no longer shares the app's event loop.
 */
export async function startAppProcesses(databaseUrl: string, workers: number, dataDir: string): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [new URL('../main.js', import.meta.url).pathname], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      DATA_DIR: dataDir,
      WORKERS: String(workers),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SEED_DEMO: 'false',
      RATE_LIMIT_ALLOWLIST: '127.0.0.1',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitReady(`${base}/api/v1/health`, child);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { base, close: () => stopChild(child) };
}
