import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * Backup and restore of the database on both engines (issue 2 §2).
 * - PGlite: the whole data folder as a gzip tarball (`PGlite.dumpDataDir('gzip')`), restored by
 *   loading it into a fresh folder and swapping folders; the old one is kept beside it.
 * - PostgreSQL: `pg_dump --format=custom`, restored with `pg_restore --clean --if-exists` in one
 *   transaction, after a safety dump of the current database.
 * Only the database: uploaded files under DATA_DIR are not part of it.
 */
export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}

export type BackupEngine = 'pglite' | 'postgresql';

export const backupsDirOf = (dataDir: string) => path.join(dataDir, 'backups');
export const pgliteDirOf = (dataDir: string) => path.join(dataDir, 'pgdata');

/** "20260115-083000" in Vietnam time (UTC+7, no daylight saving). */
export function stamp(at: Date): string {
  const iso = new Date(at.getTime() + 7 * 3600_000).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
}

export const extensionOf = (engine: BackupEngine) => (engine === 'pglite' ? '.tar.gz' : '.dump');

/** A new file name in `dir`: saola-<stamp>.<ext>, with -1, -2… when taken. */
export function newBackupPath(dir: string, engine: BackupEngine, at: Date, prefix = 'saola'): string {
  const base = `${prefix}-${stamp(at)}`;
  for (let i = 0; ; i++) {
    const file = path.join(dir, `${base}${i ? `-${i}` : ''}${extensionOf(engine)}`);
    if (!fs.existsSync(file)) return file;
  }
}

/** Which engine wrote a backup file, from its name. */
export function engineOfFile(file: string): BackupEngine | null {
  if (/\.(tar\.gz|tgz)$/i.test(file)) return 'pglite';
  if (/\.(dump|pgdump)$/i.test(file)) return 'postgresql';
  return null;
}

// ---------------------------------------------------------------------------------------------
// PGlite

/** Writes the PGlite data folder as a .tar.gz. The folder must not be open in another process. */
export async function backupPglite(pgdataDir: string, outFile: string): Promise<{ file: string; bytes: number }> {
  if (!fs.existsSync(path.join(pgdataDir, 'PG_VERSION'))) {
    throw new BackupError(
      `Không có cơ sở dữ liệu nhúng ở ${pgdataDir}: chưa có gì để sao lưu (máy chủ đã từng chạy chưa? DATA_DIR có đúng không?).`,
    );
  }
  const pglite = await PGlite.create(pgdataDir);
  let data: Buffer;
  try {
    await pglite.query('checkpoint');
    const blob = await pglite.dumpDataDir('gzip');
    data = Buffer.from(await blob.arrayBuffer());
  } finally {
    await pglite.close();
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.partial`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, outFile);
  return { file: outFile, bytes: data.length };
}

/**
 * Replaces the PGlite data folder with the backup's content. The tarball is first loaded into a
 * new folder beside it and checked (it must open and hold schema_migrations); only then is the
 * current folder renamed to `pgdata.before-restore-<stamp>` and the new one put in its place.
 */
export async function restorePglite(pgdataDir: string, file: string, at: Date): Promise<{ previous: string | null }> {
  const data = readBackupFile(file);
  const parent = path.dirname(pgdataDir);
  fs.mkdirSync(parent, { recursive: true });
  const staging = path.join(parent, `${path.basename(pgdataDir)}.restoring-${stamp(at)}-${process.pid}`);
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const pglite = await PGlite.create({ dataDir: staging, loadDataDir: new Blob([new Uint8Array(data)]) }).catch(
      (error: unknown) => {
        throw new BackupError(`Tệp ${file} không phải bản sao lưu PGlite hợp lệ: ${(error as Error).message}`);
      },
    );
    try {
      await pglite.query('select count(*) from schema_migrations').catch(() => {
        throw new BackupError(`Tệp ${file} không chứa cơ sở dữ liệu Saola (thiếu bảng schema_migrations).`);
      });
    } finally {
      await pglite.close();
    }
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    throw error;
  }
  let previous: string | null = null;
  if (fs.existsSync(pgdataDir)) {
    previous = path.join(parent, `${path.basename(pgdataDir)}.before-restore-${stamp(at)}`);
    for (let i = 1; fs.existsSync(previous); i++)
      previous = path.join(parent, `${path.basename(pgdataDir)}.before-restore-${stamp(at)}-${i}`);
    fs.renameSync(pgdataDir, previous);
  }
  fs.renameSync(staging, pgdataDir);
  return { previous };
}

function readBackupFile(file: string): Buffer {
  return withFileErrors(file, () => fs.readFileSync(file));
}

function readHead(file: string, bytes: number): Buffer {
  return withFileErrors(file, () => {
    const fd = fs.openSync(file, 'r');
    try {
      const buf = Buffer.alloc(bytes);
      const n = fs.readSync(fd, buf, 0, bytes, 0);
      return buf.subarray(0, n);
    } finally {
      fs.closeSync(fd);
    }
  });
}

function withFileErrors<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BackupError(
      code === 'ENOENT'
        ? `Không tìm thấy tệp sao lưu ${file}.`
        : `Không đọc được tệp ${file}: ${(error as Error).message}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** The URL without its password (which goes to PGPASSWORD, so that it never shows in `ps`). */
export function connectionArgs(databaseUrl: string): { dbname: string; env: Record<string, string> } {
  const url = new URL(databaseUrl);
  const env: Record<string, string> = {};
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env };
}

async function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: Record<string, string>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(tool, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 20_000) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              `Không tìm thấy lệnh ${tool}. Hãy cài công cụ dòng lệnh của PostgreSQL cùng phiên bản chính (hoặc mới hơn) với máy chủ cơ sở dữ liệu, ví dụ trên Debian/Ubuntu: apt-get install postgresql-client.`,
            )
          : new BackupError(`Không chạy được ${tool}: ${error.message}`),
      );
    });
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(`${tool} thất bại (mã thoát ${code ?? '?'}):\n${stderr.trim()}`));
    });
  });
}

/** pg_dump of the whole database in custom format (compressed, restorable object by object). */
export async function backupPostgres(databaseUrl: string, outFile: string): Promise<{ file: string; bytes: number }> {
  const { dbname, env } = connectionArgs(databaseUrl);
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.partial`;
  try {
    await runTool(
      'pg_dump',
      ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`, `--dbname=${dbname}`],
      env,
    );
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  fs.renameSync(tmp, outFile);
  return { file: outFile, bytes: fs.statSync(outFile).size };
}

/**
 * Restores a pg_dump custom-format file over the database, in one transaction (all or nothing):
 * objects in the dump are dropped and recreated. Tables the dump does not know (from a newer
 * migration) are left alone; restore into an empty database to avoid that case.
 */
export async function restorePostgres(databaseUrl: string, file: string): Promise<void> {
  if (readHead(file, 5).toString('latin1') !== 'PGDMP') {
    throw new BackupError(`Tệp ${file} không phải bản sao lưu pg_dump dạng custom (thiếu chữ ký PGDMP).`);
  }
  const { dbname, env } = connectionArgs(databaseUrl);
  await runTool(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${dbname}`,
      file,
    ],
    env,
  );
}
