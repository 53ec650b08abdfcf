import { describe, expect, it } from 'vitest';
import { placeDateLine, upperVi, vnDate, vnDateTime, vnShortDateTime } from './vn-format.js';

describe('Vietnamese dates', () => {
  it('pads days below 10 and the months 1 and 2 only (Nghị định 30/2020/NĐ-CP)', () => {
    expect(vnDate(new Date('2026-01-05T03:00:00Z'))).toBe('ngày 05 tháng 01 năm 2026');
    expect(vnDate(new Date('2026-02-15T03:00:00Z'))).toBe('ngày 15 tháng 02 năm 2026');
    expect(vnDate(new Date('2026-03-15T03:00:00Z'))).toBe('ngày 15 tháng 3 năm 2026');
    expect(vnDate(new Date('2026-12-31T03:00:00Z'))).toBe('ngày 31 tháng 12 năm 2026');
  });

  it('prints instants in Asia/Ho_Chi_Minh whatever the process time zone', () => {
    // 17:30 UTC on 3 Nov is 00:30 on 4 Nov in Việt Nam.
    expect(vnDateTime(new Date('2025-11-03T17:30:00Z'))).toBe('00 giờ 30 phút, ngày 04 tháng 11 năm 2025');
    expect(vnShortDateTime(new Date('2025-11-03T17:30:00Z'))).toBe('04/11/2025 00:30');
  });

  it('writes the place-date line and Vietnamese capitals', () => {
    expect(placeDateLine('Quảng Trị', new Date('2025-09-15T02:00:00Z'))).toBe('Quảng Trị, ngày 15 tháng 9 năm 2025');
    expect(upperVi('Độc lập - Tự do - Hạnh phúc, ễ ặ ư đ')).toBe('ĐỘC LẬP - TỰ DO - HẠNH PHÚC, Ễ Ặ Ư Đ');
  });
});
