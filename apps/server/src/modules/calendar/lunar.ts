/**
 * Vietnamese lunar calendar (âm lịch), after Hồ Ngọc Đức's astronomical algorithm
 * ("Thuật toán tính âm lịch"): new moons and solar terms from Jean Meeus' formulas, evaluated
 * at Vietnam's time zone UTC+7. The zone matters: the Chinese calendar uses UTC+8 and differs
 * from the Vietnamese one on some years (Tết 1985: 21/1 in Vietnam, 20/2 in China; Tết 2007:
 * 17/2 in Vietnam, 18/2 in China).
 *
 * Rules: a lunar month starts on the day (local time) of a new moon; month 11 is the month that
 * contains the winter solstice; a lunar year with 13 months repeats (as "leap", nhuận) the first
 * month after month 11 that contains no major solar term (trung khí).
 *
 * Valid for years 1800–2199 (the accuracy of the series used). Pure functions, no I/O.
 */

/** Vietnam's standard time, hours east of UTC (no daylight saving time). */
export const VIETNAM_TIME_ZONE = 7;

export interface LunarDate {
  day: number;
  month: number;
  /** Lunar year, named after the solar year in which most of it falls (Tết 2026 starts year 2026). */
  year: number;
  /** True for the repeated month of a leap year (tháng nhuận). */
  leap: boolean;
}

export interface SolarDate {
  day: number;
  month: number;
  year: number;
}

export const MIN_YEAR = 1800;
export const MAX_YEAR = 2199;

const int = Math.floor;
const RAD = Math.PI / 180;
/** Mean length of a synodic month, in days. */
const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01 (k = 0 in the series below). */
const EPOCH_NEW_MOON = 2415021.076998695;

/** Julian day number of a proleptic Gregorian (Julian before 15/10/1582) date. */
export function jdFromDate(dd: number, mm: number, yy: number): number {
  const a = int((14 - mm) / 12);
  const y = yy + 4800 - a;
  const m = mm + 12 * a - 3;
  let jd = dd + int((153 * m + 2) / 5) + 365 * y + int(y / 4) - int(y / 100) + int(y / 400) - 32045;
  if (jd < 2299161) jd = dd + int((153 * m + 2) / 5) + 365 * y + int(y / 4) - 32083;
  return jd;
}

