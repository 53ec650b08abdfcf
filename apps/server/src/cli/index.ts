import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Command, EXIT, runIfMain } from './cli-common.js';

/**
 * `saola <command> [options]` — one entry point for the administration commands
 * (`npm run saola -- <command>` from the repository, or `node apps/server/dist/cli/index.js`).
 * Each command lives in its own file exporting `run(args): Promise<number>`.
 */
interface Entry {
  file: string;
  summary: string;
  /** The file runs itself when loaded (no `run` export): start it as a child process instead. */
  script?: true;
}

export const COMMANDS: Record<string, Entry> = {
  backup: { file: './backup.js', summary: 'Sao lưu cơ sở dữ liệu vào DATA_DIR/backups (npm run backup)' },
  restore: { file: './restore.js', summary: 'Khôi phục từ một tệp sao lưu: saola restore TỆP (npm run restore TỆP)' },
  'verify-audit': {
    file: './verify-audit.js',
    summary: 'Kiểm tra chuỗi băm của nhật ký hệ thống, in dòng hỏng đầu tiên',
  },
  'import-units': {
    file: './import-units.js',
    summary: 'Nhập danh mục đơn vị hành chính (QĐ 19/2025/QĐ-TTg) từ thư mục data',
    script: true,
  },
  openapi: { file: './openapi.js', summary: 'Sinh apps/server/openapi.json từ schema của các route' },
  signing: { file: './signing.js', summary: 'Chữ ký số của cơ quan: nhập chứng thư PKCS#12 (saola signing import …)' },
};

export function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const lines = Object.entries(COMMANDS).map(([name, e]) => `  ${name.padEnd(width)}  ${e.summary}`);
  return `Cách dùng: saola <lệnh> [tùy chọn]   (saola <lệnh> --help để xem chi tiết)\n\nCác lệnh:\n${lines.join('\n')}`;
}

export async function run(args: string[]): Promise<number> {
  const [name, ...rest] = args;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    console.error(`Không có lệnh "${name}".\n\n${usage()}`);
    return EXIT.usage;
  }
  const url = new URL(entry.file.replace(/\.js$/, import.meta.url.endsWith('.ts') ? '.ts' : '.js'), import.meta.url);
  if (!fs.existsSync(url)) {
    console.error(`Lệnh "${name}" chưa có trong bản cài đặt này (${url.pathname}).`);
    return EXIT.error;
  }
  if (entry.script) return runAsScript(fileURLToPath(url), rest);
  const mod = (await import(url.href)) as { run?: Command };
  if (typeof mod.run !== 'function') {
    console.error(`Lệnh "${name}" không có hàm run(args).`);
    return EXIT.error;
  }
  return mod.run(rest);
}

function runAsScript(file: string, args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...process.execArgv, file, ...args], { stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(error);
      resolve(EXIT.error);
    });
    child.on('close', (code) => resolve(code ?? EXIT.error));
  });
}

runIfMain(import.meta.url, run);
