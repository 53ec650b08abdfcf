import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import type { StatCounts } from './statistics.service.js';
import { createAgency, createUser } from '../../test/factories/org.js';
import { addComponentFile, advance, insertHistoryDossier } from '../dossiers/dossier-stats.factories.js';
import {
  createCommune,
  createProvince,
  type Headers,
  publishedProcedure,
  receiveDossier,
  receptionBody,
  session,
} from '../dossiers/dossiers.factories.js';

/** Wall-clock instant of a local (Asia/Ho_Chi_Minh) date and time. */
const local = (iso: string) => new Date(`${iso}+07:00`);

/** What the JSON route returns for each row and the totals (the service's type, serialised). */
type Counts = StatCounts;
interface Report {
  period: { from: string; to: string };
  snapshotAt: string;
  totals: Counts;
  rows: (Counts & { key: string; label: string })[];
  indicators766: { items: { code: string; score: number | null; maxScore: number }[]; total: number; maxTotal: number };
}

/**
 * The hand-computed example (docs/statistics.md): province P with communes A and B, March 2026, looked at on
 * 15/4/2026. Every expected number below is counted by hand from the scenario, not from the code.
 *
 * Commune A                                                     Commune B
 *  D1 counter (API) recv 10/3 09:00, due 13/3 17:00,             E1 counter recv 11/3, due 16/3 17:00, result 16/3 16:00
 *     result 12/3 (e-result), returned 13/3, rated 5                (on time), returned 17/3, rated 4
 *  D2 online, submitted 15/3, recv 16/3, due 19/3 17:00,         E2 counter recv 31/3 16:00, due 3/4 17:00: in progress
 *     component file, result 20/3 (late, e-result),             E3 counter recv 1/4 08:00, due 20/4 (April)
 *     returned 23/3, rated 2                                    E4 counter recv 2/4, due 7/4, supplement asked 6/4 (paused)
 *  D3 counter recv 25/3, due 30/3 17:00: in progress (overdue at 31/3)
 *  D4 post recv 27/3, due 3/4 17:00: in progress; result 2/4 (on time, April)
 *  D5 online submitted 30/3, refused 30/3 (never received)
 *  D6 counter recv 25/2, due 2/3 17:00, result 3/3 (late; received in February)
 *  D7 online submitted 4/3, withdrawn 5/3 (never received)
 *  D8 counter recv 5/3, due 10/3, rejected 9/3
 *  D9 counter recv 15/4 08:00 (today, live part), due 20/4
 *  E5 counter recv 2/3 (due 20/3 17:00), transferred to B on 4/3, received by B on 5/3, still in progress
 * Another province's commune X: one dossier received 12/3 (never counted for P).
 *
 * March, province P: received 8 (D1 D2 D3 D4 D8 E1 E2 E5 — E5's reception by B after the transfer is not a new
 * dossier; counter 6, online 1, post 1); resolved 4 (on time D1 E1, late D2 D6); returned 3 (D1 D2 E1); withdrawn
 * 1 (D7); refused 1 (D5); rejected 1 (D8); at the end of 31/3 in progress 4 (D3 and E5 overdue; D4, E2 within
 * time); digitised 1 (D2); e-results 2 (D1 D2); ratings 5, 2, 4.
 */
