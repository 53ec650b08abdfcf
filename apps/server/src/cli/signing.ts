import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { BackupError, pgliteDirOf } from '../db/backup.js';
import { acquireDataDirLock, assertPgliteClosed, type DataDirLock } from '../db/data-dir-lock.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { SYSTEM_ACTOR } from '../http/request-context.js';
import { pemToDers } from '../modules/signing/certificates.js';
import { createSigningService } from '../modules/signing/index.js';
import { Pkcs12Error } from '../modules/signing/pkcs12.js';
import { EXIT, runIfMain, UsageError } from './cli-common.js';

export const SIGNING_USAGE = `Quản lý chữ ký số của cơ quan (PAdES).

  saola signing import --agency MÃ_CƠ_QUAN --p12 TỆP.p12 --password-env TÊN_BIẾN [--ca CA_GỐC.pem]

Nhập chứng thư số và khóa bí mật của cơ quan từ tệp PKCS#12 (.p12/.pfx) do tổ chức cung cấp dịch vụ chứng
thực chữ ký số cấp (ví dụ Ban Cơ yếu Chính phủ). Mật khẩu đọc từ biến môi trường TÊN_BIẾN (không đưa mật khẩu
vào dòng lệnh). Khóa bí mật được mã hóa bằng DATA_KEY trước khi lưu. Chứng thư mới thay chứng thư đang dùng của
cơ quan. Nếu tệp không chứa chứng thư gốc của CA, cung cấp tệp PEM của chứng thư gốc bằng --ca.
Với cơ sở dữ liệu nhúng (PGlite), hãy dừng máy chủ trước.`;

interface ImportArgs {
  agency: string;
  p12: string;
  passwordEnv: string;
  ca?: string | undefined;
}

export function parseSigningArgs(args: string[]): { command: 'help' } | { command: 'import'; options: ImportArgs } {
  const [sub, ...rest] = args;
  if (!sub || sub === '--help' || sub === '-h' || sub === 'help') return { command: 'help' };
  if (sub !== 'import') throw new UsageError(`Không có lệnh con "${sub}".\n\n${SIGNING_USAGE}`);
  let values;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        agency: { type: 'string' },
        p12: { type: 'string' },
        'password-env': { type: 'string' },
        ca: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}\n\n${SIGNING_USAGE}`);
  }
  if (values.help) return { command: 'help' };
  if (!values.agency || !values.p12 || !values['password-env']) {
    throw new UsageError(`Thiếu --agency, --p12 hoặc --password-env.\n\n${SIGNING_USAGE}`);
  }
  return {
    command: 'import',
    options: { agency: values.agency, p12: values.p12, passwordEnv: values['password-env'], ca: values.ca },
  };
}

/** The import itself, on a built app (the command opens the database; tests pass their test app). */
export async function importAgencyPkcs12(
  app: FastifyInstance,
  options: ImportArgs,
  env: Record<string, string | undefined> = process.env,
): Promise<string> {
  const password = env[options.passwordEnv];
  if (password === undefined) throw new UsageError(`Biến môi trường ${options.passwordEnv} chưa được đặt.`);
  const agency = await app.org.findAgencyByCode(options.agency);
  if (!agency) throw new UsageError(`Không có cơ quan mã "${options.agency}".`);
  const readFile = (file: string, what: string) => {
    try {
      return fs.readFileSync(file);
    } catch {
      throw new UsageError(`Không đọc được ${what} ${file}.`);
    }
  };
  const p12 = readFile(options.p12, 'tệp PKCS#12');
  const extraRoots = options.ca ? pemToDers(readFile(options.ca, 'tệp chứng thư gốc').toString('latin1')) : [];
  if (options.ca && extraRoots.length === 0) throw new UsageError(`Tệp ${options.ca} không chứa chứng thư PEM nào.`);
  try {
    const result = await createSigningService(app).importPkcs12(SYSTEM_ACTOR, {
      agencyId: agency.id,
      p12,
      password,
      extraRoots,
    });
    return [
      `Đã nhập chứng thư số cho ${agency.name} (${agency.code}).`,
      `  Chủ thể:        ${result.subject.replace(/\n/g, ', ')}`,
      `  Hiệu lực đến:   ${result.notAfter.toISOString()}`,
      `  CA gốc tin cậy: ${result.rootSubject.replace(/\n/g, ', ')}`,
      result.replaced ? '  Chứng thư cũ của cơ quan đã được thay (vẫn lưu, không dùng nữa).' : '',
    ]
      .filter(Boolean)
      .join('\n');
  } catch (error) {
    if (error instanceof Pkcs12Error) throw new UsageError(error.message);
    throw error;
  }
}

export async function run(args: string[]): Promise<number> {
  const parsed = parseSigningArgs(args);
  if (parsed.command === 'help') {
    console.log(SIGNING_USAGE);
    return args.length ? EXIT.ok : EXIT.usage;
  }
  const config = loadConfig();
  let lock: DataDirLock | null = null;
  if (!config.databaseUrl) {
    lock = acquireDataDirLock(config.dataDir, 'signing');
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
    await migrate(database);
    const app = await buildApp({ config: { ...config, logLevel: 'warn' }, database });
    try {
      await app.ready();
      console.log(await importAgencyPkcs12(app, parsed.options));
      return EXIT.ok;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    lock?.release();
  }
}

runIfMain(import.meta.url, run);
