import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { migrate } from '../db/migrate.js';
import { SYSTEM_ACTOR } from '../http/request-context.js';
import { isWorkingDay } from '../modules/calendar/working-time.js';
import { seedDemo } from '../seed/demo.js';
import { demoUsernames } from '../seed/org.seed.js';
import '../seed/register.js';
import { ensureDatabase, parseArgs } from './bench-args.js';
import { insertScaleDossiers, type ScaleDossierResult } from './scale-dossiers.js';
import { ensureScaleOrg, publishedProcedures, SCALE_USER_PREFIX, type ScaleOrg } from './scale-org.js';
import { buildTargets } from './scale-plan.js';

/**
 * `npm run seed:scale -- --dossiers 1000000 [--database-url postgresql://…] [--years 3] [--force]`
 *
 * Fills a database with a realistic province for the benchmarks: migrations, the normal demo seed (org,
 * procedure catalogue, demo dossiers), every commune of Quảng Trị as an agency with officers, and N dossiers
 * over the last `years` years in every state, with their events (set-based SQL: scale-dossiers.ts).
 * Refuses the embedded PGlite database above PGLITE_LIMIT dossiers, and a database holding data that is not
 * demo or scale data (other users, citizens, or already more dossiers than the demo makes) unless --force.
 */

export const PGLITE_LIMIT = 50_000;
/** More dossiers than the demo seed creates: the database already holds real or scale data. */
const DEMO_DOSSIER_LIMIT = 500;

export interface SeedScaleOptions {
  dossiers: number;
  years: number;
  force: boolean;
  seed?: number;
  /** Only the first communes of the province (tests). */
  maxCommunes?: number;
  log?: (message: string) => void;
}

export interface SeedScaleResult extends ScaleDossierResult {
  org: ScaleOrg;
  seconds: number;
}

export class SeedScaleRefusal extends Error {}

/** Why the database must not be filled (Vietnamese, for the operator), or null. */
export async function refusalReason(app: FastifyInstance): Promise<string | null> {
  const { db } = app.database;
  const known = new Set(demoUsernames());
  const users = await db.selectFrom('users').select('username').execute();
  const foreign = users.filter((u) => !known.has(u.username) && !u.username.startsWith(SCALE_USER_PREFIX));
  if (foreign.length > 0)
    return `Cơ sở dữ liệu đã có ${foreign.length} tài khoản cán bộ không phải dữ liệu demo (ví dụ ${foreign[0]?.username}).`;
  const citizens = await db
    .selectFrom('citizens')
    .select(sql<number>`count(*)::int`.as('c'))
    .executeTakeFirstOrThrow();
  if (Number(citizens.c) > 0) return `Cơ sở dữ liệu đã có ${citizens.c} tài khoản công dân.`;
  const dossiers = await db
    .selectFrom('dossiers')
    .select(sql<number>`count(*)::int`.as('c'))
    .executeTakeFirstOrThrow();
  if (Number(dossiers.c) > DEMO_DOSSIER_LIMIT)
    return `Cơ sở dữ liệu đã có ${Number(dossiers.c).toLocaleString('vi-VN')} hồ sơ (đã sinh dữ liệu trước đó?).`;
  return null;
}

/** Working days (YYYY-MM-DD) from `years` years before now (minus a margin) to ~18 months after now. */
async function workingDays(app: FastifyInstance, now: Date, years: number): Promise<string[]> {
  const from = new Date(now.getTime() - (years * 365.25 + 15) * 86_400_000);
  const to = new Date(now.getTime() + 540 * 86_400_000);
  const cal = await app.calendar.workingCalendar(from.getUTCFullYear(), to.getUTCFullYear());
  const days: string[] = [];
  for (
    let t = Date.UTC(from.getUTCFullYear(), from.getUTCMonth(), from.getUTCDate());
    t <= to.getTime();
    t += 86_400_000
  ) {
    const iso = new Date(t).toISOString().slice(0, 10);
    if (isWorkingDay(cal, iso)) days.push(iso);
  }
  return days;
}

