import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { EXIT, runIfMain } from './cli-common.js';

/** apps/server/openapi.json, from src/cli and from dist/cli alike. */
export const OPENAPI_FILE = fileURLToPath(new URL('../../openapi.json', import.meta.url));

export const OPENAPI_USAGE = `Sinh đặc tả OpenAPI 3.1 từ schema của các route (SPA sinh client có kiểu từ tệp này).

  saola openapi [--output TỆP] [--check]

Mặc định ghi apps/server/openapi.json. --check: không ghi, chỉ báo lỗi (mã thoát 1) nếu tệp hiện có đã cũ.`;

/** Builds the whole app on an empty in-memory database (no demo data) and returns its spec. */
export async function generateOpenApi(): Promise<Record<string, unknown>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saola-openapi-'));
  const database = await openDatabase({ url: null });
  try {
    await migrate(database);
    const config = loadConfig({ NODE_ENV: 'development', SEED_DEMO: 'false', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    const app = await buildApp({ config, database });
    try {
      await app.ready();
      return app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await app.close();
    }
  } finally {
    await database.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** JSON formatted the way the repository's Prettier would (so `prettier --check` passes), else 2-space JSON. */
export async function formatJson(value: unknown, file: string): Promise<string> {
  const raw = `${JSON.stringify(value, null, 2)}\n`;
  try {
    const name = 'prettier';
    const prettier = (await import(name)) as {
      format(source: string, options: Record<string, unknown>): Promise<string>;
      resolveConfig(file: string): Promise<Record<string, unknown> | null>;
    };
    return await prettier.format(raw, { ...((await prettier.resolveConfig(file)) ?? {}), parser: 'json' });
  } catch {
    return raw;
  }
}

export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      output: { type: 'string', short: 'o' },
      check: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(OPENAPI_USAGE);
    return EXIT.ok;
  }
  const file = values.output ? path.resolve(values.output) : OPENAPI_FILE;
  const text = await formatJson(await generateOpenApi(), file);
  if (values.check) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
    if (current === text) {
      console.log(`${file} khớp với các route hiện tại.`);
      return EXIT.ok;
    }
    console.error(`${file} đã cũ so với các route. Chạy "npm run saola -- openapi" rồi commit tệp này.`);
    return EXIT.failed;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const paths = Object.keys((JSON.parse(text) as { paths?: object }).paths ?? {}).length;
  console.log(`Đã ghi ${file} (${paths} đường dẫn).`);
  return EXIT.ok;
}

runIfMain(import.meta.url, run);
