import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { dayOf, isoOf } from '../calendar/local-time.js';
import { advance, insertHistoryDossier } from './dossier-stats.factories.js';
import { type DossierStatistics, monthsEndingIn, splitByMonths } from './dossier-stats.service.js';
import { createCommune, createProvince, publishedProcedure, session } from './dossiers.factories.js';

const local = (iso: string) => new Date(`${iso}+07:00`);
const iso = (r: [number, number] | null) => (r ? [isoOf(r[0]), isoOf(r[1])] : null);

describe('dossier statistics: month split (pure)', () => {
  it('reads whole months from the monthly rows and the ends from the daily rows', () => {
    const s = splitByMonths(dayOf('2026-01-15'), dayOf('2026-04-10'));
    expect(s.days.map(iso)).toEqual([
      ['2026-01-15', '2026-01-31'],
      ['2026-04-01', '2026-04-10'],
    ]);
    expect(iso(s.months)).toEqual(['2026-02-01', '2026-03-01']);
    expect(splitByMonths(dayOf('2026-01-01'), dayOf('2026-12-31'))).toEqual({
      days: [],
      months: [dayOf('2026-01-01'), dayOf('2026-12-01')],
    });
    const inside = splitByMonths(dayOf('2026-02-03'), dayOf('2026-02-27'));
    expect(inside).toEqual({ days: [[dayOf('2026-02-03'), dayOf('2026-02-27')]], months: null });
    expect(monthsEndingIn(dayOf('2024-02-10'), dayOf('2024-04-29'))).toEqual([
      { first: '2024-02-01', last: '2024-02-29' },
      { first: '2024-03-01', last: '2024-03-31' },
    ]);
    expect(monthsEndingIn(dayOf('2026-12-31'), dayOf('2026-12-31'))).toEqual([
      { first: '2026-12-01', last: '2026-12-31' },
    ]);
  });
});

describe('dossier statistics: the nightly refresh job', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-05-04T09:00:00') });
    const { province, admin } = await createProvince(t.app);
    const a = await createCommune(t.app, province.id, 'UBND xã Công Việc Nền');
    const proc = await publishedProcedure(t.app, await session(t.app, admin), [a.agency.id], 3);
    const d = await insertHistoryDossier(t.database.db, {
      agencyId: a.agency.id,
      procedureId: proc.id,
      procedureCode: proc.code,
      channel: 'counter',
      receivedAt: local('2026-05-04T09:00:00'),
      dueAt: local('2026-05-07T17:00:00'),
    });
    await advance(t.database.db, d.id, 'attach_result', local('2026-05-05T09:00:00'));
  }, 120_000);
  afterAll(async () => t.close());

  it('aggregates at once on a new installation, then every night at 00:15 local, one planned run at a time', async () => {
    const stats = t.app.dossiers.statistics as DossierStatistics;
    await stats.ensureScheduled();
    await stats.ensureScheduled(); // a second node starting: still one planned run
    expect(await t.app.jobs.runDue()).toBe(1); // now: nothing closed yet but 3/5
    expect((await stats.counts({ from: '2026-05-01', to: '2026-05-04', agencyIds: null })).aggregatedThrough).toBe(
      '2026-05-03',
    );
    await stats.ensureScheduled(); // the next night is planned already
    t.setNow(local('2026-05-05T00:14:00'));
    expect(await t.app.jobs.runDue()).toBe(0);
    t.setNow(local('2026-05-06T00:20:00')); // the job ran late: it still aggregates every closed day
    expect(await t.app.jobs.runDue()).toBe(1);
    const daily = await t.database.db
      .selectFrom('dossier_stats_daily')
      .select(['received', 'resolved_on_time'])
      .select((eb) => eb.cast<string>('day', 'text').as('day'))
      .orderBy('day')
      .execute();
    expect(daily).toEqual([
      { day: '2026-05-04', received: 1, resolved_on_time: 0 },
      { day: '2026-05-05', received: 0, resolved_on_time: 1 },
    ]);
    const state = await t.database.db.selectFrom('dossier_stats_state').selectAll().executeTakeFirstOrThrow();
    expect(state.next_run_at?.toISOString()).toBe(local('2026-05-07T00:15:00').toISOString());
    expect(await t.app.jobs.runDue()).toBe(0);
    t.setNow(local('2026-05-07T00:16:00'));
    expect(await t.app.jobs.runDue()).toBe(1);
    const counts = await stats.counts({ from: '2026-05-01', to: '2026-05-06', agencyIds: null });
    expect(counts.aggregatedThrough).toBe('2026-05-06');
    expect(counts.rows.reduce((s, r) => s + r.received + r.resolved_on_time, 0)).toBe(2);
  });
});
