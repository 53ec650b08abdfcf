import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../../db/schema.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { type DossierState, STATE_INFO } from './dossier-states.js';
import {
  actOn,
  communeWithProcedure,
  type createCommune,
  receiveDossier,
  receptionBody,
  session,
} from './dossiers.factories.js';

const local = (iso: string) => new Date(`${iso}+07:00`);

/** The row's public history next to what its events say (migrations/0025_dossier_status_history.sql). */
async function historyAndEvents(db: Kysely<DB>, code: string) {
  const row = await db
    .selectFrom('dossiers as d')
    .select([
      'd.status_history',
      sql<{ at: string; status: string }[]>`(select json_agg(json_build_object('at', e.at, 'status', e.to_status)
        order by e.seq) from dossier_events e where e.dossier_id = d.id)`.as('events'),
    ])
    .where('d.code', '=', code)
    .executeTakeFirstOrThrow();
  const norm = (l: { at: string; status: string }[]) =>
    l.map((e) => ({ at: new Date(e.at).toISOString(), status: e.status }));
  return { history: norm(row.status_history), events: norm(row.events) };
}

/** The public history kept on the dossier row: one entry per event, written with it, never without it. */
describe('dossiers: the public lookup history on the row', () => {
  let t: TestApp;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let procedure: string;
  let agencyId: string;

  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-03-09T08:00:00') });
    ({ commune: a, procedureCode: procedure } = await communeWithProcedure(t.app, 'UBND xã Lịch Sử', 5));
    agencyId = a.agency.id;
  }, 120_000);
  afterAll(async () => t.close());

  it('appends each action’s instant and state, in order, and the lookup shows exactly that', async () => {
    t.setNow(local('2026-03-09T08:00:00'));
    const officer = await session(t.app, a.officer);
    const { code } = await receiveDossier(t.app, officer, receptionBody(procedure, agencyId, 'Người Xem Lịch Sử'));
    t.setNow(local('2026-03-09T09:15:00'));
    const forwarded = await actOn(t.app, await session(t.app, a.officer), code, 'forward', { version: 1 });
    expect(forwarded.statusCode, forwarded.body).toBe(200);
    t.setNow(local('2026-03-10T10:30:00'));
    const asked = await actOn(t.app, await session(t.app, a.specialist), code, 'request_supplement', {
      version: forwarded.json<{ version: number }>().version,
      reason: 'Thiếu bản sao giấy chứng sinh',
    });
    expect(asked.statusCode, asked.body).toBe(200);

    const { history, events } = await historyAndEvents(t.database.db, code);
    expect(history).toEqual(events);
    expect(history).toEqual([
      { at: local('2026-03-09T08:00:00').toISOString(), status: 'received' },
      { at: local('2026-03-09T09:15:00').toISOString(), status: 'received' },
      { at: local('2026-03-10T10:30:00').toISOString(), status: 'supplement_requested' },
    ]);
    const lookup = await t.app.inject({ method: 'GET', url: `/api/v1/public/dossiers/${code}?phone=0912345678` });
    expect(lookup.statusCode, lookup.body).toBe(200);
    expect(lookup.json<{ history: unknown[] }>().history).toEqual(
      history.map((h) => ({ ...h, label: STATE_INFO[h.status as DossierState].label })),
    );
  });

  it('writes neither an entry nor an event when the action loses the race (409)', async () => {
    const officer = await session(t.app, a.officer);
    const { code } = await receiveDossier(t.app, officer, receptionBody(procedure, agencyId, 'Người Đến Sau'));
    const first = await actOn(t.app, officer, code, 'forward', { version: 1 });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await actOn(t.app, officer, code, 'forward', { version: 1 });
    expect(stale.statusCode).toBe(409);
    const { history, events } = await historyAndEvents(t.database.db, code);
    expect(history).toEqual(events);
    expect(history).toHaveLength(2);
  });
});
