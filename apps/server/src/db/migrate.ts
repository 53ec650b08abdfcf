import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Database } from './database.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations', import.meta.url));

export interface Migration {
  name: string;
  checksum: string;
  script: string;
}

export class MigrationError extends Error {}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const script = fs.readFileSync(`${dir}/${name}`, 'utf8');
      return { name, script, checksum: createHash('sha256').update(script).digest('hex') };
    });
}

/**
 * Forward-only migrations. An applied migration whose file changed is an error: the fix is a new
 * migration, never an edit. A PostgreSQL advisory lock keeps two app nodes from migrating at once.
 */
export async function migrate(database: Database, migrations = readMigrations()): Promise<string[]> {
  const { db } = database;
  await database.execScript(`
    create table if not exists schema_migrations (
      name text primary key,
      checksum text not null,
      applied_at timestamptz not null default now()
    );`);
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    if (database.engine === 'postgresql') await sql`select pg_advisory_lock(7412025)`.execute(conn);
    try {
      const rows = await sql<{ name: string; checksum: string }>`select name, checksum from schema_migrations`.execute(
        conn,
      );
      const done = new Map(rows.rows.map((r) => [r.name, r.checksum]));
      for (const m of migrations) {
        const known = done.get(m.name);
        if (known !== undefined) {
          if (known !== m.checksum) {
            throw new MigrationError(
              `Migration ${m.name} đã chạy nhưng tệp đã bị sửa (checksum khác). Hãy viết migration mới thay vì sửa migration cũ.`,
            );
          }
          continue;
        }
        // name and checksum are [0-9a-z_.] only (see readMigrations), so inlining them is safe.
        const record = `insert into schema_migrations (name, checksum) values ('${m.name}', '${m.checksum}');`;
        await sql
          .raw(`begin;\n${m.script}\n;\n${record}\ncommit;`)
          .execute(conn)
          .catch(async (error: unknown) => {
            await sql
              .raw('rollback')
              .execute(conn)
              .catch(() => undefined);
            throw new MigrationError(`Migration ${m.name} lỗi: ${(error as Error).message}`);
          });
        applied.push(m.name);
      }
    } finally {
      if (database.engine === 'postgresql') await sql`select pg_advisory_unlock(7412025)`.execute(conn);
    }
  });
  return applied;
}
