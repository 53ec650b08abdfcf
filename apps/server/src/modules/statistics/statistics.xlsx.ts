import ExcelJS from 'exceljs';
import type { GroupBy, StatCounts, StatisticsReport } from './statistics.service.js';

/** The statistics report as an XLSX workbook with Vietnamese headers: the same numbers as the JSON answer. */

const GROUP_HEADER: Record<GroupBy, string> = {
  agency: 'Cơ quan',
  field: 'Lĩnh vực',
  procedure: 'Thủ tục hành chính',
};

type NumberKey = { [K in keyof StatCounts]: StatCounts[K] extends number ? K : never }[keyof StatCounts];

/** Columns of the detail sheet (and lines of the summary sheet), in order. */
export const COUNT_COLUMNS: { key: NumberKey; header: string }[] = [
  { key: 'received', header: 'Tiếp nhận' },
  { key: 'receivedCounter', header: 'Tiếp nhận trực tiếp' },
  { key: 'receivedOnline', header: 'Tiếp nhận trực tuyến' },
  { key: 'receivedPost', header: 'Tiếp nhận qua bưu chính' },
  { key: 'resolved', header: 'Đã giải quyết' },
  { key: 'resolvedOnTime', header: 'Giải quyết trước và đúng hạn' },
  { key: 'resolvedLate', header: 'Giải quyết quá hạn' },
  { key: 'inProgress', header: 'Đang giải quyết' },
  { key: 'inProgressOnTime', header: 'Đang giải quyết trong hạn' },
  { key: 'overdue', header: 'Đang giải quyết quá hạn' },
  { key: 'returned', header: 'Đã trả kết quả' },
  { key: 'withdrawn', header: 'Rút hồ sơ' },
  { key: 'refused', header: 'Từ chối tiếp nhận' },
  { key: 'rejected', header: 'Không đủ điều kiện giải quyết' },
  { key: 'stopped', header: 'Dừng giải quyết' },
  { key: 'receivedDigitised', header: 'Hồ sơ có thành phần số hóa' },
  { key: 'resolvedElectronicResult', header: 'Kết quả điện tử' },
];

const percent = (x: number | null) => (x === null ? '' : x);

function rateCells(c: StatCounts) {
  return [
    percent(c.onlineRate),
    percent(c.onTimeRate),
    c.satisfaction.ratings,
    c.satisfaction.average ?? '',
    percent(c.satisfaction.satisfiedShare),
  ];
}
const RATE_HEADERS = [
  'Tỷ lệ trực tuyến',
  'Tỷ lệ đúng hạn',
  'Số lượt đánh giá',
  'Điểm hài lòng trung bình (1–5)',
  'Tỷ lệ hài lòng',
];

export async function statisticsWorkbook(report: StatisticsReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Saola';
  const title = `Thống kê giải quyết hồ sơ thủ tục hành chính từ ngày ${vnDate(report.period.from)} đến ngày ${vnDate(report.period.to)}`;
  const scope = report.agency ? report.agency.name : 'Tất cả cơ quan được xem';

  const detail = wb.addWorksheet('Chi tiết');
  detail.addRow([title]).font = { bold: true };
  detail.addRow([`Phạm vi: ${scope}`]);
  const header = detail.addRow([GROUP_HEADER[report.groupBy], ...COUNT_COLUMNS.map((c) => c.header), ...RATE_HEADERS]);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };
  for (const r of report.rows) detail.addRow([r.label, ...COUNT_COLUMNS.map((c) => r[c.key]), ...rateCells(r)]);
  const totalRow = detail.addRow([
    'Tổng cộng',
    ...COUNT_COLUMNS.map((c) => report.totals[c.key]),
    ...rateCells(report.totals),
  ]);
  totalRow.font = { bold: true };
  detail.getColumn(1).width = 48;
  for (let i = 2; i <= COUNT_COLUMNS.length + RATE_HEADERS.length + 1; i++) detail.getColumn(i).width = 14;
  const firstRate = COUNT_COLUMNS.length + 2;
  for (const i of [firstRate, firstRate + 1, firstRate + 4]) detail.getColumn(i).numFmt = '0.0%';

  const summary = wb.addWorksheet('Tổng hợp');
  summary.addRow([title]).font = { bold: true };
  summary.addRow([`Phạm vi: ${scope}`]);
  summary.addRow([`Số hồ sơ đang giải quyết tính tại thời điểm: ${report.snapshotAt}`]);
  for (const c of COUNT_COLUMNS) summary.addRow([c.header, report.totals[c.key]]);
  RATE_HEADERS.forEach((h, i) => summary.addRow([h, rateCells(report.totals)[i]]));
  summary.getColumn(1).width = 40;
  summary.getColumn(2).width = 16;

  const idx = wb.addWorksheet('Chỉ số 766');
  idx.addRow(['Chỉ số theo Quyết định 766/QĐ-TTg ngày 23/6/2022 (phần tính được từ dữ liệu một cửa)']).font = {
    bold: true,
  };
  const h = idx.addRow(['Mã', 'Nhóm', 'Chỉ số', 'Điểm', 'Điểm tối đa', 'Tỷ lệ', 'Cách tính', 'Ghi chú']);
  h.font = { bold: true };
  for (const i of report.indicators766.items)
    idx.addRow([i.code, i.group, i.name, i.score ?? 'Chưa có dữ liệu', i.maxScore, percent(i.rate), i.formula, i.note]);
  idx.addRow(['', '', 'Tổng điểm tính được', report.indicators766.total, report.indicators766.maxTotal]).font = {
    bold: true,
  };
  idx.getColumn(6).numFmt = '0.0%';
  [22, 28, 48, 10, 12, 10, 60, 80].forEach((w, i) => (idx.getColumn(i + 1).width = w));

  return Buffer.from(await wb.xlsx.writeBuffer());
}

function vnDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}
