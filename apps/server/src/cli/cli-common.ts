import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config.js';
import { BackupError } from '../db/backup.js';
import { DataDirBusyError } from '../db/data-dir-lock.js';

/**
 * Shared by the commands in this folder. Each command file exports `run(args): Promise<number>`
 * (the exit code) and runs itself when executed directly (`node dist/cli/backup.js …`);
 * `saola <command>` (index.ts) calls the same `run`.
 */
export type Command = (args: string[]) => Promise<number>;

/** Exit codes: 0 ok, 1 the check failed (verify-audit, openapi --check), 2 usage, 3 error, 78 configuration. */
export const EXIT = { ok: 0, failed: 1, usage: 2, error: 3, config: 78 } as const;

/** True when this module is the script node was started with. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return fs.realpathSync(script) === fs.realpathSync(fileURLToPath(moduleUrl));
  } catch {
    return false;
  }
}

/** Known failures become a plain Vietnamese message and an exit code; anything else a stack trace. */
export async function runCommand(command: Command, args: string[]): Promise<number> {
  process.env.TZ ??= 'Asia/Ho_Chi_Minh';
  try {
    return await command(args);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return EXIT.config;
    }
    if (error instanceof BackupError || error instanceof DataDirBusyError || error instanceof UsageError) {
      console.error(`Lỗi: ${error.message}`);
      return error instanceof UsageError ? EXIT.usage : EXIT.error;
    }
    console.error(error);
    return EXIT.error;
  }
}

/** Runs `command` with the process arguments when the module is the entry point, then exits. */
export function runIfMain(moduleUrl: string, command: Command): void {
  if (!isMain(moduleUrl)) return;
  runCommand(command, process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(EXIT.error);
    },
  );
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
