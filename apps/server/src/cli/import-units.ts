import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { SYSTEM_ACTOR } from '../http/request-context.js';
import { UnitDataError } from '../modules/org/org.import.js';
import { DEFAULT_UNITS_DATA_DIR, importUnits } from '../modules/org/units.service.js';

/**
 * node dist/cli/import-units.js [--data DIR]
 *
 * Imports the official administrative-unit lists (QĐ 19/2025/QĐ-TTg; the pre-2025 list and the
 * old → new conversion table) into the configured database (DATABASE_URL, or PGlite under DATA_DIR).
 * Idempotent: a second run reports 0 inserted, 0 updated. The server need not be stopped on
 * PostgreSQL; PGlite is single-process, so stop the server first.
 */
async function main() {
  const { values } = parseArgs({ options: { data: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    console.log(
      'Cách dùng: node dist/cli/import-units.js [--data THƯ_MỤC]\n' +
        `Mặc định đọc dữ liệu ở ${DEFAULT_UNITS_DATA_DIR}`,
    );
    return;
  }
  const config = loadConfig();
  const dataDir = path.resolve(values.data ?? DEFAULT_UNITS_DATA_DIR);
  const database = await openDatabase({ url: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pgdata') });
  try {
    await migrate(database);
    const result = await importUnits(database.db, dataDir);
    // The import is a change like any other: it goes into the audit log (through the app's audit module).
    const app = await buildApp({ config: { ...config, logLevel: 'warn' }, database });
    await app.ready();
    await app.audit.record(SYSTEM_ACTOR, {
      action: 'admin_units.import',
      entityType: 'admin_units',
      entityId: null,
      agencyId: null,
      after: { dataDir, units: result.units, conversions: result.conversions },
    });
    await app.close();
    console.log(
      `Đã nhập danh mục đơn vị hành chính từ ${dataDir} (${result.milliseconds} ms):\n` +
        `  đơn vị:      ${result.units.total} dòng — thêm mới ${result.units.inserted}, cập nhật ${result.units.updated}\n` +
        `  chuyển đổi:  ${result.conversions.total} dòng — thêm mới ${result.conversions.inserted}, cập nhật ${result.conversions.updated}`,
    );
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UnitDataError) console.error(error.message);
  else if ((error as NodeJS.ErrnoException).code === 'ENOENT')
    console.error(`Không đọc được tệp dữ liệu: ${(error as Error).message}`);
  else console.error(error);
  process.exit(1);
});
