import { randomBytes } from 'node:crypto';
import { type Database, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';

/** Which engine the integration tests run on: `SAOLA_TEST_DB=postgresql` or the default PGlite. */
export const TEST_ENGINE = process.env.SAOLA_TEST_DB === 'postgresql' ? 'postgresql' : 'pglite';
export const TEST_PG_URL = process.env.SAOLA_TEST_PG_URL ?? 'postgresql://postgres@127.0.0.1:5432/saola_test';

/** A fresh, migrated database: a new schema on PostgreSQL, a new in-memory PGlite otherwise. */
export async function createTestDatabase(): Promise<Database & { dropSchema(): Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const database = await openDatabase(
    TEST_ENGINE === 'postgresql' ? { url: TEST_PG_URL, schema, poolSize: 5 } : { url: null },
  );
  await migrate(database);
  return Object.assign(database, {
    async dropSchema() {
      if (TEST_ENGINE === 'postgresql') await database.execScript(`drop schema if exists ${schema} cascade`);
      await database.close();
    },
  });
}
