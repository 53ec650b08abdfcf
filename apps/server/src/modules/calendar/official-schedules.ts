import type { DayOff, MakeUpDay, YearSchedule } from './calendar.types.js';
import { derivedYear } from './holidays.js';

/**
 * Schedules shipped with the product: what civil servants (cán bộ, công chức, viên chức of state
 * agencies, who rest on Saturday and Sunday) actually get off, including days swapped by the
 * Government (hoán đổi) and the Saturdays worked to make them up (làm bù).
 *
 * Each year names its sources. Dates were checked against press reports of the announcements
 * (Báo Điện tử Chính phủ/VGP, TTXVN, Vietnam News, VnExpress, Thanh Niên). An administrator can
 * override any year (table calendar_years); an override wins over this file.
 *
 * Days off that fall on a weekend are still listed as holidays (e.g. Giỗ Tổ 26/4/2026, a Sunday)
 * so that the public list is complete; only weekdays change whether an office works.
 */

const holiday = (date: string, name: string): DayOff => ({ date, name, kind: 'holiday' });
const compensatory = (date: string, name: string): DayOff => ({ date, name, kind: 'compensatory' });
const bridge = (date: string, name: string): DayOff => ({ date, name, kind: 'bridge' });
const workday = (date: string, name: string): MakeUpDay => ({ date, name });

