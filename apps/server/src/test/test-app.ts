import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { type Config, loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import type { Clock } from '../http/fastify-augment.js';
import { createTestDatabase } from './test-db.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  /** Freezes the clock that services read at `at` (it runs in real time unless `now` was given); null unfreezes. */
  setNow(at: Date | null): void;
  close(): Promise<void>;
}

/** A whole app on a fresh database, for integration tests (one per test file). */
export async function createTestApp(options: { env?: Record<string, string>; now?: Date } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: `/tmp/saola-test-${process.pid}`,
    SEED_DEMO: 'false',
    ...options.env,
  });
  let now: Date | null = options.now ?? null;
  const clock: Clock = () => now ?? new Date();
  const app = await buildApp({ config, database, clock });
  await app.ready();
  return {
    app,
    database,
    config,
    setNow(at) {
      now = at;
    },
    async close() {
      await app.close();
      await database.dropSchema();
    },
  };
}
