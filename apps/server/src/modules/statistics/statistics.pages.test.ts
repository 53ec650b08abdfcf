import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../../test/factories/org.js';
import { createTestApp, type TestApp } from '../../test/test-app.js';
import { advance, insertHistoryDossier } from '../dossiers/dossier-stats.factories.js';
import { createProvince, publishedProcedure, session } from '../dossiers/dossiers.factories.js';
import { squash, stylesheetHref } from '../portal/portal.test-helpers.js';
import type { StatCounts } from './statistics.service.js';
import { parseCsv } from './statistics.test-helpers.js';

const PORTAL_NAME = 'Cổng dịch vụ công tỉnh Thử Nghiệm';
const local = (iso: string) => new Date(`${iso}+07:00`);

interface PublicJson {
  period: { from: string; to: string };
  agency: { code: string; name: string };
  totals: StatCounts;
  rows: (StatCounts & { key: string; label: string })[];
  licence: { name: string; url: string; attribution: string };
  source: { name: string; url: string };
  generatedAt: string;
}

/** The page's table: label → the seven cells as shown; "Tổng cộng" is the footer row. */
function tableOf(body: string): Map<string, string[]> {
  const page = squash(body);
  const rows = new Map<string, string[]>();
  for (const m of page.matchAll(/<tr><th scope="row">([^<]+)<\/th>((?:<td class="num">[^<]*<\/td>)+)<\/tr>/g)) {
    rows.set(
      m[1]!,
      [...m[2]!.matchAll(/<td class="num">([^<]*)<\/td>/g)].map((c) => c[1]!),
    );
  }
  return rows;
}

/** "1.234" → 1234, "66,7%" → 0.667, "—" → null. */
function viNumber(cell: string): number | null {
  if (cell === '—') return null;
  const percent = cell.endsWith('%');
  const n = Number(cell.replace('%', '').replaceAll('.', '').replace(',', '.'));
  return percent ? n / 100 : n;
}

/**
 * March 2026, province P with communes A and B, looked at on 15/4/2026 (counted by hand):
 *  A: a1 counter, received 2/3, due 5/3, result 4/3 (on time), rated 5
 *     a2 online, received 9/3, due 12/3, result 13/3 (late), rated 2
 *     a3 online, received 20/3, due 25/3, still in progress
 *  B: b1 counter, received 10/3, due 13/3, result 12/3 (on time), rated 4
 *     b2 post, received 16/3, due 19/3, result 20/3 (late)
 *  A, April: a4 counter received 2/4 (outside March, inside the year)
 * Expected for March: A received 3 (online 2), on time 1, late 1, ratings 5 and 2; B received 2 (online 0), on
 * time 1, late 1, rating 4; P itself nothing; total received 5, online 2, on time 2, late 2, ratings 3 (2 satisfied).
 */
