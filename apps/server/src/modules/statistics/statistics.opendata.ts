import type { StatCounts, StatisticsReport } from './statistics.service.js';

/**
 * Open data (dữ liệu mở — Luật Dữ liệu 2024, số 60/2024/QH15, Điều 3: data every agency, organisation and person
 * may access, share and use): the public statistics as CSV, and the licence the CSV and JSON carry.
 *
 * Licence: Creative Commons Attribution 4.0 (CC BY 4.0), attribution "Nguồn: <portal name>". Counts are facts
 * (số liệu), outside copyright anyway (Luật Sở hữu trí tuệ 2005, Điều 15 khoản 3); the licence says plainly
 * that anyone may reuse them, commercially too, naming the source.
 */

export interface Licence {
  name: string;
  url: string;
  attribution: string;
}

export const LICENCE_NAME = 'Creative Commons Ghi công 4.0 Quốc tế (CC BY 4.0)';
export const LICENCE_URL = 'https://creativecommons.org/licenses/by/4.0/';

export function licenceFor(portalName: string): Licence {
  return { name: LICENCE_NAME, url: LICENCE_URL, attribution: `Nguồn: ${portalName}` };
}

/** RFC 8288 Link header naming the licence of a download (the CSV itself has no room for it). */
export const LICENCE_LINK = `<${LICENCE_URL}>; rel="license"`;

/** Short cache for public datasets: numbers of today move, yesterday's do not. */
export const OPEN_DATA_CACHE = 'public, max-age=300';

export const CSV_TYPE = 'text/csv; charset=utf-8; header=present';
const BOM = '\uFEFF';

type Cell = string | number | null;

/** Column headers and values of the counts, in the order of the file (docs/statistics.md, "Dữ liệu mở"). */
const COUNT_COLUMNS: [string, (c: StatCounts) => Cell][] = [
  ['Tiếp nhận', (c) => c.received],
  ['Tiếp nhận trực tiếp', (c) => c.receivedCounter],
  ['Tiếp nhận trực tuyến', (c) => c.receivedOnline],
  ['Tiếp nhận qua bưu chính', (c) => c.receivedPost],
  ['Đã giải quyết', (c) => c.resolved],
  ['Giải quyết trước hạn, đúng hạn', (c) => c.resolvedOnTime],
  ['Giải quyết quá hạn', (c) => c.resolvedLate],
  ['Đang giải quyết', (c) => c.inProgress],
  ['Đang giải quyết trong hạn', (c) => c.inProgressOnTime],
  ['Đang giải quyết quá hạn', (c) => c.overdue],
  ['Đã trả kết quả', (c) => c.returned],
  ['Rút hồ sơ', (c) => c.withdrawn],
  ['Từ chối tiếp nhận', (c) => c.refused],
  ['Không đủ điều kiện giải quyết', (c) => c.rejected],
  ['Dừng giải quyết', (c) => c.stopped],
  ['Có thành phần số hóa', (c) => c.receivedDigitised],
  ['Có kết quả điện tử', (c) => c.resolvedElectronicResult],
  ['Tỷ lệ tiếp nhận trực tuyến', (c) => c.onlineRate],
  ['Tỷ lệ giải quyết đúng hạn', (c) => c.onTimeRate],
  ['Số lượt đánh giá', (c) => c.satisfaction.ratings],
  ['Điểm hài lòng bình quân', (c) => c.satisfaction.average],
  ['Đánh giá 1 sao', (c) => c.satisfaction.distribution[0]],
  ['Đánh giá 2 sao', (c) => c.satisfaction.distribution[1]],
  ['Đánh giá 3 sao', (c) => c.satisfaction.distribution[2]],
  ['Đánh giá 4 sao', (c) => c.satisfaction.distribution[3]],
  ['Đánh giá 5 sao', (c) => c.satisfaction.distribution[4]],
  ['Tỷ lệ hài lòng', (c) => c.satisfaction.satisfiedShare],
];

const KEY_HEADERS: Record<StatisticsReport['groupBy'], [string, string]> = {
  agency: ['Mã định danh cơ quan', 'Tên cơ quan'],
  field: ['Lĩnh vực', 'Tên lĩnh vực'],
  procedure: ['Mã thủ tục', 'Tên thủ tục'],
};

/** The CSV's header row (for the docs and the tests). */
export function csvHeaders(groupBy: StatisticsReport['groupBy']): string[] {
  return ['Từ ngày', 'Đến ngày', 'Loại dòng', ...KEY_HEADERS[groupBy], ...COUNT_COLUMNS.map(([h]) => h)];
}

/**
 * One field (RFC 4180): quoted when it holds a comma, a quote, a line break or edge spaces. Text starting with
 * = + - @ or a tab is prefixed with an apostrophe so a spreadsheet does not run it as a formula (agency names
 * never start so; the guard is for names typed by an administrator).
 */
function field(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The report as CSV: UTF-8 with a byte-order mark (so Excel reads the Vietnamese letters), comma-separated,
 * CRLF line ends, one header row, one row per group, then one "Tổng cộng" row. Rates are decimals 0–1 with a
 * dot, exactly the JSON numbers; an empty field is a rate without a denominator (JSON null). Agencies are named
 * by their code (`codes`: agency id → mã định danh; the id when unknown).
 */
export function statisticsCsv(report: StatisticsReport, codes: ReadonlyMap<string, string>): string {
  const { from, to } = report.period;
  const keyOf = (key: string) => (report.groupBy === 'agency' ? (codes.get(key) ?? key) : key);
  const lines = [csvHeaders(report.groupBy).map(field).join(',')];
  for (const row of report.rows) {
    lines.push(
      [from, to, 'Chi tiết', keyOf(row.key), row.label, ...COUNT_COLUMNS.map(([, v]) => v(row))].map(field).join(','),
    );
  }
  const total = report.agency
    ? [report.agency.code, `Tổng cộng: ${report.agency.name} và cơ quan trực thuộc`]
    : ['', 'Tổng cộng'];
  lines.push([from, to, 'Tổng cộng', ...total, ...COUNT_COLUMNS.map(([, v]) => v(report.totals))].map(field).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

/** File name of a download: thong-ke-ho-so-<agency code>-<from>-<to>.<ext> (codes hold only [0-9A-Z.]). */
export function downloadName(report: StatisticsReport, ext: string): string {
  const code = (report.agency?.code ?? 'tat-ca').replace(/[^0-9A-Za-z.-]/g, '_');
  return `thong-ke-ho-so-${code}-${report.period.from}-${report.period.to}.${ext}`;
}