const Y2025: YearSchedule = {
  year: 2025,
  origin: 'announced',
  source:
    'Thông báo 6150/TB-BLĐTBXH của Bộ Lao động – Thương binh và Xã hội về lịch nghỉ Tết Âm lịch, ' +
    'ngày Chiến thắng, Quốc tế Lao động và Quốc khánh năm 2025, thực hiện ý kiến Thủ tướng tại Công văn ' +
    '8726/VPCP-KGVX ngày 26/11/2024; Tết Dương lịch và Giỗ Tổ theo Bộ luật Lao động 2019, Điều 112',
  note:
    'Tết Âm lịch nghỉ 9 ngày liên tục 25/01–02/02/2025 (5 ngày Tết từ 28 tháng Chạp đến mùng 3 và 4 ngày nghỉ hằng tuần). ' +
    '30/4–1/5: hoán đổi thứ Sáu 02/5 sang thứ Bảy 26/4, nghỉ 30/4–04/5. Quốc khánh: nghỉ 1/9 và 2/9 (30/8–02/9).',
  daysOff: [
    holiday('2025-01-01', 'Tết Dương lịch'),
    holiday('2025-01-27', 'Tết Âm lịch (28 tháng Chạp)'),
    holiday('2025-01-28', 'Tết Âm lịch (29 tháng Chạp)'),
    holiday('2025-01-29', 'Tết Âm lịch (mùng 1 tháng Giêng)'),
    holiday('2025-01-30', 'Tết Âm lịch (mùng 2 tháng Giêng)'),
    holiday('2025-01-31', 'Tết Âm lịch (mùng 3 tháng Giêng)'),
    holiday('2025-04-07', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
    holiday('2025-04-30', 'Ngày Chiến thắng (30/4)'),
    holiday('2025-05-01', 'Ngày Quốc tế Lao động (1/5)'),
    bridge('2025-05-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 26/4/2025)'),
    holiday('2025-09-01', 'Quốc khánh (ngày liền kề 01/9)'),
    holiday('2025-09-02', 'Quốc khánh (2/9)'),
  ],
  workingDays: [workday('2025-04-26', 'Làm bù cho thứ Sáu 02/5/2025')],
};

const Y2026: YearSchedule = {
  year: 2026,
  origin: 'announced',
  source:
    'Thông báo 9441/TB-BNV ngày 16/10/2025 của Bộ Nội vụ về lịch nghỉ Tết Âm lịch và Quốc khánh năm 2026; ' +
    'Công văn 12729/VPCP-KGVX ngày 25/12/2025 (hoán đổi ngày làm việc dịp Tết Dương lịch 2026); ' +
    'Giỗ Tổ, 30/4 và 1/5 theo Bộ luật Lao động 2019, Điều 112 và Điều 111 khoản 3',
  note:
    'Tết Dương lịch: nghỉ 01/01–04/01, hoán đổi thứ Sáu 02/01 sang thứ Bảy 10/01. ' +
    'Tết Âm lịch: 5 ngày Tết 16/02–20/02 (29 tháng Chạp đến mùng 4), nghỉ liên tục 14/02–22/02. ' +
    'Giỗ Tổ trùng Chủ nhật 26/4, nghỉ bù thứ Hai 27/4. Quốc khánh: nghỉ 1/9, 2/9, hoán đổi thứ Hai 31/8 ' +
    'sang thứ Bảy 22/8, nghỉ liên tục 29/8–02/9.',
  daysOff: [
    holiday('2026-01-01', 'Tết Dương lịch'),
    bridge('2026-01-02', 'Nghỉ hoán đổi (làm bù thứ Bảy 10/01/2026)'),
    holiday('2026-02-16', 'Tết Âm lịch (29 tháng Chạp)'),
    holiday('2026-02-17', 'Tết Âm lịch (mùng 1 tháng Giêng)'),
    holiday('2026-02-18', 'Tết Âm lịch (mùng 2 tháng Giêng)'),
    holiday('2026-02-19', 'Tết Âm lịch (mùng 3 tháng Giêng)'),
    holiday('2026-02-20', 'Tết Âm lịch (mùng 4 tháng Giêng)'),
    holiday('2026-04-26', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
    compensatory('2026-04-27', 'Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch), trùng Chủ nhật 26/04/2026'),
    holiday('2026-04-30', 'Ngày Chiến thắng (30/4)'),
    holiday('2026-05-01', 'Ngày Quốc tế Lao động (1/5)'),
    bridge('2026-08-31', 'Nghỉ hoán đổi (làm bù thứ Bảy 22/8/2026)'),
    holiday('2026-09-01', 'Quốc khánh (ngày liền kề 01/9)'),
    holiday('2026-09-02', 'Quốc khánh (2/9)'),
  ],
  workingDays: [
    workday('2026-01-10', 'Làm bù cho thứ Sáu 02/01/2026'),
    workday('2026-08-22', 'Làm bù cho thứ Hai 31/8/2026'),
  ],
};

/**
 * 2027: no announcement was found when this data was written, so the year is the statutory
 * derivation (holidays.ts) written out; calendar.test.ts checks the two stay identical. Replace it
 * (or override it in the admin screen) when the Ministry of Home Affairs publishes the schedule.
 */
const Y2027: YearSchedule = {
  year: 2027,
  origin: 'derived',
  source: 'Tự tính theo Bộ luật Lao động 2019, Điều 112 và Điều 111 khoản 3; chưa có thông báo lịch nghỉ chính thức',
  note:
    'Chưa có thông báo của Bộ Nội vụ. Tết Âm lịch tính gồm 29 tháng Chạp (05/02) và mùng 1–4 (06/02–09/02); ' +
    'mùng 1, mùng 2 trùng thứ Bảy, Chủ nhật nên nghỉ bù 10/02 và 11/02. 1/5 trùng thứ Bảy, nghỉ bù thứ Hai 03/5. ' +
    'Quốc khánh nghỉ 2/9 và 3/9.',
  daysOff: [
    holiday('2027-01-01', 'Tết Dương lịch'),
    holiday('2027-02-05', 'Tết Âm lịch (29 tháng Chạp)'),
    holiday('2027-02-06', 'Tết Âm lịch (mùng 1 tháng Giêng)'),
    holiday('2027-02-07', 'Tết Âm lịch (mùng 2 tháng Giêng)'),
    holiday('2027-02-08', 'Tết Âm lịch (mùng 3 tháng Giêng)'),
    holiday('2027-02-09', 'Tết Âm lịch (mùng 4 tháng Giêng)'),
    compensatory('2027-02-10', 'Nghỉ bù Tết Âm lịch (mùng 1 tháng Giêng), trùng thứ Bảy 06/02/2027'),
    compensatory('2027-02-11', 'Nghỉ bù Tết Âm lịch (mùng 2 tháng Giêng), trùng Chủ nhật 07/02/2027'),
    holiday('2027-04-16', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)'),
    holiday('2027-04-30', 'Ngày Chiến thắng (30/4)'),
    holiday('2027-05-01', 'Ngày Quốc tế Lao động (1/5)'),
    compensatory('2027-05-03', 'Nghỉ bù Ngày Quốc tế Lao động (1/5), trùng thứ Bảy 01/05/2027'),
    holiday('2027-09-02', 'Quốc khánh (2/9)'),
    holiday('2027-09-03', 'Quốc khánh (ngày liền kề 03/9)'),
  ],
  workingDays: [],
};

export const SHIPPED_SCHEDULES: ReadonlyMap<number, YearSchedule> = new Map([
  [2025, Y2025],
  [2026, Y2026],
  [2027, Y2027],
]);

/** The shipped schedule of a year, or the statutory derivation for any other year. */
export function shippedOrDerived(year: number): YearSchedule {
  return SHIPPED_SCHEDULES.get(year) ?? derivedYear(year);
}
