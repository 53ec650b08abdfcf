import pg from 'pg';
import { TEST_ENGINE, TEST_PG_URL } from './test-db.js';

/** Creates the throw-away PostgreSQL database the integration tests make their schemas in. */
export default async function setup() {
  if (TEST_ENGINE !== 'postgresql') return;
  const url = new URL(TEST_PG_URL);
  const name = url.pathname.slice(1);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const exists = await client.query('select 1 from pg_database where datname = $1', [name]);
  if (exists.rowCount === 0) await client.query(`create database "${name}"`);
  await client.end();
}
