import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * One process at a time on a data folder. The embedded database (PGlite) is a single process:
 * a second process opening the same folder — a backup while the server runs — would corrupt it,
 * and PGlite itself does not stop it (its postmaster.pid holds no real PID). The server takes
 * this lock at start-up; backup, restore and verify-audit take it too and refuse to run when a
 * live process holds it.
 */
export interface DataDirLockInfo {
  pid: number;
  hostname: string;
  /** "server", "backup", "restore", "verify-audit"… */
  purpose: string;
  startedAt: string;
}

export interface DataDirLock {
  readonly path: string;
  release(): void;
}

export class DataDirBusyError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: DataDirLockInfo | null,
    message?: string,
  ) {
    super(
      message ??
        (holder
          ? `Thư mục dữ liệu ${dataDir} đang được ${holder.purpose === 'server' ? 'máy chủ Saola' : `lệnh "${holder.purpose}"`} sử dụng (PID ${holder.pid} trên máy ${holder.hostname}, từ ${holder.startedAt}). Hãy dừng tiến trình đó rồi chạy lại.`
          : `Thư mục dữ liệu ${dataDir} đang được sử dụng.`),
    );
    this.name = 'DataDirBusyError';
  }
}

export const lockFileOf = (dataDir: string) => path.join(dataDir, 'saola.lock');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(file: string): DataDirLockInfo | null {
  try {
    const info = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DataDirLockInfo>;
    if (typeof info.pid !== 'number' || typeof info.hostname !== 'string') return null;
    return {
      pid: info.pid,
      hostname: info.hostname,
      purpose: String(info.purpose ?? '?'),
      startedAt: String(info.startedAt ?? '?'),
    };
  } catch {
    return null;
  }
}

/**
 * The holder of the lock when it is alive; null when there is no lock or it was left behind by
 * a process that no longer runs. A lock taken on another machine (shared folder) counts as alive.
 */
export function liveLockHolder(dataDir: string): DataDirLockInfo | null {
  const info = readLock(lockFileOf(dataDir));
  if (!info) return null;
  if (info.hostname !== os.hostname()) return info;
  if (info.pid === process.pid) return info;
  return isAlive(info.pid) ? info : null;
}

/** Takes the lock or throws DataDirBusyError. Released by `release()` or when the process exits. */
export function acquireDataDirLock(dataDir: string, purpose: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = lockFileOf(dataDir);
  const mine: DataDirLockInfo = {
    pid: process.pid,
    hostname: os.hostname(),
    purpose,
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        const now = readLock(file);
        if (now?.pid === process.pid && now.hostname === mine.hostname) fs.rmSync(file, { force: true });
      };
      process.on('exit', release);
      return { path: file, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readLock(file);
      const alive = holder && (holder.hostname !== os.hostname() || holder.pid === process.pid || isAlive(holder.pid));
      if (alive) throw new DataDirBusyError(dataDir, holder);
      // Left behind by a process that died: take it over.
      fs.rmSync(file, { force: true });
    }
  }
  throw new DataDirBusyError(dataDir, readLock(file));
}

/**
 * PGlite writes `postmaster.pid` in its folder while open and removes it on a clean close. When
 * it is there, the database is open in some process (or that process died without closing it).
 */
export function assertPgliteClosed(pgdataDir: string): void {
  const pidFile = path.join(pgdataDir, 'postmaster.pid');
  if (fs.existsSync(pidFile)) {
    throw new DataDirBusyError(
      path.dirname(pgdataDir),
      null,
      `Cơ sở dữ liệu nhúng ở ${pgdataDir} đang mở (có tệp postmaster.pid): máy chủ Saola có thể đang chạy. ` +
        `Hãy dừng máy chủ rồi chạy lại. Nếu chắc chắn máy chủ đã dừng (ví dụ sau khi bị tắt đột ngột), hãy xóa tệp ${pidFile} rồi chạy lại.`,
    );
  }
}
