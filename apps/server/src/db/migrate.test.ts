import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../test/test-db.js';
import { MigrationError, migrate, readMigrations } from './migrate.js';

function migrationsDir(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'saola-mig-'));
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
  return dir;
}

describe('migrate', () => {
  const opened: { dropSchema(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const d of opened.splice(0)) await d.dropSchema();
  });

  it('applies the shipped migrations once and records their checksums', async () => {
    const database = await createTestDatabase();
    opened.push(database);
    expect(await migrate(database)).toEqual([]);
    const rows = await database.db.selectFrom('schema_migrations').select(['name', 'checksum']).execute();
    expect(rows.map((r) => r.name)).toEqual(readMigrations().map((m) => m.name));
  });

  it('refuses to start when an applied migration was edited', async () => {
    const database = await createTestDatabase();
    opened.push(database);
    const dir = migrationsDir({ '9001_demo.sql': 'create table demo_a (id int);' });
    expect(await migrate(database, readMigrations(dir))).toEqual(['9001_demo.sql']);
    const edited = migrationsDir({ '9001_demo.sql': 'create table demo_a (id bigint);' });
    await expect(migrate(database, readMigrations(edited))).rejects.toThrow(MigrationError);
  });

  it('rolls back a failing migration entirely and does not record it', async () => {
    const database = await createTestDatabase();
    opened.push(database);
    const dir = migrationsDir({ '9002_broken.sql': 'create table demo_b (id int);\nselect * from no_such_table;' });
    await expect(migrate(database, readMigrations(dir))).rejects.toThrow(/9002_broken.sql/);
    const exists = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_name = 'demo_b'`.execute(database.db);
    expect(exists.rows[0]?.n).toBe(0);
    const recorded = await database.db
      .selectFrom('schema_migrations')
      .select('name')
      .where('name', '=', '9002_broken.sql')
      .execute();
    expect(recorded).toEqual([]);
  });
});
