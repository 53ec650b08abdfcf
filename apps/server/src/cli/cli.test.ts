import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { acquireDataDirLock } from '../db/data-dir-lock.js';
import { type Database, openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { createAuditService } from '../modules/audit/audit.service.js';
import { actor, entry, tamper } from '../test/factories/audit.js';
import { TEST_ENGINE, TEST_PG_URL } from '../test/test-db.js';
import { run as backup } from './backup.js';
import { EXIT, runCommand } from './cli-common.js';
import { run as saola } from './index.js';
import { generateOpenApi } from './openapi.js';
import { run as restore } from './restore.js';
import { run as verifyAudit } from './verify-audit.js';

/** Runs a command as the CLI does and returns its exit code and what it printed. */
async function cli(command: (args: string[]) => Promise<number>, args: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  try {
    const code = await runCommand(command, args);
    return { code, output: out.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

async function notes(database: Database) {
  return (await database.db.selectFrom('audit_log').select('note').orderBy('seq').execute()).map((r) => r.note);
}
async function write(database: Database, note: string) {
  await createAuditService({ db: database.db, clock: () => new Date() }).record(actor(), entry({ note }));
}

const savedEnv = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
afterAll(() => {
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('saola dispatcher', () => {
  it('lists the commands, and rejects unknown ones', async () => {
    const help = await cli(saola, []);
    expect(help.code).toBe(EXIT.usage);
    for (const c of ['backup', 'restore', 'verify-audit', 'import-units', 'openapi']) expect(help.output).toContain(c);
    expect((await cli(saola, ['khong-co'])).output).toContain('Không có lệnh "khong-co"');
    expect((await cli(saola, ['restore'])).code).toBe(EXIT.usage);
  });
});

describe.runIf(TEST_ENGINE === 'pglite')('backup, restore and verify-audit commands on PGlite', () => {
  let dataDir: string;
  let pgdata: string;
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saola-cli-'));
    pgdata = path.join(dataDir, 'pgdata');
    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const database = await openDatabase({ url: null, pgliteDir: pgdata });
    await migrate(database);
    await write(database, 'một');
    await database.close();
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  afterEach(() => fs.rmSync(path.join(dataDir, 'saola.lock'), { force: true }));

  it('refuses to touch the data folder while the server holds it', async () => {
    const lock = acquireDataDirLock(dataDir, 'server');
    try {
      for (const [cmd, args] of [
        [backup, []],
        [restore, [path.join(dataDir, 'x.tar.gz')]],
        [verifyAudit, []],
      ] as const) {
        fs.writeFileSync(path.join(dataDir, 'x.tar.gz'), '');
        const r = await cli(cmd, [...args]);
        expect(r.code).toBe(EXIT.error);
        expect(r.output).toContain('máy chủ Saola');
      }
    } finally {
      lock.release();
    }
  });

  it('refuses while the embedded database is open (postmaster.pid present)', async () => {
    fs.writeFileSync(path.join(pgdata, 'postmaster.pid'), '-42\n');
    try {
      const r = await cli(backup, []);
      expect(r.code).toBe(EXIT.error);
      expect(r.output).toContain('postmaster.pid');
    } finally {
      fs.rmSync(path.join(pgdata, 'postmaster.pid'));
    }
  });

  it(
    'backs up to DATA_DIR/backups, restores it, and verify-audit reports tampering',
    { timeout: 180_000 },
    async () => {
      const b = await cli(backup, []);
      expect(b.code).toBe(EXIT.ok);
      const files = fs.readdirSync(path.join(dataDir, 'backups'));
      expect(files).toEqual([expect.stringMatching(/^saola-\d{8}-\d{6}\.tar\.gz$/)]);
      expect(b.output).toContain(files[0]);

      let database = await openDatabase({ url: null, pgliteDir: pgdata });
      await write(database, 'hai');
      await tamper(database, `update audit_log set note = 'sửa lén' where seq = 2`);
      await database.close();

      const broken = await cli(verifyAudit, []);
      expect(broken.code).toBe(EXIT.failed);
      expect(broken.output).toMatch(/KHÔNG TOÀN VẸN[\s\S]*Số thứ tự: 2[\s\S]*hash_mismatch/);
      const asJson = await cli(verifyAudit, ['--json']);
      expect(JSON.parse(asJson.output)).toMatchObject({
        ok: false,
        checked: 1,
        firstBroken: { seq: 2, reason: 'hash_mismatch' },
      });

      const r = await cli(restore, [path.join(dataDir, 'backups', files[0]!)]);
      expect(r.code).toBe(EXIT.ok);
      expect(r.output).toContain('pgdata.before-restore-');
      database = await openDatabase({ url: null, pgliteDir: pgdata });
      expect(await notes(database)).toEqual(['một']);
      await database.close();
      const ok = await cli(verifyAudit, []);
      expect(ok).toEqual({ code: EXIT.ok, output: expect.stringContaining('đã kiểm tra 1 dòng') });
      expect(fs.existsSync(path.join(dataDir, 'saola.lock'))).toBe(false);
    },
  );

  it('will not restore a PostgreSQL dump into PGlite, nor an unknown file', async () => {
    fs.writeFileSync(path.join(dataDir, 'a.dump'), 'PGDMP');
    expect((await cli(restore, [path.join(dataDir, 'a.dump')])).output).toContain('DATABASE_URL chưa được đặt');
    fs.writeFileSync(path.join(dataDir, 'a.zip'), '');
    expect((await cli(restore, [path.join(dataDir, 'a.zip')])).code).toBe(EXIT.usage);
    expect((await cli(restore, [path.join(dataDir, 'khong-co.tar.gz')])).output).toContain('Không tìm thấy');
  });
});

describe.runIf(TEST_ENGINE === 'postgresql')('restore command on PostgreSQL', () => {
  const name = `saola_cli_${randomBytes(5).toString('hex')}`;
  const url = Object.assign(new URL(TEST_PG_URL), { pathname: `/${name}` }).toString();
  let dataDir: string;
  async function admin(query: string) {
    const client = new pg.Client({
      connectionString: Object.assign(new URL(TEST_PG_URL), { pathname: '/postgres' }).toString(),
    });
    await client.connect();
    await client.query(query).finally(() => client.end());
  }
  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saola-cli-pg-'));
    await admin(`create database "${name}"`);
    process.env.DATA_DIR = dataDir;
    process.env.DATABASE_URL = url;
  });
  afterAll(async () => {
    await admin(`drop database if exists "${name}" with (force)`);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('backs up, takes a safety dump before restoring, and restores', async () => {
    let database = await openDatabase({ url });
    await migrate(database);
    await write(database, 'một');
    await database.close();
    expect((await cli(backup, [])).code).toBe(EXIT.ok);
    const [file] = fs.readdirSync(path.join(dataDir, 'backups'));
    expect(file).toMatch(/^saola-\d{8}-\d{6}\.dump$/);

    database = await openDatabase({ url });
    await write(database, 'hai');
    await database.close();
    const r = await cli(restore, [path.join(dataDir, 'backups', file!)]);
    expect(r.code).toBe(EXIT.ok);
    const safety = fs.readdirSync(path.join(dataDir, 'backups')).find((f) => f.startsWith('saola-before-restore-'));
    expect(safety).toMatch(/\.dump$/);
    database = await openDatabase({ url });
    expect(await notes(database)).toEqual(['một']);
    await database.close();
    expect((await cli(verifyAudit, [])).code).toBe(EXIT.ok);
  });
});

describe.runIf(TEST_ENGINE === 'pglite')('openapi command', () => {
  it('describes the audit routes, each with a tag and a summary', { timeout: 120_000 }, async () => {
    const spec = (await generateOpenApi()) as {
      openapi: string;
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    };
    expect(spec.openapi).toBe('3.1.0');
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/audit', '/api/v1/audit/export.csv', '/api/v1/audit/verify']),
    );
    for (const [p, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        expect({ route: `${method} ${p}`, tags: op.tags?.length ?? 0, summary: Boolean(op.summary) }).toEqual({
          route: `${method} ${p}`,
          tags: expect.any(Number),
          summary: true,
        });
      }
    }
  });
});
