import { describe, expect, it } from 'vitest';
import { parseDateInput, readForm, resolvePeriod } from './statistics.form.js';
import { formatCount, formatRate, viDateTime } from './statistics.views.js';

const TODAY = '2026-04-15';
const period = (query: Record<string, string | string[]>) => resolvePeriod(readForm(query), TODAY);

describe('statistics page form: the period', () => {
  it('defaults to this year up to today', () => {
    expect(period({})).toEqual({ period: { from: '2026-01-01', to: '2026-04-15', label: 'Năm 2026' } });
  });

  it('reads a past year, a quarter and a month (cut at today when still running)', () => {
    expect(period({ ky: 'nam', nam: '2024' })).toMatchObject({ period: { from: '2024-01-01', to: '2024-12-31' } });
    expect(period({ ky: 'quy', nam: '2025', quy: '4' })).toEqual({
      period: { from: '2025-10-01', to: '2025-12-31', label: 'Quý IV năm 2025' },
    });
    expect(period({ ky: 'quy', nam: '2026', quy: '2' })).toMatchObject({ period: { from: '2026-04-01', to: TODAY } });
    expect(period({ ky: 'thang', nam: '2024', thang: '2' })).toEqual({
      period: { from: '2024-02-01', to: '2024-02-29', label: 'Tháng 2 năm 2024' },
    });
    expect(period({ ky: 'thang', nam: '2025', thang: '12' })).toMatchObject({ period: { to: '2025-12-31' } });
  });

  it('reads a range typed as dd/mm/yyyy or yyyy-mm-dd, and infers the kind from the fields given', () => {
    expect(period({ 'tu-ngay': '1/3/2026', 'den-ngay': '2026-03-31' })).toEqual({
      period: { from: '2026-03-01', to: '2026-03-31', label: 'Từ 01/03/2026 đến 31/03/2026' },
    });
    expect(period({ ky: 'khoang', 'tu-ngay': '01.03.2026', 'den-ngay': '31-12-2026' })).toMatchObject({
      period: { from: '2026-03-01', to: TODAY },
    });
    expect(period({ thang: '3' })).toMatchObject({ period: { from: '2026-03-01', to: '2026-03-31' } });
  });

  it('answers every mistake with a message on its field', () => {
    const ids = (q: Record<string, string | string[]>) => {
      const r = period(q);
      return 'problems' in r ? r.problems.map((p) => p.id) : [];
    };
    expect(ids({ ky: 'khoang', 'tu-ngay': '10/03/2026', 'den-ngay': '01/03/2026' })).toEqual(['den-ngay']);
    expect(ids({ ky: 'khoang', 'tu-ngay': '01/01/2020', 'den-ngay': '31/12/2025' })).toEqual(['den-ngay']); // 6 years
    expect(ids({ ky: 'khoang', 'tu-ngay': '31/02/2026', 'den-ngay': 'hôm qua' })).toEqual(['tu-ngay', 'den-ngay']);
    expect(ids({ ky: 'khoang' })).toEqual(['tu-ngay', 'den-ngay']);
    expect(ids({ ky: 'khoang', 'tu-ngay': '01/05/2026', 'den-ngay': '31/05/2026' })).toEqual(['tu-ngay']);
    expect(ids({ ky: 'quy', quy: '3' })).toEqual(['quy']); // not begun
    expect(ids({ ky: 'quy', quy: '5' })).toEqual(['quy']);
    expect(ids({ ky: 'thang', thang: '13' })).toEqual(['thang']);
    expect(ids({ ky: 'nam', nam: '2027' })).toEqual(['nam']);
    expect(ids({ ky: 'nam', nam: '1999' })).toEqual(['nam']);
    expect(ids({ ky: 'tuan' })).toEqual(['ky-nam']);
    const r = period({ ky: 'khoang', 'tu-ngay': '10/03/2026', 'den-ngay': '01/03/2026' });
    expect('problems' in r && r.problems[0]?.message).toBe('Ngày kết thúc phải bằng hoặc sau ngày bắt đầu.');
  });

  it('accepts up to 3 × 366 days like the API, refuses one day more', () => {
    expect(period({ ky: 'khoang', 'tu-ngay': '2023-04-14', 'den-ngay': TODAY })).toHaveProperty('period');
    expect(period({ ky: 'khoang', 'tu-ngay': '2023-04-13', 'den-ngay': TODAY })).toHaveProperty('problems');
  });

  it('takes the first of a repeated parameter and ignores non-strings', () => {
    expect(readForm({ nam: ['2025', '2024'], 'co-quan': { x: 1 } })).toMatchObject({ year: '2025', agencyCode: '' });
    expect(readForm(null)).toMatchObject({ kind: 'nam', year: '' });
  });

  it('parses only real dates', () => {
    expect(parseDateInput('29/02/2024')).toBe('2024-02-29');
    expect(parseDateInput('29/02/2026')).toBeNull();
    expect(parseDateInput('2026-4-1')).toBeNull();
    expect(parseDateInput(' 5 / 4 / 2026 ')).toBe('2026-04-05');
  });
});

describe('statistics page formats (vi-VN)', () => {
  it('groups thousands with a dot, writes rates with a decimal comma, a dash without denominator', () => {
    expect(formatCount(1234567)).toBe('1.234.567');
    expect(formatRate(2 / 3)).toBe('66,7%');
    expect(formatRate(1)).toBe('100%');
    expect(formatRate(null)).toBe('—');
    expect(viDateTime(new Date('2026-04-14T17:05:00Z'))).toBe('00:05 ngày 15/04/2026');
  });
});