describe('public statistics page /thong-ke and open data', () => {
  let t: TestApp;
  let provinceCode: string;
  let aCode: string;
  const A = 'UBND xã Ân Thống Kê';
  const B = 'UBND phường Bình Thống Kê';

  beforeAll(async () => {
    t = await createTestApp({
      now: local('2026-03-01T08:00:00'),
      env: { PORTAL_NAME, PUBLIC_URL: 'https://dichvucong.example.vn' },
    });
    const { province, admin } = await createProvince(t.app);
    provinceCode = province.code;
    const a = await createAgency(t.app, { parentId: province.id, name: A });
    const b = await createAgency(t.app, { parentId: province.id, name: B });
    aCode = a.code;
    const proc = await publishedProcedure(t.app, await session(t.app, admin), [a.id, b.id], 3);
    const db = t.database.db;
    const mk = (agencyId: string, channel: 'counter' | 'online' | 'post', received: string, due: string) =>
      insertHistoryDossier(db, {
        agencyId,
        procedureId: proc.id,
        procedureCode: proc.code,
        channel,
        ...(channel === 'online' ? { submittedAt: local(`${received.slice(0, 10)}T07:00:00`) } : {}),
        receivedAt: local(received),
        dueAt: local(due),
      });
    const rate = async (code: string, score: number, at: string) => {
      t.setNow(local(at));
      await t.app.dossiers.statistics.recordRating({ dossierCode: code, score, channel: 'online' });
    };
    const a1 = await mk(a.id, 'counter', '2026-03-02T09:00:00', '2026-03-05T17:00:00');
    await advance(db, a1.id, 'attach_result', local('2026-03-04T10:00:00'));
    await rate(a1.code, 5, '2026-03-04T15:00:00');
    const a2 = await mk(a.id, 'online', '2026-03-09T09:00:00', '2026-03-12T17:00:00');
    await advance(db, a2.id, 'attach_result', local('2026-03-13T10:00:00'));
    await rate(a2.code, 2, '2026-03-13T15:00:00');
    await mk(a.id, 'online', '2026-03-20T09:00:00', '2026-03-25T17:00:00');
    const b1 = await mk(b.id, 'counter', '2026-03-10T09:00:00', '2026-03-13T17:00:00');
    await advance(db, b1.id, 'attach_result', local('2026-03-12T10:00:00'));
    await rate(b1.code, 4, '2026-03-12T15:00:00');
    const b2 = await mk(b.id, 'post', '2026-03-16T09:00:00', '2026-03-19T17:00:00');
    await advance(db, b2.id, 'attach_result', local('2026-03-20T10:00:00'));
    await mk(a.id, 'counter', '2026-04-02T09:00:00', '2026-04-07T17:00:00');
    t.setNow(local('2026-04-15T10:00:00'));
  }, 180_000);
  afterAll(async () => t.close());

  const get = (url: string) => t.app.inject({ method: 'GET', url });
  const MARCH = 'ky=thang&nam=2026&thang=3';

  it('shows per agency the numbers of the JSON endpoint, formatted vi-VN (hand-checked for March)', async () => {
    const res = await get(`/thong-ke?co-quan=${encodeURIComponent(provinceCode)}&${MARCH}`);
    expect(res.statusCode, res.body).toBe(200);
    const table = tableOf(res.body);
    expect(table.get(A)).toEqual(['3', '2', '1', '1', '50%', '66,7%', '50% (2 lượt)']);
    expect(table.get(B)).toEqual(['2', '0', '1', '1', '50%', '0%', '100% (1 lượt)']);
    expect(table.get('Tổng cộng')).toEqual(['5', '2', '2', '2', '50%', '40%', '66,7% (3 lượt)']);
    expect(table.get('UBND tỉnh Thử Nghiệm')).toEqual(['0', '0', '0', '0', '—', '—', '—']);

    const json = (
      await get(`/api/v1/public/statistics/dossiers?agencyCode=${provinceCode}&from=2026-03-01&to=2026-03-31`)
    ).json<PublicJson>();
    expect(json.rows.map((r) => r.label).sort()).toEqual([...table.keys()].filter((k) => k !== 'Tổng cộng').sort());
    for (const r of [...json.rows, { ...json.totals, label: 'Tổng cộng' }]) {
      const cells = table.get(r.label)!.map((c) => viNumber(c.replace(/ \(.*$/, '')));
      expect(cells.slice(0, 4)).toEqual([r.received, r.receivedOnline, r.resolvedOnTime, r.resolvedLate]);
      for (const [i, value] of [r.onTimeRate, r.onlineRate, r.satisfaction.satisfiedShare].entries()) {
        if (value === null) expect(cells[4 + i]).toBeNull();
        else expect(cells[4 + i]).toBeCloseTo(value, 3);
      }
    }
    const page = squash(res.body);
    expect(page).toContain('Quý'); // the form is there, with the chosen values kept
    expect(page).toMatch(/<option value="3" selected>Tháng 3<\/option>/);
    expect(page).toMatch(
      /<caption> ?Tình hình giải quyết hồ sơ thủ tục hành chính — UBND tỉnh Thử Nghiệm và các cơ quan trực thuộc — Tháng 3 năm 2026 \(từ 01\/03\/2026 đến 31\/03\/2026\) ?<\/caption>/,
    );
    for (const col of ['Tiếp nhận', 'Trong đó trực tuyến', 'Tỷ lệ đúng hạn', 'Hài lòng']) {
      expect(page).toContain(`<dt>${col}</dt><dd>`);
    }
  });

  it('defaults to the province and this year up to today, and offers its communes', async () => {
    const res = await get('/thong-ke');
    expect(res.statusCode).toBe(200);
    const page = squash(res.body);
    expect(page).toMatch(/<option value="[^"]+" selected> ?UBND tỉnh Thử Nghiệm \(toàn tỉnh\) ?<\/option>/);
    expect(page).toMatch(new RegExp(`<option value="${aCode.replaceAll('.', '\\.')}"> ?${A} ?</option>`));
    expect(page).toContain('Năm 2026 (từ 01/01/2026 đến 15/04/2026)');
    expect(tableOf(res.body).get(A)?.[0]).toBe('4'); // March's three and April's one
  });

  it('links CSV and JSON downloads of the same selection; the CSV reads back to the same numbers', async () => {
    const page = (await get(`/thong-ke?co-quan=${encodeURIComponent(aCode)}&${MARCH}`)).body;
    const href = (text: string) =>
      new RegExp(`<a href="([^"]+)">${text}</a>`).exec(squash(page))?.[1]?.replaceAll('&amp;', '&');
    const csvHref = href('Tải bảng này dạng CSV');
    const jsonHref = href('Tải bảng này dạng JSON');
    expect(csvHref).toBe(
      `/api/v1/public/statistics/dossiers.csv?agencyCode=${encodeURIComponent(aCode)}&from=2026-03-01&to=2026-03-31`,
    );
    const csv = await get(csvHref!);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8; header=present');
    expect(csv.headers['content-disposition']).toBe(
      `attachment; filename="thong-ke-ho-so-${aCode}-2026-03-01-2026-03-31.csv"`,
    );
    expect(csv.headers['cache-control']).toBe('public, max-age=300');
    expect(csv.headers.link).toBe('<https://creativecommons.org/licenses/by/4.0/>; rel="license"');
    expect(csv.rawPayload[0]).toBe(0xef); // UTF-8 byte-order mark EF BB BF
    expect([...csv.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(csv.rawPayload.toString('utf8').slice(1));
    const col = (name: string) => rows[0]!.indexOf(name);
    const json = (await get(jsonHref!)).json<PublicJson>();
    expect(rows).toHaveLength(json.rows.length + 2);
    const ana = rows.find((r) => r[col('Tên cơ quan')] === A)!;
    expect(ana[col('Mã định danh cơ quan')]).toBe(aCode);
    const [jsonA] = json.rows;
    expect(Number(ana[col('Tiếp nhận')])).toBe(jsonA!.received);
    expect(Number(ana[col('Tiếp nhận')])).toBe(3);
    expect(Number(ana[col('Tiếp nhận trực tuyến')])).toBe(2);
    expect(Number(ana[col('Giải quyết trước hạn, đúng hạn')])).toBe(jsonA!.resolvedOnTime);
    expect(Number(ana[col('Giải quyết quá hạn')])).toBe(jsonA!.resolvedLate);
    expect(Number(ana[col('Đang giải quyết')])).toBe(1);
    expect(Number(ana[col('Tỷ lệ tiếp nhận trực tuyến')])).toBe(jsonA!.onlineRate);
    expect(Number(ana[col('Tỷ lệ hài lòng')])).toBe(jsonA!.satisfaction.satisfiedShare);
    expect(Number(ana[col('Đánh giá 2 sao')])).toBe(1);
    expect(rows.at(-1)![col('Loại dòng')]).toBe('Tổng cộng');
  });

  it('gives the JSON its licence, source, time and period, with a short public cache', async () => {
    const res = await get(
      `/api/v1/public/statistics/dossiers?agencyCode=${provinceCode}&from=2026-03-01&to=2026-03-31`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const json = res.json<PublicJson>();
    expect(json.licence).toEqual({
      name: 'Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)',
      url: 'https://creativecommons.org/licenses/by/4.0/',
      attribution: `Nguồn: ${PORTAL_NAME}`,
    });
    expect(json.source).toEqual({
      name: PORTAL_NAME,
      url: `https://dichvucong.example.vn/thong-ke?co-quan=${encodeURIComponent(provinceCode)}&ky=khoang&tu-ngay=2026-03-01&den-ngay=2026-03-31`,
    });
    expect(json.generatedAt).toBe(local('2026-04-15T10:00:00').toISOString());
    expect(json.period).toEqual({ from: '2026-03-01', to: '2026-03-31' });
    const bad = await get('/api/v1/public/statistics/dossiers.csv?agencyCode=000.00.00.Z99');
    expect(bad.statusCode).toBe(404);
    expect(bad.headers['cache-control']).not.toBe('public, max-age=300');
  });

  it.each([
    [
      'to before from',
      `ky=khoang&tu-ngay=10/03/2026&den-ngay=01/03/2026`,
      'den-ngay',
      'Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.',
    ],
    [
      'a range over 5 years',
      `ky=khoang&tu-ngay=01/01/2020&den-ngay=31/03/2026`,
      'den-ngay',
      'Khoảng thời gian thống kê dài tối đa 3 năm.',
    ],
    [
      'an unknown agency',
      `co-quan=000.00.00.Z99&${MARCH}`,
      'co-quan',
      'Không có cơ quan mang mã “000.00.00.Z99”. Hãy chọn một cơ quan trong danh sách.',
    ],
    [
      'a date that does not exist',
      `ky=khoang&tu-ngay=31/02/2026&den-ngay=15/03/2026`,
      'tu-ngay',
      'Ngày bắt đầu không đúng',
    ],
    ['a quarter not begun', `ky=quy&nam=2026&quy=4`, 'quy', 'Quý IV năm 2026 chưa bắt đầu'],
    ['an unknown kind of period', `ky=%3Cb%3E`, 'ky-nam', 'Chọn kỳ thống kê.'],
  ])('answers %s with the page and an error summary (400, never a 500)', async (_, query, id, message) => {
    const res = await get(`/thong-ke?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const page = squash(res.body);
    expect(page).toContain('<div class="error-summary" role="alert"');
    expect(page).toContain(`<li><a href="#${id}">${message}`);
    expect(page).toContain(
      `<p class="error-message" id="${id}-error"><span class="visually-hidden">Lỗi: </span>${message}`,
    );
    expect(page).toContain('<title>Lỗi: Thống kê giải quyết hồ sơ');
    expect(page).not.toContain('<table'); // no numbers for a wrong question
    expect(page).not.toContain('<b>');
  });

  it('survives repeated and odd parameters', async () => {
    for (const q of ['nam=2025&nam=2024', 'co-quan[x]=1', 'tu-ngay=' + 'x'.repeat(5000), 'thang=%00']) {
      const res = await get(`/thong-ke?${q}`);
      expect([200, 400]).toContain(res.statusCode);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    }
  });

  it('needs no script: a GET form, no script, no inline style or handler, strict CSP', async () => {
    const res = await get(`/thong-ke?${MARCH}`);
    const page = squash(res.body);
    expect(page).toContain('<form method="get" action="/thong-ke"');
    expect(page).toContain('<button type="submit">Xem thống kê</button>');
    expect(page).not.toMatch(/<script/i);
    expect(page).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    expect(String(res.headers['content-security-policy'])).not.toContain('unsafe-inline');
  });

  it('lists the open datasets with format, licence and frequency, and every download works', async () => {
    const res = await get('/du-lieu-mo');
    expect(res.statusCode).toBe(200);
    const page = squash(res.body);
    expect(page).toContain('<h1>Dữ liệu mở</h1>');
    for (const text of [
      'Thống kê giải quyết hồ sơ thủ tục hành chính',
      'Danh mục đơn vị hành chính',
      'Lịch nghỉ lễ, Tết và ngày làm bù',
      'rel="license">Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)</a>',
      'Hằng ngày',
      `Nguồn: ${PORTAL_NAME}`,
    ]) {
      expect(page).toContain(text);
    }
    const links = [...page.matchAll(/<a href="(\/api\/[^"]+)">/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
    expect(links.filter((l) => l.startsWith('/api/v1/')).length).toBeGreaterThanOrEqual(5);
    for (const link of links.filter((l) => l.startsWith('/api/v1/'))) {
      expect((await get(link)).statusCode, link).toBe(200);
    }
  });

  it('is linked from the portal navigation and footer', async () => {
    const page = squash((await get('/')).body);
    expect(page).toContain('<a href="/thong-ke">Thống kê</a>');
    expect(page).toContain('<a href="/du-lieu-mo">Dữ liệu mở</a>');
    const own = squash((await get('/thong-ke')).body);
    expect(own).toContain('<a href="/thong-ke" aria-current="page">Thống kê</a>');
  });
});

describe('page weight of /thong-ke for a province of 120 communes', () => {
  let t: TestApp;
  let code: string;
  beforeAll(async () => {
    t = await createTestApp({ now: local('2026-04-15T10:00:00') });
    const { province, admin } = await createProvince(t.app);
    code = province.code;
    const ids: string[] = [];
    for (let i = 1; i <= 120; i++) {
      ids.push((await createAgency(t.app, { parentId: province.id, name: `UBND xã Thống Kê Số ${i} Ánh Dương` })).id);
    }
    await publishedProcedure(t.app, await session(t.app, admin), ids.slice(0, 2), 3);
  }, 180_000);
  afterAll(async () => t.close());

  it('stays within 30 KB of HTML + CSS, gzip-compressed', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/thong-ke?co-quan=${encodeURIComponent(code)}` });
    expect(res.statusCode).toBe(200);
    expect(tableOf(res.body).size).toBe(122); // the province, 120 communes, the total
    expect(squash(res.body).match(/<option value=/g)?.length).toBeGreaterThan(121 + 12 + 4); // agencies, months…
    const css = await t.app.inject({ method: 'GET', url: stylesheetHref(res.body) });
    const bytes = gzipSync(res.body).length + gzipSync(css.body).length;
    console.info(`/thong-ke, 120 communes: ${res.body.length} B of HTML, ${bytes} B gzip with the CSS`);
    expect(bytes).toBeLessThanOrEqual(30 * 1024);
    const open = await t.app.inject({ method: 'GET', url: '/du-lieu-mo' });
    expect(gzipSync(open.body).length + gzipSync(css.body).length).toBeLessThanOrEqual(30 * 1024);
  });
});
