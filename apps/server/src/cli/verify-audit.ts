import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { BackupError, pgliteDirOf } from '../db/backup.js';
import { acquireDataDirLock, assertPgliteClosed, type DataDirLock } from '../db/data-dir-lock.js';
import { openDatabase } from '../db/database.js';
import { createAuditRepository } from '../modules/audit/audit.repository.js';
import { verifyAuditChain } from '../modules/audit/audit.service.js';
import { EXIT, runIfMain } from './cli-common.js';

export const VERIFY_AUDIT_USAGE = `Kiểm tra tính toàn vẹn của nhật ký hệ thống (chuỗi băm).

  saola verify-audit [--json]

Mã thoát 0: nhật ký toàn vẹn; 1: có dòng hỏng (in ra dòng hỏng đầu tiên); khác: lỗi.
Với cơ sở dữ liệu nhúng (PGlite), hãy dừng máy chủ trước (hoặc dùng màn hình Nhật ký hệ thống → Kiểm tra).`;

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    console.log(VERIFY_AUDIT_USAGE);
    return EXIT.ok;
  }
  const config = loadConfig();
  let lock: DataDirLock | null = null;
  if (!config.databaseUrl) {
    lock = acquireDataDirLock(config.dataDir, 'verify-audit');
    try {
      const pgdata = pgliteDirOf(config.dataDir);
      if (!fs.existsSync(path.join(pgdata, 'PG_VERSION'))) {
        throw new BackupError(`Không có cơ sở dữ liệu nhúng ở ${pgdata} (DATA_DIR có đúng không?).`);
      }
      assertPgliteClosed(pgdata);
    } catch (error) {
      lock.release();
      throw error;
    }
  }
  const database = await openDatabase({ url: config.databaseUrl, pgliteDir: pgliteDirOf(config.dataDir) });
  try {
    if (!(await createAuditRepository().tableExists(database.db))) {
      console.error('Lỗi: cơ sở dữ liệu chưa có bảng audit_log (máy chủ chưa từng chạy migration?).');
      return EXIT.error;
    }
    const result = await verifyAuditChain(database.db);
    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
    } else if (result.ok) {
      console.log(`Nhật ký toàn vẹn: đã kiểm tra ${result.checked} dòng, chuỗi băm khớp.`);
    } else {
      const b = result.firstBroken;
      console.log(`NHẬT KÝ KHÔNG TOÀN VẸN. ${result.checked} dòng đầu khớp; dòng hỏng đầu tiên:`);
      if (b) {
        console.log(`  Số thứ tự: ${b.seq}`);
        console.log(`  Mã dòng:   ${b.id ?? '(dòng đã mất)'}`);
        console.log(`  Thời điểm: ${b.at ?? '(không rõ)'}`);
        console.log(`  Lý do:     ${b.reason} — ${b.detail}`);
      }
    }
    return result.ok ? EXIT.ok : EXIT.failed;
  } finally {
    await database.close();
    lock?.release();
  }
}

runIfMain(import.meta.url, run);
