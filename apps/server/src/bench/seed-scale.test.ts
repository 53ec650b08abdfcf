import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginAs } from '../modules/auth/testing.js';
import { demoFormData } from '../seed/demo-form-data.js';
import { createTestApp, type TestApp } from '../test/test-app.js';
import { SCALE_PASSWORD } from './scale-org.js';
import { PGLITE_LIMIT, seedScale, SeedScaleRefusal, type SeedScaleResult } from './seed-scale.js';

// A Wednesday morning (Asia/Ho_Chi_Minh): receptions happened today already.
const NOW = new Date('2026-03-11T10:00:00+07:00');
const N = 3000;
const CODE = /^([0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2})-([0-9]{2})([0-9]{2})([0-9]{2})-([0-9]{4})$/;

describe('seed:scale (small)', () => {
  let t: TestApp;
  let result: SeedScaleResult;

  beforeAll(async () => {
    t = await createTestApp({ now: NOW });
    result = await seedScale(t.app, { dossiers: N, years: 1, force: false, maxCommunes: 4, seed: 7 });
  }, 180_000);
  afterAll(async () => t?.close());

  const db = () => t.app.database.db;

  it('inserts N dossiers with national-format codes of the receiving agency and reception day', async () => {
    expect(result.dossiers).toBe(N);
    const rows = await db()
      .selectFrom('dossiers as d')
      .innerJoin('agencies as a', 'a.id', 'd.receiving_agency_id')
      .select([
        'd.code',
        'a.code as agencyCode',
        sql<string>`to_char(coalesce(d.submitted_at, d.received_at) at time zone 'Asia/Ho_Chi_Minh', 'YYMMDD')`.as(
          'day',
        ),
      ])
      .execute();
    const seeded = await db()
      .selectFrom('dossiers')
      .select(sql<number>`count(*)::int`.as('c'))
      .executeTakeFirstOrThrow();
    expect(Number(seeded.c)).toBeGreaterThanOrEqual(N);
    for (const r of rows) {
      const m = CODE.exec(r.code);
      expect(m, r.code).not.toBeNull();
      expect(m?.[1]).toBe(r.agencyCode);
      expect(`${m?.[2]}${m?.[3]}${m?.[4]}`).toBe(r.day);
    }
  });

  it('draws every kind of state, ~5 % late, with pauses and extensions', async () => {
    for (const s of ['returned', 'received', 'refused', 'rejected', 'withdrawn', 'stopped', 'result_ready'])
      expect(result.byStatus[s] ?? 0, s).toBeGreaterThan(0);
    const r = await db()
      .selectFrom('dossiers')
      .select([
        sql<number>`count(*) filter (where status = 'returned')::int`.as('returned'),
        sql<number>`count(*) filter (where status = 'returned' and updated_at > due_at)::int`.as('late'),
        sql<number>`count(*) filter (where extended and extended_at < original_due_at and due_at > original_due_at)::int`.as(
          'extended',
        ),
        sql<number>`count(*) filter (where jsonb_array_length(pauses) > 0 and due_at > original_due_at)::int`.as(
          'paused',
        ),
        sql<number>`count(*) filter (where channel = 'online' and accept_by is null)::int`.as('noAcceptBy'),
        sql<number>`count(*) filter (where due_at is not null and due_at <= received_at)::int`.as('badDue'),
      ])
      .executeTakeFirstOrThrow();
    const lateShare = Number(r.late) / Number(r.returned);
    expect(lateShare).toBeGreaterThan(0.02);
    expect(lateShare).toBeLessThan(0.1);
    expect(Number(r.extended)).toBeGreaterThan(0);
    expect(Number(r.paused)).toBeGreaterThan(0);
    expect(Number(r.noAcceptBy)).toBe(0);
    expect(Number(r.badDue)).toBe(0);
  });

  it('writes each dossier an event log that starts at reception, runs forward in time and ends in its state', async () => {
    const bad = await sql<{ c: number }>`
      select count(*)::int as c from (
        select d.id, d.status,
          count(e.id) as n, max(e.seq) as maxseq, min(e.seq) as minseq,
          bool_and(e.prev_at is null or e.at >= e.prev_at) as ordered,
          (array_agg(e.to_status order by e.seq desc))[1] as last_to,
          (array_agg(e.action order by e.seq))[1] as first_action
        from dossiers d
        join (select *, lag(at) over (partition by dossier_id order by seq) as prev_at from dossier_events) e
          on e.dossier_id = d.id
        group by d.id, d.status
      ) x
      where n <> maxseq or minseq <> 1 or not ordered or last_to <> status or first_action not in ('receive', 'submit_online')`.execute(
      db(),
    );
    expect(bad.rows[0]?.c).toBe(0);
    expect(result.events).toBeGreaterThan(N * 2);
    // The public history on each row (migrations/0025) is its events' instants and states, in order.
    const disagree = await sql<{ c: number }>`
      select count(*)::int as c from dossiers d
      where (select coalesce(jsonb_agg(jsonb_build_object('at', x->>'at', 'status', x->>'status')), '[]')
               from jsonb_array_elements(d.status_history) x)
         is distinct from
            (select jsonb_agg(jsonb_build_object(
                      'at', to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'status', e.to_status)
                    order by e.seq)
               from dossier_events e where e.dossier_id = d.id)`.execute(db());
    expect(disagree.rows[0]?.c).toBe(0);
  });

  it('advances the code sequences: a reception at the counter after the seed gets the next free number', async () => {
    const commune = result.org.communes[0];
    if (!commune) throw new Error('no commune');
    const officer = commune.officers.can_bo_mot_cua;
    const { headers } = await loginAs(t.app, officer.username, SCALE_PASSWORD);
    const today = await db()
      .selectFrom('dossiers')
      .select(sql<number>`count(*)::int`.as('c'))
      .where('receiving_agency_id', '=', commune.id)
      .where(
        sql<boolean>`(coalesce(submitted_at, received_at) at time zone 'Asia/Ho_Chi_Minh')::date = date '2026-03-11'`,
      )
      .executeTakeFirstOrThrow();
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers,
      payload: {
        procedureCode: '2.000815',
        agencyId: commune.id,
        applicant: { name: 'Nguyễn Văn Thử', idNumber: '045090001234' },
        formData: demoFormData('2.000815', { name: 'Nguyễn Văn Thử', idNumber: '045090001234' }),
        components: [{ name: 'Bản chính giấy tờ', copies: 1, form: 'original', received: true }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const code = res.json<{ code: string }>().code;
    expect(code).toBe(`${commune.code}-260311-${String(Number(today.c) + 1).padStart(4, '0')}`);
  });

  it('keeps communes apart: an officer of another commune does not see a seeded dossier (404)', async () => {
    const [a, b] = result.org.communes;
    if (!a || !b) throw new Error('two communes needed');
    const dossier = await db()
      .selectFrom('dossiers')
      .select('code')
      .where('receiving_agency_id', '=', a.id)
      .where('current_agency_id', '=', a.id)
      .executeTakeFirstOrThrow();
    const own = await loginAs(t.app, a.officers.can_bo_mot_cua.username, SCALE_PASSWORD);
    const other = await loginAs(t.app, b.officers.can_bo_mot_cua.username, SCALE_PASSWORD);
    const url = `/api/v1/dossiers/${encodeURIComponent(dossier.code)}`;
    expect((await t.app.inject({ method: 'GET', url, headers: own.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url, headers: other.headers })).statusCode).toBe(404);
  });

  it('refuses a second run on a database that already holds many dossiers, and PGlite beyond its limit', async () => {
    await expect(seedScale(t.app, { dossiers: 10, years: 1, force: false })).rejects.toBeInstanceOf(SeedScaleRefusal);
    if (t.app.database.engine === 'pglite')
      await expect(seedScale(t.app, { dossiers: PGLITE_LIMIT + 1, years: 1, force: true })).rejects.toThrow(/PGlite/);
  });
});
