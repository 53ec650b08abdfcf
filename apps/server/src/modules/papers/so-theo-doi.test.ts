import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { SO_THEO_DOI_COLUMNS, SO_THEO_DOI_LAYOUT, renderSoTheoDoi } from './so-theo-doi.js';
import { ledgerPeriod, ledgerRows } from './papers.factories.js';

async function open(buf: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  if (!ws) throw new Error('no worksheet');
  return ws;
}

describe('Mẫu số 07: Sổ theo dõi hồ sơ (XLSX)', () => {
  it('has the title, the period and the columns of the ledger', async () => {
    const ws = await open(await renderSoTheoDoi(ledgerRows(), ledgerPeriod()));
    expect(ws.getCell(1, 1).value).toBe('TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ CAM LỘ');
    expect(ws.getCell(2, 1).value).toBe('SỔ THEO DÕI HỒ SƠ');
    expect(ws.getCell(3, 1).value).toBe('Từ ngày 01/11/2025 đến ngày 30/11/2025');
    const { groupHeaderRow, headerRow, numberRow } = SO_THEO_DOI_LAYOUT;
    expect(ws.getCell(groupHeaderRow, 2).value).toBe('Mã hồ sơ');
    expect(ws.getCell(groupHeaderRow, 8).value).toBe('Ngày, tháng, năm');
    const headers = SO_THEO_DOI_COLUMNS.map((_, i) => {
      const col = i + 1;
      return ws.getCell(col >= 8 && col <= 12 ? headerRow : groupHeaderRow, col).value;
    });
    expect(headers).toEqual([...SO_THEO_DOI_COLUMNS]);
    expect(ws.getCell(numberRow, 13).value).toBe('(13)');
  });

  it('writes one row per dossier, oldest reception first, times in Asia/Ho_Chi_Minh', async () => {
    const ws = await open(await renderSoTheoDoi(ledgerRows(), ledgerPeriod()));
    const first = ws.getRow(SO_THEO_DOI_LAYOUT.firstDataRow);
    expect(first.getCell(1).value).toBe(1);
    expect(first.getCell(2).value).toBe('H48.26.10-251103-0007');
    expect(first.getCell(3).value).toBe('Đăng ký khai sinh');
    expect(first.getCell(5).value).toBe('Nguyễn Thị Hường');
    expect(first.getCell(6).value).toBe('Thôn Phường Cội, xã Cam Lộ - 0912345678');
    expect(first.getCell(8).value).toBe('03/11/2025 08:35');
    expect(first.getCell(9).value).toBe('04/11/2025 16:00');
    expect(first.getCell(12).value).toBe('');
    expect(first.getCell(13).value).toBe('Trả qua bưu chính');
    const second = ws.getRow(SO_THEO_DOI_LAYOUT.firstDataRow + 1);
    expect(second.getCell(2).value).toBe('H48.26.10-251103-0008');
    expect(second.getCell(12).value).toBe('03/11/2025 15:00');
    expect(ws.getRow(SO_THEO_DOI_LAYOUT.firstDataRow + 2).getCell(2).value).toBeNull();
  });

  it('is valid with no dossier in the period', async () => {
    const ws = await open(await renderSoTheoDoi([], ledgerPeriod()));
    expect(ws.getCell(SO_THEO_DOI_LAYOUT.firstDataRow, 2).value).toBeNull();
  });
});
