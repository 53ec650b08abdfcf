import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actor, entry } from '../test/factories/audit.js';
import { TEST_ENGINE, TEST_PG_URL } from '../test/test-db.js';
import { createAuditService, verifyAuditChain } from '../modules/audit/audit.service.js';
import {
  BackupError,
  backupPglite,
  backupPostgres,
  connectionArgs,
  engineOfFile,
  newBackupPath,
  restorePglite,
  restorePostgres,
  stamp,
} from './backup.js';
import { type Database, openDatabase } from './database.js';
import { migrate } from './migrate.js';

async function notes(database: Database): Promise<string[]> {
  const rows = await database.db.selectFrom('audit_log').select('note').orderBy('seq').execute();
  return rows.map((r) => r.note ?? '');
}

async function write(database: Database, ...texts: string[]) {
  const audit = createAuditService({ db: database.db, clock: () => new Date() });
  for (const note of texts) await audit.record(actor(), entry({ note }));
}

describe('backup file names', () => {
  it('stamps in Vietnam time and never reuses a name', () => {
    expect(stamp(new Date('2026-01-15T17:30:05Z'))).toBe('20260116-003005');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saola-names-'));
    const at = new Date('2026-01-15T01:00:00Z');
    const first = newBackupPath(dir, 'pglite', at);
    expect(path.basename(first)).toBe('saola-20260115-080000.tar.gz');
    fs.writeFileSync(first, '');
    expect(path.basename(newBackupPath(dir, 'pglite', at))).toBe('saola-20260115-080000-1.tar.gz');
    expect(path.basename(newBackupPath(dir, 'postgresql', at))).toBe('saola-20260115-080000.dump');
    expect(engineOfFile('a/saola-x.tar.gz')).toBe('pglite');
    expect(engineOfFile('saola-x.dump')).toBe('postgresql');
    expect(engineOfFile('saola-x.zip')).toBeNull();
    fs.rmSync(dir, { recursive: true });
  });

  it('keeps the password out of the command line', () => {
    expect(connectionArgs('postgresql://saola:p%40ss@db.local:5433/saola?sslmode=require')).toEqual({
      dbname: 'postgresql://saola@db.local:5433/saola?sslmode=require',
      env: { PGPASSWORD: 'p@ss' },
    });
  });
});

describe.runIf(TEST_ENGINE === 'pglite')('PGlite backup and restore', () => {
  let dataDir: string;
  let pgdata: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saola-backup-'));
    pgdata = path.join(dataDir, 'pgdata');
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('backs up, and restore brings the data back while keeping the replaced folder', { timeout: 180_000 }, async () => {
    let database = await openDatabase({ url: null, pgliteDir: pgdata });
    await migrate(database);
    await write(database, 'trước sao lưu 1', 'trước sao lưu 2');
    await database.close();

    const file = path.join(dataDir, 'backups', 'b.tar.gz');
    const result = await backupPglite(pgdata, file);
    expect(result.bytes).toBeGreaterThan(1000);
    expect(fs.existsSync(path.join(pgdata, 'postmaster.pid'))).toBe(false);

    database = await openDatabase({ url: null, pgliteDir: pgdata });
    await write(database, 'sau sao lưu');
    expect(await notes(database)).toHaveLength(3);
    await database.close();

    const at = new Date('2026-03-01T02:00:00Z');
    const { previous } = await restorePglite(pgdata, file, at);
    expect(previous).toBe(path.join(dataDir, 'pgdata.before-restore-20260301-090000'));

    database = await openDatabase({ url: null, pgliteDir: pgdata });
    expect(await notes(database)).toEqual(['trước sao lưu 1', 'trước sao lưu 2']);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, checked: 2 });
    await write(database, 'sau khôi phục');
    await database.close();

    const old = await openDatabase({ url: null, pgliteDir: previous! });
    expect(await notes(old)).toEqual(['trước sao lưu 1', 'trước sao lưu 2', 'sau sao lưu']);
    await old.close();
  });

  it('refuses a file that is not a PGlite backup and leaves the data alone', async () => {
    const bad = path.join(dataDir, 'rac.tar.gz');
    fs.writeFileSync(bad, 'không phải tarball');
    await expect(restorePglite(pgdata, bad, new Date())).rejects.toBeInstanceOf(BackupError);
    await expect(restorePglite(pgdata, path.join(dataDir, 'khong-co.tar.gz'), new Date())).rejects.toThrow(
      /Không tìm thấy/,
    );
    const database = await openDatabase({ url: null, pgliteDir: pgdata });
    expect(await notes(database)).toEqual(['trước sao lưu 1', 'trước sao lưu 2', 'sau khôi phục']);
    await database.close();
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('restoring'))).toEqual([]);
  });

  it('says clearly when there is nothing to back up', async () => {
    await expect(backupPglite(path.join(dataDir, 'khong-co'), path.join(dataDir, 'x.tar.gz'))).rejects.toThrow(
      /chưa có gì để sao lưu/,
    );
  });
});

describe.runIf(TEST_ENGINE === 'postgresql')('PostgreSQL backup and restore (pg_dump / pg_restore)', () => {
  const name = `saola_backup_${randomBytes(5).toString('hex')}`;
  const serverUrl = new URL(TEST_PG_URL);
  const url = Object.assign(new URL(TEST_PG_URL), { pathname: `/${name}` }).toString();
  let dir: string;

  async function admin(query: string) {
    const client = new pg.Client({ connectionString: Object.assign(serverUrl, { pathname: '/postgres' }).toString() });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saola-pgbackup-'));
    await admin(`create database "${name}"`);
  });
  afterAll(async () => {
    await admin(`drop database if exists "${name}" with (force)`);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backs up a throw-away database, and restore brings the data back', async () => {
    let database = await openDatabase({ url });
    await migrate(database);
    await write(database, 'trước sao lưu 1', 'trước sao lưu 2');
    await database.close();

    const file = path.join(dir, 'saola.dump');
    const result = await backupPostgres(url, file);
    expect(result.bytes).toBeGreaterThan(1000);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('PGDMP');

    database = await openDatabase({ url });
    await write(database, 'sau sao lưu');
    await database.close();

    await restorePostgres(url, file);
    database = await openDatabase({ url });
    try {
      expect(await notes(database)).toEqual(['trước sao lưu 1', 'trước sao lưu 2']);
      // The head, the triggers and the chain came back with the rows.
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, checked: 2 });
      await write(database, 'sau khôi phục');
      expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true, checked: 3 });
      await expect(database.execScript('delete from audit_log')).rejects.toThrow(/chỉ được ghi thêm/);
    } finally {
      await database.close();
    }
  });

  it('refuses a file that is not a pg_dump archive', async () => {
    const bad = path.join(dir, 'rac.dump');
    fs.writeFileSync(bad, 'xin chào');
    await expect(restorePostgres(url, bad)).rejects.toThrow(/PGDMP/);
  });

  it('reports pg_dump failures in Vietnamese with the tool output', async () => {
    const missing = Object.assign(new URL(TEST_PG_URL), { pathname: '/khong_co_csdl_nay' }).toString();
    await expect(backupPostgres(missing, path.join(dir, 'x.dump'))).rejects.toThrow(
      /pg_dump thất bại[\s\S]*khong_co_csdl_nay/,
    );
    expect(fs.existsSync(path.join(dir, 'x.dump.partial'))).toBe(false);
  });
});