export function jdToDate(jd: number): SolarDate {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = int((4 * a + 3) / 146097);
    c = a - int((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = int((4 * c + 3) / 1461);
  const e = c - int((1461 * d) / 4);
  const m = int((5 * e + 2) / 153);
  return {
    day: e - int((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * int(m / 10),
    year: b * 100 + d - 4800 + int(m / 10),
  };
}

/** Julian date (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, abridged). */
function newMoon(k: number): number {
  const T = k / 1236.85;
  const T2 = T * T;
  const T3 = T2 * T;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * T2 - 0.000000155 * T3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * T - 0.009173 * T2) * RAD);
  const M = 359.2242 + 29.10535608 * k - 0.0000333 * T2 - 0.00000347 * T3; // Sun's mean anomaly
  const Mpr = 306.0253 + 385.81691806 * k + 0.0107306 * T2 + 0.00001236 * T3; // Moon's mean anomaly
  const F = 21.2964 + 390.67050646 * k - 0.0016528 * T2 - 0.00000239 * T3; // Moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * T) * Math.sin(M * RAD) + 0.0021 * Math.sin(2 * RAD * M);
  c1 = c1 - 0.4068 * Math.sin(Mpr * RAD) + 0.0161 * Math.sin(RAD * 2 * Mpr);
  c1 = c1 - 0.0004 * Math.sin(RAD * 3 * Mpr);
  c1 = c1 + 0.0104 * Math.sin(RAD * 2 * F) - 0.0051 * Math.sin(RAD * (M + Mpr));
  c1 = c1 - 0.0074 * Math.sin(RAD * (M - Mpr)) + 0.0004 * Math.sin(RAD * (2 * F + M));
  c1 = c1 - 0.0004 * Math.sin(RAD * (2 * F - M)) - 0.0006 * Math.sin(RAD * (2 * F + Mpr));
  c1 = c1 + 0.001 * Math.sin(RAD * (2 * F - Mpr)) + 0.0005 * Math.sin(RAD * (2 * Mpr + M));
  const deltaT =
    T < -11
      ? 0.001 + 0.000839 * T + 0.0002261 * T2 - 0.00000845 * T3 - 0.000000081 * T * T3
      : -0.000278 + 0.000265 * T + 0.000262 * T2;
  return jd1 + c1 - deltaT;
}

/** Apparent longitude of the Sun, in radians [0, 2π), at Julian date jdn (UT). */
function sunLongitude(jdn: number): number {
  const T = (jdn - 2451545.0) / 36525;
  const T2 = T * T;
  const M = 357.5291 + 35999.0503 * T - 0.0001559 * T2 - 0.00000048 * T * T2;
  const L0 = 280.46645 + 36000.76983 * T + 0.0003032 * T2;
  let DL = (1.9146 - 0.004817 * T - 0.000014 * T2) * Math.sin(RAD * M);
  DL += (0.019993 - 0.000101 * T) * Math.sin(RAD * 2 * M) + 0.00029 * Math.sin(RAD * 3 * M);
  let L = (L0 + DL) * RAD;
  L -= Math.PI * 2 * int(L / (Math.PI * 2));
  return L;
}

/** Index 0–11 of the 30° sector the Sun is in at local midnight starting the given day. */
function sunSector(dayNumber: number, timeZone: number): number {
  return int((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** Julian day number (local date) of the k-th new moon. */
function newMoonDay(k: number, timeZone: number): number {
  return int(newMoon(k) + 0.5 + timeZone / 24);
}

/** Day number on which lunar month 11 (the one containing the winter solstice) of year yy starts. */
function lunarMonth11(yy: number, timeZone: number): number {
  const off = jdFromDate(31, 12, yy) - 2415021;
  const k = int(off / SYNODIC_MONTH);
  const nm = newMoonDay(k, timeZone);
  // Sector 9 = 270° (winter solstice). If the month starting at nm already contains it later
  // than 31/12, month 11 is the previous one.
  return sunSector(nm, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : nm;
}

/** For a 13-month lunar year starting at month 11 (a11), the offset of the leap month after a11. */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = int((a11 - EPOCH_NEW_MOON) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

function assertYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`Năm ${year} nằm ngoài phạm vi tính âm lịch (${MIN_YEAR}–${MAX_YEAR}).`);
  }
}

/** Solar (Gregorian) date → Vietnamese lunar date. */
export function solarToLunar(date: SolarDate, timeZone = VIETNAM_TIME_ZONE): LunarDate {
  assertYear(date.year);
  const dayNumber = jdFromDate(date.day, date.month, date.year);
  // The month containing dayNumber starts at the last new moon on or before it. The mean-motion
  // estimate can be a month off when the true new moon lags the mean one, so step until it fits.
  let k = int((dayNumber - EPOCH_NEW_MOON) / SYNODIC_MONTH) + 1;
  while (newMoonDay(k + 1, timeZone) <= dayNumber) k++;
  while (newMoonDay(k, timeZone) > dayNumber) k--;
  const monthStart = newMoonDay(k, timeZone);
  let a11 = lunarMonth11(date.year, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = date.year;
    a11 = lunarMonth11(date.year - 1, timeZone);
  } else {
    lunarYear = date.year + 1;
    b11 = lunarMonth11(date.year + 1, timeZone);
  }
  const day = dayNumber - monthStart + 1;
  const diff = int((monthStart - a11) / 29);
  let leap = false;
  let month = diff + 11;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      month = diff + 10;
      if (diff === leapDiff) leap = true;
    }
  }
  if (month > 12) month -= 12;
  if (month >= 11 && diff < 4) lunarYear -= 1;
  return { day, month, year: lunarYear, leap };
}

/**
 * Vietnamese lunar date → solar date. Returns null when the date does not exist (a leap month
 * that the year does not have, or day 30 of a 29-day month).
 */
export function lunarToSolar(lunar: LunarDate, timeZone = VIETNAM_TIME_ZONE): SolarDate | null {
  const { day, month, year, leap } = lunar;
  assertYear(year);
  if (!Number.isInteger(day) || day < 1 || day > 30 || !Number.isInteger(month) || month < 1 || month > 12) {
    return null;
  }
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, timeZone);
    b11 = lunarMonth11(year, timeZone);
  } else {
    a11 = lunarMonth11(year, timeZone);
    b11 = lunarMonth11(year + 1, timeZone);
  }
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth <= 0) leapMonth += 12;
    if (leap && month !== leapMonth) return null;
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    return null;
  }
  const k = int(0.5 + (a11 - EPOCH_NEW_MOON) / SYNODIC_MONTH);
  const monthStart = newMoonDay(k + off, timeZone);
  const nextMonthStart = newMoonDay(k + off + 1, timeZone);
  if (monthStart + day - 1 >= nextMonthStart) return null;
  return jdToDate(monthStart + day - 1);
}

/** Month number (11, 12, 1–10) repeated as leap between two consecutive months 11, or null. */
function leapBetween(a11: number, b11: number, timeZone: number): number | null {
  if (b11 - a11 <= 365) return null;
  const leapMonth = leapMonthOffset(a11, timeZone) - 2;
  return leapMonth <= 0 ? leapMonth + 12 : leapMonth;
}

/** The leap month (1–12) of a lunar year, or null when the year has 12 months. */
export function leapMonthOf(lunarYear: number, timeZone = VIETNAM_TIME_ZONE): number | null {
  assertYear(lunarYear);
  // Months 1–10 of year Y lie between month 11 of Y-1 and month 11 of Y; a leap 11 or 12
  // lies between month 11 of Y and month 11 of Y+1.
  const inner = leapBetween(lunarMonth11(lunarYear - 1, timeZone), lunarMonth11(lunarYear, timeZone), timeZone);
  if (inner !== null && inner <= 10) return inner;
  const outer = leapBetween(lunarMonth11(lunarYear, timeZone), lunarMonth11(lunarYear + 1, timeZone), timeZone);
  return outer !== null && outer >= 11 ? outer : null;
}

/** First day of the lunar year (mùng 1 Tết) as a solar date. */
export function tetDate(lunarYear: number, timeZone = VIETNAM_TIME_ZONE): SolarDate {
  const d = lunarToSolar({ day: 1, month: 1, year: lunarYear, leap: false }, timeZone);
  if (!d) throw new Error(`Không tính được ngày Tết năm ${lunarYear}.`);
  return d;
}

/** "YYYY-MM-DD" of a solar date. */
export function isoDate(d: SolarDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
