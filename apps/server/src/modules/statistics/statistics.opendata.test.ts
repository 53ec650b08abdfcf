import { describe, expect, it } from 'vitest';
import { countsOf, emptyAcc, type StatisticsReport } from './statistics.service.js';
import { parseCsv } from './statistics.test-helpers.js';
import { csvHeaders, downloadName, licenceFor, statisticsCsv } from './statistics.opendata.js';

const zero = emptyAcc();

function report(): StatisticsReport {
  const a = countsOf({ ...zero, received: 3, receivedOnline: 1, receivedCounter: 2, resolved_on_time: 2, rating_5: 1 });
  const b = countsOf({ ...zero, received: 1, receivedPost: 1, resolved_late: 1, rating_2: 1, rating_4: 2 });
  const totals = countsOf({
    ...zero,
    received: 4,
    receivedOnline: 1,
    receivedCounter: 2,
    receivedPost: 1,
    resolved_on_time: 2,
    resolved_late: 1,
    rating_2: 1,
    rating_4: 2,
    rating_5: 1,
  });
  return {
    period: { from: '2026-03-01', to: '2026-03-31' },
    agency: { id: 'p', code: '000.00.00.H50', name: 'UBND tỉnh "Thử", Nghiệm' },
    groupBy: 'agency',
    snapshotAt: '2026-03-31T17:00:00.000Z',
    totals,
    rows: [
      { key: 'a', label: 'UBND xã Ân Thi', ...a },
      { key: 'b', label: '=HYPERLINK("x")', ...b },
      { key: 'c', label: 'UBND phường Đông Hà', ...countsOf(zero) },
    ],
    indicators766: { items: [], total: 0, maxTotal: 0 },
  };
}

describe('statistics CSV (open data)', () => {
  const codes = new Map([
    ['a', '000.00.61.H50'],
    ['b', '000.00.62.H50'],
  ]);

  it('starts with a BOM, uses CRLF, and has a Vietnamese header row and one row per agency plus the total', () => {
    const csv = statisticsCsv(report(), codes);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(csvHeaders('agency'));
    expect(rows[0]).toContain('Tiếp nhận trực tuyến');
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.length))).toEqual(new Set([rows[0]!.length]));
  });

  it('reads back to the same numbers, rates exactly, null as an empty field', () => {
    const r = report();
    const rows = parseCsv(statisticsCsv(r, codes).slice(1));
    const col = (name: string) => rows[0]!.indexOf(name);
    const ana = rows[1]!;
    expect(ana.slice(0, 5)).toEqual(['2026-03-01', '2026-03-31', 'Chi tiết', '000.00.61.H50', 'UBND xã Ân Thi']);
    expect(Number(ana[col('Tiếp nhận')])).toBe(3);
    expect(Number(ana[col('Tỷ lệ tiếp nhận trực tuyến')])).toBe(r.rows[0]!.onlineRate);
    expect(Number(ana[col('Tỷ lệ tiếp nhận trực tuyến')])).toBe(1 / 3);
    const total = rows[4]!;
    expect(total[col('Loại dòng')]).toBe('Tổng cộng');
    expect(total[col('Mã định danh cơ quan')]).toBe('000.00.00.H50');
    expect(total[col('Tên cơ quan')]).toBe('Tổng cộng: UBND tỉnh "Thử", Nghiệm và cơ quan trực thuộc');
    expect(Number(total[col('Tỷ lệ hài lòng')])).toBe(0.75);
    expect(Number(total[col('Điểm hài lòng bình quân')])).toBe(3.75);
    expect(Number(total[col('Đánh giá 4 sao')])).toBe(2);
    const empty = rows[3]!;
    expect(empty[col('Mã định danh cơ quan')]).toBe('c'); // unknown code: the id
    expect(empty[col('Tỷ lệ giải quyết đúng hạn')]).toBe('');
    expect(empty[col('Điểm hài lòng bình quân')]).toBe('');
  });

  it('quotes commas and quotes, and never lets a name run as a spreadsheet formula', () => {
    const csv = statisticsCsv(report(), codes);
    expect(csv).toContain('"Tổng cộng: UBND tỉnh ""Thử"", Nghiệm và cơ quan trực thuộc"');
    expect(parseCsv(csv.slice(1))[2]![4]).toBe(`'=HYPERLINK("x")`);
  });

  it('names the licence and the download', () => {
    expect(licenceFor('Cổng DVC tỉnh X')).toEqual({
      name: 'Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)',
      url: 'https://creativecommons.org/licenses/by/4.0/',
      attribution: 'Nguồn: Cổng DVC tỉnh X',
    });
    expect(downloadName(report(), 'csv')).toBe('thong-ke-ho-so-000.00.00.H50-2026-03-01-2026-03-31.csv');
  });
});
