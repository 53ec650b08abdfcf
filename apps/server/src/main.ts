import cluster from 'node:cluster';
import path from 'node:path';
import { buildApp } from './app.js';
import { startCluster } from './cluster.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { acquireDataDirLock, DataDirBusyError } from './db/data-dir-lock.js';
import { assertNoDemoPasswords, DemoPasswordError } from './modules/auth/production-guard.js';
import { DEMO_PASSWORDS, demoUsernames } from './seed/org.seed.js';
import { migrate } from './db/migrate.js';
import { seedDemo, type DemoLogin } from './seed/demo.js';
import './seed/register.js';

process.env.TZ ??= 'Asia/Ho_Chi_Minh';

/**
 * Opens the database, migrates, builds the app, refuses demo passwords in production and seeds the demo data
 * (unless `seed` is false: the workers of a cluster, whose primary has done it).
 */
async function prepare(config: Config, seed: boolean) {
  // The embedded database is single-process: one server per data folder. PostgreSQL nodes share
  // nothing on disk that needs it (several app nodes may run side by side).
  let lock = { release: () => undefined as void };
  try {
    if (!config.databaseUrl) lock = acquireDataDirLock(config.dataDir, 'server');
  } catch (error) {
    if (error instanceof DataDirBusyError) {
      console.error(error.message);
      process.exit(75);
    }
    throw error;
  }
  const database = await openDatabase({
    url: config.databaseUrl,
    pgliteDir: path.join(config.dataDir, 'pgdata'),
  });
  const applied = await migrate(database);
  const app = await buildApp({ config, database });
  if (applied.length) app.log.info({ applied }, 'migrations applied');
  const close = async () => {
    await app.close();
    await database.close();
    lock.release();
  };
  try {
    await assertNoDemoPasswords(app, DEMO_PASSWORDS, demoUsernames());
  } catch (error) {
    if (error instanceof DemoPasswordError) {
      console.error(error.message);
      await close();
      process.exit(78);
    }
    throw error;
  }
  const logins = seed && config.seedDemo ? await seedDemo(app) : [];
  return { app, database, logins, close };
}

function banner(config: Config, engine: string, version: string, logins: DemoLogin[], workers: number): string {
  const base = config.publicUrl;
  const lines = [
    '',
    `Saola ${version} đang chạy — cơ sở dữ liệu: ${engine === 'pglite' ? `PGlite (${path.join(config.dataDir, 'pgdata')})` : 'PostgreSQL'}` +
      (workers > 1 ? `, ${workers} tiến trình` : ''),
    `  Cổng thông tin (portal):  ${base}/`,
    `  Phần mềm nghiệp vụ:       ${base}/app/`,
    `  Tài liệu API:             ${base}/api/docs`,
  ];
  if (logins.length) {
    lines.push(
      '',
      '  Tài khoản demo (chỉ để chạy thử; vai trò quản trị phải thiết lập xác thực 2 lớp TOTP ở lần đăng nhập đầu):',
    );
    for (const l of logins)
      lines.push(`    ${l.role.padEnd(24)} ${l.username.padEnd(18)} ${l.password.padEnd(16)} ${l.agency}`);
  }
  return lines.join('\n') + '\n';
}

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }

  if (config.workers > 1 && cluster.isPrimary) {
    // The primary migrates and seeds once, then forks the workers that serve (cluster.ts).
    const prepared = await prepare(config, true);
    const { engine } = prepared.database;
    const version = prepared.app.appVersion;
    await prepared.close();
    const workers = config.workers;
    startCluster(workers, () => console.log(banner(config, engine, version, prepared.logins, workers)));
    return;
  }

  const { app, database, logins, close } = await prepare(config, cluster.isPrimary);
  await app.ready();
  await app.startBackgroundWork?.();

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  if (cluster.isPrimary) console.log(banner(config, database.engine, app.appVersion, logins, 1));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