describe('statistics: hand-computed example, with and without the daily pre-aggregate', () => {
  let t: TestApp;
  let provinceId: string;
  let provinceCode: string;
  let a: Awaited<ReturnType<typeof createCommune>>;
  let b: Awaited<ReturnType<typeof createCommune>>;
  let x: Awaited<ReturnType<typeof createCommune>>;
  let leaderP: { username: string; password: string; id: string; agencyId: string };
  let clerk: { username: string; password: string; id: string; agencyId: string };
  const codes: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-02-25T09:00:00') });
    const { province, admin } = await createProvince(t.app);
    provinceId = province.id;
    provinceCode = province.code;
    a = await createCommune(t.app, province.id, 'UBND xã An Thống Kê');
    b = await createCommune(t.app, province.id, 'UBND xã Bình Thống Kê');
    const other = await createAgency(t.app, { kind: 'ubnd_tinh', parentId: null, name: 'UBND tỉnh Khác' });
    x = await createCommune(t.app, other.id, 'UBND xã Xa Thống Kê');
    leaderP = await createUser(t.app, {
      agencyId: province.id,
      fullName: 'Lãnh Đạo Tỉnh',
      roles: [{ roleCode: 'lanh_dao', includeSubordinates: true }],
    });
    clerk = await createUser(t.app, {
      agencyId: a.agency.id,
      fullName: 'Văn Thư Xã',
      roles: [{ roleCode: 'van_thu' }],
    });
    const adminH = await session(t.app, admin);
    const proc = await publishedProcedure(t.app, adminH, [a.agency.id, b.agency.id, x.agency.id], 3);
    const db = t.database.db;
    const mk = (agencyId: string, channel: 'counter' | 'online' | 'post', o: Record<string, string>) =>
      insertHistoryDossier(db, {
        agencyId,
        procedureId: proc.id,
        procedureCode: proc.code,
        channel,
        ...(o.submitted ? { submittedAt: local(o.submitted) } : {}),
        ...(o.received ? { receivedAt: local(o.received) } : {}),
        ...(o.due ? { dueAt: local(o.due) } : {}),
      });
    const A = a.agency.id;
    const B = b.agency.id;

    // D6: February, resolved late on 3/3.
    const d6 = await mk(A, 'counter', { received: '2026-02-25T09:00:00', due: '2026-03-02T17:00:00' });
    await advance(db, d6.id, 'attach_result', local('2026-03-03T10:00:00'));
    const d7 = await mk(A, 'online', { submitted: '2026-03-04T20:00:00' });
    await advance(db, d7.id, 'withdraw', local('2026-03-05T08:00:00'));
    // E5: received by A on 2/3, transferred to B on 4/3, received by B on 5/3 (due 20/3): overdue at the end of March.
    const e5 = await mk(A, 'counter', { received: '2026-03-02T09:00:00', due: '2026-03-20T17:00:00' });
    await advance(db, e5.id, 'transfer_to_agency', local('2026-03-04T10:00:00'), { targetAgencyId: B });
    await advance(db, e5.id, 'receive', local('2026-03-05T09:00:00'));
    const d8 = await mk(A, 'counter', { received: '2026-03-05T09:00:00', due: '2026-03-10T17:00:00' });
    await advance(db, d8.id, 'reject', local('2026-03-09T15:00:00'));

    // D1 through the real counter reception at a moving clock.
    t.setNow(local('2026-03-10T09:00:00'));
    const d1 = await receiveDossier(t.app, await session(t.app, a.officer), receptionBody(proc.code, A));
    expect(d1.dueAt).toBe(local('2026-03-13T17:00:00').toISOString());
    codes.d1 = d1.code;
    const d1Id = (await db.selectFrom('dossiers').select('id').where('code', '=', d1.code).executeTakeFirstOrThrow())
      .id;
    await advance(db, d1Id, 'attach_result', local('2026-03-12T10:00:00'), { resultFileIds: [randomUUID()] });
    await advance(db, d1Id, 'return_result', local('2026-03-13T09:00:00'));
    t.setNow(local('2026-03-13T09:30:00'));
    await t.app.dossiers.statistics.recordRating({ dossierCode: d1.code, score: 5, channel: 'counter' });

    const e1 = await mk(B, 'counter', { received: '2026-03-11T09:00:00', due: '2026-03-16T17:00:00' });
    codes.e1 = e1.code;
    await mk(x.agency.id, 'counter', { received: '2026-03-12T09:00:00', due: '2026-03-17T17:00:00' });
    await advance(db, e1.id, 'attach_result', local('2026-03-16T16:00:00'));
    await advance(db, e1.id, 'return_result', local('2026-03-17T09:00:00'));
    t.setNow(local('2026-03-17T10:00:00'));
    await t.app.dossiers.statistics.recordRating({ dossierCode: e1.code, score: 4, channel: 'counter' });

    const d2 = await mk(A, 'online', {
      submitted: '2026-03-15T21:00:00',
      received: '2026-03-16T09:00:00',
      due: '2026-03-19T17:00:00',
    });
    codes.d2 = d2.code;
    await addComponentFile(db, d2.id);
    await advance(db, d2.id, 'attach_result', local('2026-03-20T10:00:00'), { resultFileIds: [randomUUID()] });
    await advance(db, d2.id, 'return_result', local('2026-03-23T09:00:00'));
    t.setNow(local('2026-03-23T11:00:00'));
    await t.app.dossiers.statistics.recordRating({ dossierCode: d2.code, score: 2, channel: 'online' });

    const d3 = await mk(A, 'counter', { received: '2026-03-25T09:00:00', due: '2026-03-30T17:00:00' });
    codes.d3 = d3.code;
    const d4 = await mk(A, 'post', { received: '2026-03-27T09:00:00', due: '2026-04-03T17:00:00' });
    const d5 = await mk(A, 'online', { submitted: '2026-03-30T08:00:00' });
    await advance(db, d5.id, 'refuse', local('2026-03-30T14:00:00'));
    await mk(B, 'counter', { received: '2026-03-31T16:00:00', due: '2026-04-03T17:00:00' }); // E2

    // April.
    await mk(B, 'counter', { received: '2026-04-01T08:00:00', due: '2026-04-20T17:00:00' }); // E3
    await advance(db, d4.id, 'attach_result', local('2026-04-02T10:00:00'));
    const e4 = await mk(B, 'counter', { received: '2026-04-02T09:00:00', due: '2026-04-07T17:00:00' });
    await advance(db, e4.id, 'request_supplement', local('2026-04-06T09:00:00'));
    await mk(A, 'counter', { received: '2026-04-15T08:00:00', due: '2026-04-20T17:00:00' }); // D9
    t.setNow(local('2026-04-15T10:00:00'));
  }, 180_000);
  afterAll(async () => t.close());

  const get = async (headers: Headers | undefined, url: string) => t.app.inject({ method: 'GET', url, headers });
  const report = async (url: string, headers?: Headers): Promise<Report> => {
    const res = await get(headers ?? (await session(t.app, leaderP)), url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Report>();
  };

  const MARCH = {
    received: 8,
    receivedCounter: 6,
    receivedOnline: 1,
    receivedPost: 1,
    resolved: 4,
    resolvedOnTime: 2,
    resolvedLate: 2,
    inProgress: 4,
    inProgressOnTime: 2,
    overdue: 2,
    returned: 3,
    withdrawn: 1,
    refused: 1,
    rejected: 1,
    stopped: 0,
    receivedDigitised: 1,
    resolvedElectronicResult: 2,
  };

  const checkMarch = (r: Report) => {
    expect(r.totals).toMatchObject(MARCH);
    expect(r.totals.onlineRate).toBe(1 / 8);
    expect(r.totals.onTimeRate).toBe(0.5);
    expect(r.totals.satisfaction).toEqual({
      ratings: 3,
      average: 3.67, // (5 + 4 + 2) / 3
      distribution: [0, 1, 0, 1, 1],
      satisfiedShare: 2 / 3,
    });
    // Communes side by side (plus the province's own agency, with nothing).
    const byKey = new Map(r.rows.map((row) => [row.key, row]));
    expect(byKey.get(a.agency.id)).toMatchObject({
      label: 'UBND xã An Thống Kê',
      received: 6,
      resolvedOnTime: 1,
      resolvedLate: 2,
      inProgress: 2,
      overdue: 1,
      withdrawn: 1,
      refused: 1,
      rejected: 1,
    });
    expect(byKey.get(b.agency.id)).toMatchObject({
      received: 2,
      resolvedOnTime: 1,
      resolvedLate: 0,
      inProgress: 2, // E2, and E5 since B received it
      overdue: 1, // E5
    });
    expect(byKey.get(provinceId)).toMatchObject({ received: 0, resolved: 0 });
    expect(byKey.has(x.agency.id)).toBe(false);
    // QĐ 766: on time 2 / (resolved 4 + overdue 2) × 20 = 6.67; online 1/8 × 11 = 1.38; digitised 1/8 × 11 = 1.38;
    // e-results 2/4 × 11 = 5.5; satisfied (3 − 1)/3 × 6 = 4.
    const score = new Map(r.indicators766.items.map((i) => [i.code, i.score]));
    expect(Object.fromEntries(score)).toMatchObject({
      tien_do_ket_qua: 6.67,
      dvc_ho_so_truc_tuyen: 1.38,
      so_hoa_ho_so: 1.38,
      so_hoa_ket_qua: 5.5,
      hai_long_tthc: 4,
      dvc_thanh_toan_truc_tuyen: null,
    });
    expect(r.indicators766.total).toBe(18.93);
    expect(r.indicators766.maxTotal).toBe(59);
  };

  const APRIL_TO_15 = {
    received: 3, // E3, E4, D9
    resolvedOnTime: 1, // D4 on 2/4 (due 3/4)
    resolvedLate: 0,
    inProgress: 6, // D3, E2, E3, E4, D9, E5
    overdue: 3, // D3 (due 30/3), E2 (due 3/4), E5 (due 20/3); E4 is paused, E3 and D9 are due 20/4
  };

  /** Periods ending on other days: the snapshot at the end of their last day, counted by hand. */
  const OTHER_PERIODS: [string, string, Partial<Counts>][] = [
    ['2026-02-01', '2026-02-28', { received: 1, inProgress: 1, overdue: 0 }], // D6 (due 2/3)
    ['2026-03-01', '2026-03-02', { received: 1, inProgress: 2, overdue: 1 }], // E5; D6 overdue
    ['2026-03-01', '2026-03-03', { received: 1, resolvedLate: 1, inProgress: 1, overdue: 0 }], // D6 resolved 3/3
    ['2026-03-01', '2026-03-04', { received: 1, inProgress: 0, overdue: 0 }], // E5 transferred, not yet received
    ['2026-03-01', '2026-03-19', { received: 5, inProgress: 2, overdue: 1 }], // D2 overdue (due 19/3), E5 at B
  ];
  const checkOtherPeriods = async () => {
    for (const [from, to, expected] of OTHER_PERIODS) {
      const r = await report(`/api/v1/statistics/dossiers?from=${from}&to=${to}&agencyId=${provinceId}`);
      expect({ period: `${from}..${to}`, ...r.totals }).toMatchObject({ period: `${from}..${to}`, ...expected });
    }
  };

  it('computes March live from the dossiers and events (no pre-aggregate yet)', async () => {
    const r = await report(`/api/v1/statistics/dossiers?from=2026-03-01&to=2026-03-31&agencyId=${provinceId}`);
    expect(r.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    expect(r.snapshotAt).toBe(local('2026-04-01T00:00:00').toISOString());
    checkMarch(r);
    await checkOtherPeriods();
  });

  it('computes the current period with the in-progress snapshot as of now', async () => {
    const r = await report(`/api/v1/statistics/dossiers?from=2026-04-01&to=2026-04-15&agencyId=${provinceId}`);
    expect(r.snapshotAt).toBe(local('2026-04-15T10:00:00').toISOString());
    expect(r.totals).toMatchObject(APRIL_TO_15);
  });

  it('gives the same numbers from the daily pre-aggregate (closed days) plus the live query for today', async () => {
    const refreshed = await t.app.dossiers.statistics.refresh();
    expect(refreshed.aggregatedThrough).toBe('2026-04-14');
    const march = await report(`/api/v1/statistics/dossiers?from=2026-03-01&to=2026-03-31&agencyId=${provinceId}`);
    checkMarch(march);
    const april = await report(`/api/v1/statistics/dossiers?from=2026-04-01&to=2026-04-15&agencyId=${provinceId}`);
    expect(april.totals).toMatchObject(APRIL_TO_15);
    await checkOtherPeriods();
    const live = await t.app.dossiers.statistics.counts({
      from: '2026-03-01',
      to: '2026-03-31',
      agencyIds: null,
      preaggregate: false,
    });
    const fromAgg = await t.app.dossiers.statistics.counts({ from: '2026-03-01', to: '2026-03-31', agencyIds: null });
    expect(fromAgg.aggregatedThrough).toBe('2026-03-31');
    expect(live.aggregatedThrough).toBeNull();
    const sort = (rows: { agencyId: string; channel: string }[]) =>
      [...rows].sort((p, q) => `${p.agencyId}${p.channel}`.localeCompare(`${q.agencyId}${q.channel}`));
    expect(sort(fromAgg.rows)).toEqual(sort(live.rows));
  });

  it('groups by procedure and by field (lĩnh vực)', async () => {
    const byProc = await report(
      `/api/v1/statistics/dossiers?from=2026-03-01&to=2026-03-31&agencyId=${provinceId}&groupBy=procedure`,
    );
    expect(byProc.rows).toHaveLength(1);
    expect(byProc.rows[0]).toMatchObject({ received: 8, resolved: 4 });
    expect(byProc.rows[0]!.label).toContain('Đăng ký khai sinh thử nghiệm 3 ngày');
    const byField = await report(
      `/api/v1/statistics/dossiers?from=2026-03-01&to=2026-03-31&agencyId=${provinceId}&groupBy=field`,
    );
    expect(byField.rows.map((r) => [r.label, r.received])).toEqual([['Chứng thực', 8]]);
  });

  it('authorizes: the province sees its communes; a commune officer only hers; others get 403/404', async () => {
    const url = (agencyId: string) => `/api/v1/statistics/dossiers?from=2026-03-01&to=2026-03-31&agencyId=${agencyId}`;
    const officerA = await session(t.app, a.officer);
    const own = await report(url(a.agency.id), officerA);
    expect(own.totals.received).toBe(6);
    expect(own.rows.map((r) => r.key)).toEqual([a.agency.id]);
    expect((await get(officerA, url(b.agency.id))).statusCode).toBe(404); // another commune
    expect((await get(officerA, url(provinceId))).statusCode).toBe(404); // the province above her
    expect((await get(await session(t.app, x.leader), url(a.agency.id))).statusCode).toBe(404); // another province
    // Without agencyId: every agency where the caller holds statistics.read.
    const mine = await report('/api/v1/statistics/dossiers?from=2026-03-01&to=2026-03-31', officerA);
    expect(mine.totals.received).toBe(6);
    for (const who of [a.specialist, a.leader])
      expect((await get(await session(t.app, who), url(a.agency.id))).statusCode).toBe(200);
    // A role without statistics.read (văn thư), and no session at all.
    const clerkH = await session(t.app, clerk);
    expect((await get(clerkH, url(a.agency.id))).statusCode).toBe(403);
    expect((await get(clerkH, `/api/v1/statistics/dossiers.xlsx?agencyId=${a.agency.id}`)).statusCode).toBe(403);
    expect([401, 403]).toContain((await get(undefined, url(a.agency.id))).statusCode);
    expect((await get(officerA, `/api/v1/statistics/dossiers.xlsx?agencyId=${b.agency.id}`)).statusCode).toBe(404);
  });

  it('validates the period in Vietnamese', async () => {
    const res = await get(await session(t.app, leaderP), '/api/v1/statistics/dossiers?from=2026-03-31&to=2026-03-01');
    expect(res.statusCode).toBe(422);
    expect(res.json<{ errors: { field: string; message: string }[] }>().errors).toContainEqual({
      field: '/to',
      message: 'Ngày kết thúc phải sau hoặc bằng ngày bắt đầu.',
    });
    const bad = await get(await session(t.app, leaderP), '/api/v1/statistics/dossiers?from=2026-02-30');
    expect(bad.statusCode).toBe(422);
  });

  it('exports the same numbers as XLSX with Vietnamese headers', async () => {
    const res = await get(
      await session(t.app, leaderP),
      `/api/v1/statistics/dossiers.xlsx?from=2026-03-01&to=2026-03-31&agencyId=${provinceId}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const detail = wb.getWorksheet('Chi tiết')!;
    const header = (detail.getRow(3).values as unknown[]).slice(1);
    expect(header.slice(0, 4)).toEqual(['Cơ quan', 'Tiếp nhận', 'Tiếp nhận trực tiếp', 'Tiếp nhận trực tuyến']);
    const rows = new Map<unknown, unknown[]>();
    detail.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      rows.set(v[0], v);
    });
    const col = (h: string) => header.indexOf(h);
    expect(rows.get('Tổng cộng')![col('Tiếp nhận')]).toBe(8);
    expect(rows.get('Tổng cộng')![col('Giải quyết quá hạn')]).toBe(2);
    expect(rows.get('Tổng cộng')![col('Đang giải quyết quá hạn')]).toBe(2);
    expect(rows.get('UBND xã An Thống Kê')![col('Tiếp nhận')]).toBe(6);
    const idx = wb.getWorksheet('Chỉ số 766')!;
    const idxRows = new Map<unknown, unknown[]>();
    idx.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      idxRows.set(v[0], v);
    });
    expect(idxRows.get('tien_do_ket_qua')![3]).toBe(6.67);
  });

  it('answers the public statistics by agency code, without sign-in and without personal data', async () => {
    const res = await get(
      undefined,
      `/api/v1/public/statistics/dossiers?from=2026-03-01&to=2026-03-31&agencyCode=${provinceCode}`,
    );
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json<Report>();
    expect(r.totals).toMatchObject(MARCH);
    expect(res.body).not.toContain('Người Thử Nghiệm');
    expect(res.body).not.toContain('Nguyễn Văn Đức');
    expect(res.body).not.toContain(codes.d1!);
    const unknown = await get(undefined, '/api/v1/public/statistics/dossiers?agencyCode=000.00.00.Z99');
    expect(unknown.statusCode).toBe(404);
  });

  it('records one satisfaction rating per dossier whose result is ready or returned', async () => {
    const stats = t.app.dossiers.statistics;
    await expect(stats.recordRating({ dossierCode: codes.d1!, score: 3, channel: 'online' })).rejects.toMatchObject({
      status: 409,
    });
    await expect(stats.recordRating({ dossierCode: codes.d3!, score: 5, channel: 'counter' })).rejects.toMatchObject({
      status: 409,
    }); // still in progress
    await expect(
      stats.recordRating({ dossierCode: '000.00.00.H99-260101-9999', score: 5, channel: 'counter' }),
    ).rejects.toMatchObject({ status: 404 });
    await expect(
      stats.recordRating({ dossierCode: codes.e1!, score: 5, channel: 'online', citizenId: randomUUID() }),
    ).rejects.toMatchObject({ status: 404 }); // not this citizen's dossier
    await expect(stats.recordRating({ dossierCode: codes.e1!, score: 6, channel: 'online' })).rejects.toMatchObject({
      status: 422,
    });
  });

  it('reads closed days from the pre-aggregate (a day is not re-read once aggregated)', async () => {
    // A reception written into an aggregated day (as a data repair would) is invisible until the rebuild.
    const proc = await t.database.db
      .selectFrom('dossiers')
      .select(['procedure_id', 'procedure_code'])
      .limit(1)
      .executeTakeFirstOrThrow();
    await insertHistoryDossier(t.database.db, {
      agencyId: b.agency.id,
      procedureId: proc.procedure_id,
      procedureCode: proc.procedure_code,
      channel: 'counter',
      receivedAt: local('2026-03-20T09:00:00'),
      dueAt: local('2026-03-25T17:00:00'),
    });
    const q = { from: '2026-03-01', to: '2026-03-31', agencyIds: [b.agency.id] };
    const sum = (rows: { received: number }[]) => rows.reduce((s, r) => s + r.received, 0);
    expect(sum((await t.app.dossiers.statistics.counts(q)).rows)).toBe(2);
    expect(sum((await t.app.dossiers.statistics.counts({ ...q, preaggregate: false })).rows)).toBe(3);
    await t.database.db.deleteFrom('dossier_stats_daily').execute();
    await t.database.db.updateTable('dossier_stats_state').set({ aggregated_through: null }).execute();
    await t.app.dossiers.statistics.refresh();
    expect(sum((await t.app.dossiers.statistics.counts(q)).rows)).toBe(3);
  });
});
