/**
 * Local civil time of Vietnam: a fixed UTC+07:00 offset (Vietnam has no daylight saving time), so
 * converting needs no time-zone database. Instants are JS Dates (UTC); local dates are handled as
 * "epoch days" (days since 1970-01-01 local) and ISO strings YYYY-MM-DD.
 */
export const VIETNAM_OFFSET_MS = 7 * 3600_000;
export const DAY_MS = 86_400_000;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;

/** Local epoch day and milliseconds since local midnight of an instant. */
export function toLocal(instant: Date): { day: number; ms: number } {
  const local = instant.getTime() + VIETNAM_OFFSET_MS;
  const day = Math.floor(local / DAY_MS);
  return { day, ms: local - day * DAY_MS };
}

/** The instant at `ms` after local midnight of epoch day `day`. */
export function fromLocal(day: number, ms: number): Date {
  return new Date(day * DAY_MS + ms - VIETNAM_OFFSET_MS);
}

export function isIsoDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Epoch day of a YYYY-MM-DD local date (throws on an invalid date). */
export function dayOf(isoDate: string): number {
  if (!isIsoDate(isoDate)) throw new RangeError(`Ngày không hợp lệ: ${isoDate}`);
  return Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;
}

/** YYYY-MM-DD of an epoch day. */
export function isoOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Local YYYY-MM-DD of an instant. */
export function localIsoDate(instant: Date): string {
  return isoOf(toLocal(instant).day);
}

/** Solar year of an epoch day. */
export function yearOf(day: number): number {
  return new Date(day * DAY_MS).getUTCFullYear();
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

export function isHhMm(value: string): boolean {
  return HH_MM.test(value);
}

/** "HH:MM" → milliseconds since midnight ("24:00" allowed as the end of a day). */
export function hhmmToMs(value: string): number {
  if (!HH_MM.test(value)) throw new RangeError(`Giờ không hợp lệ: ${value}`);
  const [h, m] = value.split(':').map(Number) as [number, number];
  return (h * 60 + m) * 60_000;
}

const WEEKDAY_NAMES = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];

/** Vietnamese weekday name of a YYYY-MM-DD date, e.g. "Thứ Bảy". */
export function weekdayName(isoDate: string): string {
  return WEEKDAY_NAMES[weekdayOf(dayOf(isoDate))] ?? '';
}
