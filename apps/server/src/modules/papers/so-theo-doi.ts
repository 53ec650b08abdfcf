import ExcelJS from 'exceljs';
import { upperVi, vnShortDate, vnShortDateTime } from './vn-format.js';
import type { LedgerPeriod, LedgerRow } from './papers.types.js';

/*
 * Mẫu số 07: Sổ theo dõi hồ sơ (Thông tư 03/2025/TT-VPCP, Phụ lục I). The columns follow the ledger of
 * Thông tư 01/2018/TT-VPCP (Mẫu số 06, the same ledger before 2025): the 2025 text of the table could not be read.
 */

export const SO_THEO_DOI_TITLE = 'Sổ theo dõi hồ sơ';

/** Column headers, in order. The six date columns sit under a "Ngày, tháng, năm" group header. */
export const SO_THEO_DOI_COLUMNS = [
  'STT',
  'Mã hồ sơ',
  'Tên thủ tục hành chính',
  'Số lượng hồ sơ (bộ)',
  'Tên cá nhân, tổ chức',
  'Địa chỉ, số điện thoại',
  'Cơ quan chủ trì giải quyết',
  'Nhận hồ sơ',
  'Hẹn trả kết quả',
  'Chuyển hồ sơ đến cơ quan giải quyết',
  'Nhận kết quả từ cơ quan giải quyết',
  'Trả kết quả cho cá nhân, tổ chức',
  'Ghi chú',
] as const;

const DATE_GROUP = { first: 8, last: 12, label: 'Ngày, tháng, năm' } as const;
const WIDTHS = [6, 30, 40, 10, 26, 34, 30, 17, 17, 17, 17, 17, 24];
/** Row numbers of the sheet: title rows, then a two-row header, the column numbers, then the data. */
export const SO_THEO_DOI_LAYOUT = { groupHeaderRow: 5, headerRow: 6, numberRow: 7, firstDataRow: 8 } as const;

export interface SoTheoDoiOptions {
  /** Fixed workbook timestamps (creation = end of period) so the same input gives the same content. */
  deterministic?: boolean | undefined;
}

/** Mẫu số 07 as an XLSX workbook for one period. Rows are sorted by reception instant. */
export async function renderSoTheoDoi(
  rows: LedgerRow[],
  period: LedgerPeriod,
  options: SoTheoDoiOptions = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Saola';
  const stamp = options.deterministic ? period.to : new Date();
  wb.created = stamp;
  wb.modified = stamp;
  const ws = wb.addWorksheet('So theo doi ho so', {
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: 'frozen', ySplit: SO_THEO_DOI_LAYOUT.numberRow }],
  });
  const last = SO_THEO_DOI_COLUMNS.length;
  ws.columns = WIDTHS.map((width) => ({ width }));
  const font = { name: 'Times New Roman', size: 12 };

  const titleRow = (r: number, text: string, bold: boolean, size = 12): void => {
    ws.mergeCells(r, 1, r, last);
    const cell = ws.getCell(r, 1);
    cell.value = text;
    cell.font = { ...font, bold, size };
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
  };
  titleRow(1, upperVi(period.agency.name), true);
  titleRow(2, upperVi(SO_THEO_DOI_TITLE), true, 14);
  // The period is [from, to): print the last day included.
  const lastDay = new Date(period.to.getTime() - 1);
  titleRow(3, `Từ ngày ${vnShortDate(period.from)} đến ngày ${vnShortDate(lastDay)}`, false);

  const { groupHeaderRow, headerRow, numberRow, firstDataRow } = SO_THEO_DOI_LAYOUT;
  const border = {
    top: { style: 'thin' as const },
    left: { style: 'thin' as const },
    bottom: { style: 'thin' as const },
    right: { style: 'thin' as const },
  };
  SO_THEO_DOI_COLUMNS.forEach((label, i) => {
    const col = i + 1;
    if (col < DATE_GROUP.first || col > DATE_GROUP.last) ws.mergeCells(groupHeaderRow, col, headerRow, col);
    ws.getCell(col >= DATE_GROUP.first && col <= DATE_GROUP.last ? headerRow : groupHeaderRow, col).value = label;
    ws.getCell(numberRow, col).value = `(${col})`;
  });
  ws.mergeCells(groupHeaderRow, DATE_GROUP.first, groupHeaderRow, DATE_GROUP.last);
  ws.getCell(groupHeaderRow, DATE_GROUP.first).value = DATE_GROUP.label;
  for (const r of [groupHeaderRow, headerRow, numberRow]) {
    for (let c = 1; c <= last; c++) {
      const cell = ws.getCell(r, c);
      cell.font = { ...font, bold: r !== numberRow, italic: r === numberRow };
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
      cell.border = border;
    }
  }

  const sorted = [...rows].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const when = (d: Date | undefined): string => (d ? vnShortDateTime(d) : '');
  sorted.forEach((row, i) => {
    const r = ws.getRow(firstDataRow + i);
    r.values = [
      i + 1,
      row.dossierCode,
      row.procedureName,
      row.dossierSets,
      row.applicantName,
      [row.applicantAddress, row.applicantPhone].filter(Boolean).join(' - '),
      row.handlingAgency,
      when(row.receivedAt),
      when(row.dueAt),
      when(row.transferredAt),
      when(row.resultReceivedAt),
      when(row.returnedAt),
      row.note ?? '',
    ];
    r.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.font = font;
      cell.border = border;
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: col === 1 || col === 4 ? 'center' : 'left' };
    });
  });

  const out = await wb.xlsx.writeBuffer();
  return Buffer.from(out);
}
