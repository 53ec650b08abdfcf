import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import {
  BackupError,
  backupPostgres,
  backupsDirOf,
  engineOfFile,
  newBackupPath,
  pgliteDirOf,
  restorePglite,
  restorePostgres,
} from '../db/backup.js';
import { acquireDataDirLock, assertPgliteClosed } from '../db/data-dir-lock.js';
import { EXIT, UsageError, runIfMain } from './cli-common.js';

export const RESTORE_USAGE = `Khôi phục cơ sở dữ liệu từ một bản sao lưu.

  npm run restore TỆP
  saola restore TỆP

Hãy dừng máy chủ Saola trước khi khôi phục.
- PGlite (.tar.gz): thư mục dữ liệu hiện tại được giữ lại thành \${DATA_DIR}/pgdata.before-restore-<thời điểm>.
- PostgreSQL (.dump): trước khi khôi phục, cơ sở dữ liệu hiện tại được sao lưu vào
  \${DATA_DIR}/backups/saola-before-restore-<thời điểm>.dump; việc khôi phục chạy trong một giao dịch.
Lần khởi động sau, máy chủ tự chạy các migration mới hơn bản sao lưu.`;

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    console.log(RESTORE_USAGE);
    return EXIT.ok;
  }
  const [given, ...extra] = positionals;
  if (!given || extra.length > 0) throw new UsageError(`cần đúng một tệp sao lưu.\n\n${RESTORE_USAGE}`);
  const file = path.resolve(given);
  if (!fs.existsSync(file)) throw new BackupError(`Không tìm thấy tệp sao lưu ${file}.`);
  const config = loadConfig();
  const engine = engineOfFile(file);
  const target = config.databaseUrl ? 'postgresql' : 'pglite';
  if (engine === null)
    throw new UsageError(`không nhận ra loại tệp ${file}: cần .tar.gz (PGlite) hoặc .dump (PostgreSQL).`);
  if (engine !== target) {
    throw new BackupError(
      engine === 'pglite'
        ? `Tệp ${file} là bản sao lưu của cơ sở dữ liệu nhúng (PGlite), nhưng DATABASE_URL đang trỏ tới PostgreSQL. Bỏ DATABASE_URL để khôi phục vào PGlite.`
        : `Tệp ${file} là bản sao lưu PostgreSQL (pg_dump), nhưng DATABASE_URL chưa được đặt (đang dùng PGlite). Đặt DATABASE_URL tới máy chủ PostgreSQL cần khôi phục.`,
    );
  }

  // Refuses while the server (or another command) holds the data folder.
  const lock = acquireDataDirLock(config.dataDir, 'restore');
  try {
    const now = new Date();
    if (config.databaseUrl) {
      const safety = newBackupPath(backupsDirOf(config.dataDir), 'postgresql', now, 'saola-before-restore');
      console.log(`Sao lưu an toàn cơ sở dữ liệu hiện tại vào ${safety}…`);
      await backupPostgres(config.databaseUrl, safety);
      console.log(`Đang khôi phục ${file} bằng pg_restore…`);
      await restorePostgres(config.databaseUrl, file);
      console.log(`Đã khôi phục. Nếu cần quay lại trạng thái trước: npm run restore ${safety}`);
      return EXIT.ok;
    }
    const pgdata = pgliteDirOf(config.dataDir);
    assertPgliteClosed(pgdata);
    console.log(`Đang khôi phục ${file} vào ${pgdata}…`);
    const { previous } = await restorePglite(pgdata, file, now);
    console.log(
      previous ? `Đã khôi phục. Dữ liệu cũ được giữ ở ${previous} (xóa khi không cần nữa).` : 'Đã khôi phục.',
    );
    return EXIT.ok;
  } finally {
    lock.release();
  }
}

runIfMain(import.meta.url, run);