/** Seeds the scale province into the app's database (demo seed first). */
export async function seedScale(app: FastifyInstance, o: SeedScaleOptions): Promise<SeedScaleResult> {
  const log = o.log ?? (() => undefined);
  const t0 = Date.now();
  if (!Number.isInteger(o.dossiers) || o.dossiers < 1)
    throw new SeedScaleRefusal('--dossiers phải là số nguyên dương.');
  if (!(o.years > 0 && o.years <= 10)) throw new SeedScaleRefusal('--years phải từ 1 đến 10.');
  if (app.database.engine === 'pglite' && o.dossiers > PGLITE_LIMIT)
    throw new SeedScaleRefusal(
      `PGlite (cơ sở dữ liệu nhúng) chỉ dùng cho tối đa ${PGLITE_LIMIT.toLocaleString('vi-VN')} hồ sơ: ` +
        'hãy chỉ định PostgreSQL bằng --database-url hoặc DATABASE_URL.',
    );
  const reason = await refusalReason(app);
  if (reason && !o.force) throw new SeedScaleRefusal(`${reason} Không sinh dữ liệu; dùng --force nếu chắc chắn.`);

  log('Dữ liệu demo (tổ chức, danh mục thủ tục)…');
  await seedDemo(app);
  log(`Tổ chức của tỉnh (${((Date.now() - t0) / 1000).toFixed(1)} s)…`);
  const org = await ensureScaleOrg(app, log, { maxCommunes: o.maxCommunes });
  const targets = buildTargets(org, await publishedProcedures(app));
  const now = app.clock();
  log(`Hồ sơ: ${o.dossiers.toLocaleString('vi-VN')} trong ${o.years} năm, ${targets.length} cặp thủ tục × cơ quan…`);
  const result = await insertScaleDossiers(app.database.db, {
    dossiers: o.dossiers,
    years: o.years,
    now,
    workingDays: await workingDays(app, now, o.years),
    targets,
    transferAgencyId: org.transferAgencyId,
    seed: o.seed,
    log,
  });
  // VACUUM, not only ANALYZE: a bulk-loaded table has no visibility map yet, so the inbox's index-only scans
  // (migrations/0024) would visit the heap for every entry until autovacuum passes (inbox 3× slower on 1M).
  log('Dọn bảng và cập nhật thống kê của bộ lập kế hoạch truy vấn (vacuum analyze)…');
  for (const table of ['dossiers', 'dossier_events', 'dossier_code_sequences'])
    await sql`vacuum analyze ${sql.table(table)}`.execute(app.database.db);
  // The statistics read closed days from a daily pre-aggregate (dossier-stats.*, refreshed nightly by a job):
  // the seeded history is aggregated now, as the nightly job would.
  const t1 = Date.now();
  const agg = await app.dossiers.statistics.refresh();
  log(
    `Tổng hợp thống kê theo ngày: ${agg.days} ngày, đến ${agg.aggregatedThrough ?? '—'} (${((Date.now() - t1) / 1000).toFixed(1)} s)`,
  );
  await app.audit.record(SYSTEM_ACTOR, {
    action: 'seed_scale.run',
    entityType: 'dossier',
    entityId: null,
    agencyId: org.provinceId,
    after: { dossiers: result.dossiers, events: result.events, years: o.years },
    note: 'Dữ liệu đo hiệu năng (seed:scale)',
  });
  return { ...result, org, seconds: (Date.now() - t0) / 1000 };
}

async function main() {
  const args = parseArgs(process.argv.slice(2), {
    dossiers: 1_000_000,
    years: 3,
    'database-url': process.env.DATABASE_URL ?? '',
  });
  const url = String(args['database-url'] ?? '') || null;
  const dossiers = Number(args.dossiers);
  if (!url && dossiers > PGLITE_LIMIT) {
    console.error(
      `PGlite (cơ sở dữ liệu nhúng) chỉ dùng cho tối đa ${PGLITE_LIMIT.toLocaleString('vi-VN')} hồ sơ: ` +
        'hãy chỉ định PostgreSQL bằng --database-url hoặc DATABASE_URL.',
    );
    process.exit(2);
  }
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: url ?? '',
    SEED_DEMO: 'false',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  if (config.env === 'production') {
    console.error('seed:scale không chạy khi NODE_ENV=production.');
    process.exit(2);
  }
  const t0 = Date.now();
  if (url) await ensureDatabase(url);
  const database = await openDatabase({ url, pgliteDir: path.join(config.dataDir, 'pgdata'), poolSize: 4 });
  const applied = await migrate(database);
  console.log(
    `Saola seed:scale — ${database.engine}${applied.length ? `, ${applied.length} migration đã áp dụng` : ''}`,
  );
  const app = await buildApp({ config, database });
  try {
    const r = await seedScale(app, {
      dossiers,
      years: Number(args.years),
      force: args.force === true,
      seed: args.seed === undefined ? undefined : Number(args.seed),
      log: (m) => console.log(m),
    });
    console.log(
      `Xong: ${r.dossiers.toLocaleString('vi-VN')} hồ sơ, ${r.events.toLocaleString('vi-VN')} sự kiện, ` +
        `${r.org.communes.length} xã/phường — ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
    console.log(
      '  theo trạng thái: ' +
        Object.entries(r.byStatus)
          .map(([k, v]) => `${k} ${v.toLocaleString('vi-VN')}`)
          .join(', '),
    );
  } catch (error) {
    if (error instanceof SeedScaleRefusal) {
      console.error(error.message);
      process.exitCode = 2;
    } else throw error;
  } finally {
    await app.close();
    await database.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
