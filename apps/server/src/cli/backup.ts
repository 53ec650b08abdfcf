import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { backupPglite, backupPostgres, backupsDirOf, newBackupPath, pgliteDirOf } from '../db/backup.js';
import { acquireDataDirLock, assertPgliteClosed } from '../db/data-dir-lock.js';
import { EXIT, UsageError, formatBytes, runIfMain } from './cli-common.js';

export const BACKUP_USAGE = `Sao lưu cơ sở dữ liệu.

  npm run backup [-- --output TỆP]
  saola backup [--output TỆP]

Mặc định ghi vào \${DATA_DIR}/backups/saola-<thời điểm>.tar.gz (PGlite) hoặc .dump (PostgreSQL, pg_dump).
Với cơ sở dữ liệu nhúng (PGlite), hãy dừng máy chủ trước khi sao lưu.`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { output: { type: 'string', short: 'o' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    console.log(BACKUP_USAGE);
    return EXIT.ok;
  }
  if (values.output === '') throw new UsageError('--output cần một đường dẫn tệp.');
  const config = loadConfig();
  const now = new Date();

  if (config.databaseUrl) {
    const file = values.output
      ? path.resolve(values.output)
      : newBackupPath(backupsDirOf(config.dataDir), 'postgresql', now);
    console.log('Đang sao lưu cơ sở dữ liệu PostgreSQL bằng pg_dump…');
    const result = await backupPostgres(config.databaseUrl, file);
    console.log(`Đã sao lưu vào ${result.file} (${formatBytes(result.bytes)}).`);
    return EXIT.ok;
  }

  const pgdata = pgliteDirOf(config.dataDir);
  const lock = acquireDataDirLock(config.dataDir, 'backup');
  try {
    assertPgliteClosed(pgdata);
    const file = values.output
      ? path.resolve(values.output)
      : newBackupPath(backupsDirOf(config.dataDir), 'pglite', now);
    console.log(`Đang sao lưu cơ sở dữ liệu nhúng (${pgdata})…`);
    const result = await backupPglite(pgdata, file);
    console.log(`Đã sao lưu vào ${result.file} (${formatBytes(result.bytes)}).`);
    return EXIT.ok;
  } finally {
    lock.release();
  }
}

runIfMain(import.meta.url, run);
