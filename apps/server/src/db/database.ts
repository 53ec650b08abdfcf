import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';
import { PGliteDialect } from './pglite-dialect.js';
import { preparingPool } from './prepared.js';
import { parseTimestamptz } from './timestamptz.js';

export type Engine = 'pglite' | 'postgresql';

export interface Database {
  db: Kysely<DB>;
  engine: Engine;
  /** Runs a script of several statements (migrations, restore). */
  execScript(script: string): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; null = embedded PGlite. */
  url: string | null;
  /** PGlite data folder; undefined = in memory (tests). */
  pgliteDir?: string;
  /** Schema to create and use as search_path (one fresh schema per test file). */
  schema?: string;
  poolSize?: number;
}

// int8 (counts, sums) as JS numbers on both engines: every value we store fits in 2^53.
pg.types.setTypeParser(20, (v: string) => Number(v));
// timestamptz through V8's ISO parser (db/timestamptz.ts): same instants, a third of the cost.
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, parseTimestamptz);

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const schema = options.schema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Tên schema không hợp lệ: ${schema}`);

  if (options.url) {
    if (schema) {
      const admin = new pg.Client({ connectionString: options.url });
      await admin.connect();
      await admin.query(`create schema if not exists ${schema}`);
      await admin.end();
    }
    const pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      ...(schema ? { options: `-c search_path=${schema},public` } : {}),
    });
    // An idle client's backend error (server restart, terminated connection) is emitted on the pool; without a
    // listener it would crash the process. The next checkout opens a fresh connection.
    pool.on('error', (error) => {
      process.emitWarning(`PostgreSQL: kết nối rảnh bị đóng (${error.message})`);
    });
    pool.on('connect', (client) => {
      client.query(`set time zone 'Asia/Ho_Chi_Minh'`).catch(() => undefined);
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
    return {
      db,
      engine: 'postgresql',
      async execScript(script) {
        const client = await pool.connect();
        try {
          await client.query(script);
        } finally {
          client.release();
        }
      },
      async close() {
        await db.destroy();
      },
    };
  }

  if (options.pgliteDir) fs.mkdirSync(path.dirname(options.pgliteDir), { recursive: true });
  const pglite = await PGlite.create(options.pgliteDir ?? 'memory://', {
    parsers: { 20: (v: string) => Number(v) },
  });
  await pglite.exec(`set time zone 'Asia/Ho_Chi_Minh'`);
  if (schema) await pglite.exec(`create schema if not exists ${schema}; set search_path = ${schema}, public;`);
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    engine: 'pglite',
    async execScript(script) {
      // Through Kysely's connection so that the script waits for, and blocks, other queries.
      await db.connection().execute(async (conn) => {
        await sql.raw(script).execute(conn);
      });
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}
