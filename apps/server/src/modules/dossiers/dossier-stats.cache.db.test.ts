import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { advance, insertHistoryDossier } from './dossier-stats.factories.js';
import type { DossierStatistics } from './dossier-stats.service.js';
import { createCommune, createProvince, publishedProcedure, session } from './dossiers.factories.js';

const local = (iso: string) => new Date(`${iso}+07:00`);

// Closed days are cached per node, keyed on the data generation (issue 3 §7, docs/performance.md).
describe('dossier statistics: cache of closed days', () => {
  let t: TestApp;
  let agencyId: string;
  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-05-04T09:00:00') });
    const { province, admin } = await createProvince(t.app);
    const a = await createCommune(t.app, province.id, 'UBND xã Bộ Nhớ Đệm');
    agencyId = a.agency.id;
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

  const received = async (stats: DossierStatistics) =>
    (await stats.counts({ from: '2026-05-04', to: '2026-05-05', agencyIds: [agencyId] })).rows.reduce(
      (s, r) => s + r.received,
      0,
    );

  it('serves a closed period from the cache until the next refresh, then reads the new generation', async () => {
    const stats = t.app.dossiers.statistics as DossierStatistics;
    t.setNow(local('2026-05-06T09:00:00'));
    await stats.refresh(); // 4/5 and 5/5 closed
    expect(await received(stats)).toBe(1);
    // Changed behind the service's back: a cached read does not see it…
    await sql`update dossier_stats_daily set received = 7 where day = '2026-05-04'`.execute(t.database.db);
    expect(await received(stats)).toBe(1);
    // …until a refresh writes a new day: a new generation, so the stored rows are read again.
    t.setNow(local('2026-05-07T09:00:00'));
    expect((await stats.refresh()).days).toBe(1);
    expect(await received(stats)).toBe(7);
    // The uncached path agrees with the events (the pre-aggregate was tampered with above, not the events).
    expect(
      (
        await stats.counts({ from: '2026-05-04', to: '2026-05-05', agencyIds: [agencyId], preaggregate: false })
      ).rows.reduce((s, r) => s + r.received, 0),
    ).toBe(1);
  });
});
