/**
 * Vietnamese date and time wording of administrative papers, always in Asia/Ho_Chi_Minh.
 * Nghị định 30/2020/NĐ-CP, Phụ lục I, mục II.5: days below 10 and the months 1 and 2 are written with a leading 0
 * ("ngày 05 tháng 01 năm 2026", "ngày 15 tháng 3 năm 2026").
 */
export const PAPER_TIME_ZONE = 'Asia/Ho_Chi_Minh';

const partsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: PAPER_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

export function localParts(instant: Date): LocalParts {
  const parts: Record<string, number> = {};
  for (const p of partsFormat.formatToParts(instant)) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts['year'] ?? 0,
    month: parts['month'] ?? 0,
    day: parts['day'] ?? 0,
    hour: parts['hour'] ?? 0,
    minute: parts['minute'] ?? 0,
  };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "ngày 05 tháng 01 năm 2026" */
export function vnDate(instant: Date): string {
  const { year, month, day } = localParts(instant);
  const m = month <= 2 ? pad2(month) : String(month);
  return `ngày ${pad2(day)} tháng ${m} năm ${year}`;
}

/** "08 giờ 30 phút, ngày 05 tháng 01 năm 2026" */
export function vnDateTime(instant: Date): string {
  const { hour, minute } = localParts(instant);
  return `${pad2(hour)} giờ ${pad2(minute)} phút, ${vnDate(instant)}`;
}

/** "05/01/2026" */
export function vnShortDate(instant: Date): string {
  const { year, month, day } = localParts(instant);
  return `${pad2(day)}/${pad2(month)}/${year}`;
}

/** "05/01/2026 08:30" */
export function vnShortDateTime(instant: Date): string {
  const { hour, minute } = localParts(instant);
  return `${vnShortDate(instant)} ${pad2(hour)}:${pad2(minute)}`;
}

/** "Quảng Trị, ngày 05 tháng 01 năm 2026" */
export function placeDateLine(place: string, instant: Date): string {
  return `${place}, ${vnDate(instant)}`;
}

/** Vietnamese upper case (the motto and agency names are printed in capitals). */
export function upperVi(text: string): string {
  return text.toLocaleUpperCase('vi-VN');
}
