import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { type FieldError, staleVersion, unprocessable } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import * as repo from './calendar.repository.js';
import {
  DEFAULT_OFFICE_PERIODS,
  type DayOff,
  type DayOffKind,
  type MakeUpDay,
  type OfficePeriod,
  type YearSchedule,
} from './calendar.types.js';
import { dayOf, isIsoDate, weekdayOf } from './local-time.js';
import { shippedOrDerived } from './official-schedules.js';
import {
  buildCalendar,
  CalendarRangeError,
  type DueUnit,
  dailyOfficeMinutes,
  dueAt,
  isWorkingDay,
  validatePeriods,
  type WorkingCalendar,
  workingTimeBetween,
  yearsFor,
} from './working-time.js';

/** Years the calendar answers for (the lunar algorithm is valid 1800–2199; the table accepts 1900–2199). */
export const MIN_CALENDAR_YEAR = 1990;
export const MAX_CALENDAR_YEAR = 2150;

/** A year's effective schedule plus what optimistic locking needs. */
export interface EffectiveYear extends YearSchedule {
  /** 0 while the year is not stored (shipped or derived); the stored row's version otherwise. */
  version: number;
  updatedAt: Date | null;
}

export interface EffectiveOfficeHours {
  agencyId: string;
  periods: OfficePeriod[];
  /** 0 while the agency uses the default hours. */
  version: number;
  isDefault: boolean;
  updatedAt: Date | null;
}

export interface HolidayList {
  year: number;
  origin: YearSchedule['origin'];
  source: string;
  note: string | null;
  /** Days off and make-up working days of the year, by date. */
  days: { date: string; name: string; kind: DayOffKind | 'workday' }[];
}

export interface YearInput {
  version: number;
  daysOff: { date: string; name: string; kind?: DayOffKind }[];
  workingDays: MakeUpDay[];
  note: string | null;
  source?: string | null;
}

export interface CalendarServiceDeps {
  db: Kysely<DB>;
  /** Resolved at call time (modules are registered in any order). */
  audit: () => AuditPort;
  clock: () => Date;
  /**
   * How long a loaded year or agency's hours is trusted. Writes through this instance invalidate
   * at once; the TTL bounds how long another app node keeps serving a value changed elsewhere.
   */
  cacheTtlMs?: number;
}

interface Cached<T> {
  value: T;
  until: number;
}

const OVERRIDE_SOURCE = 'Quản trị viên cập nhật';

/**
 * The working-day calendar: shipped schedules, administrators' overrides and agencies' office
 * hours, and the deadline computations built on them (pure functions in working-time.ts).
 */
export class CalendarService {
  private readonly years = new Map<number, Cached<EffectiveYear>>();
  private readonly hours = new Map<string, Cached<EffectiveOfficeHours>>();
  private readonly built = new Map<
    string,
    { years: readonly EffectiveYear[]; periods: readonly OfficePeriod[]; cal: WorkingCalendar }
  >();
  private readonly ttl: number;

  constructor(private readonly deps: CalendarServiceDeps) {
    this.ttl = deps.cacheTtlMs ?? 60_000;
  }

  // ---- reading ---------------------------------------------------------------------------------

  /** Effective schedules of consecutive years (override ?? shipped ?? statutory derivation). */
  async yearRange(first: number, last: number): Promise<EffectiveYear[]> {
    assertYearInRange(first);
    assertYearInRange(last);
    const now = Date.now();
    const missing: number[] = [];
    for (let y = first; y <= last; y++) {
      const hit = this.years.get(y);
      if (!hit || hit.until < now) missing.push(y);
    }
    if (missing.length > 0) {
      const lo = Math.min(...missing);
      const hi = Math.max(...missing);
      const stored = new Map((await repo.findYears(this.deps.db, lo, hi)).map((r) => [r.year, r]));
      for (const y of missing) this.years.set(y, { value: effectiveYear(y, stored.get(y)), until: now + this.ttl });
    }
    const result: EffectiveYear[] = [];
    for (let y = first; y <= last; y++) result.push(this.years.get(y)!.value);
    return result;
  }

  async year(year: number): Promise<EffectiveYear> {
    const [y] = await this.yearRange(year, year);
    return y!;
  }

  async holidays(year: number): Promise<HolidayList> {
    const y = await this.year(year);
    const days: HolidayList['days'] = [
      ...y.daysOff.map((d) => ({ date: d.date, name: d.name, kind: d.kind })),
      ...y.workingDays.map((d) => ({ date: d.date, name: d.name, kind: 'workday' as const })),
    ].sort((a, b) => a.date.localeCompare(b.date));
    return { year: y.year, origin: y.origin, source: y.source, note: y.note, days };
  }

  async officeHours(agencyId: string): Promise<EffectiveOfficeHours> {
    const hit = this.hours.get(agencyId);
    if (hit && hit.until >= Date.now()) return hit.value;
    const stored = await repo.findOfficeHours(this.deps.db, agencyId);
    const value: EffectiveOfficeHours = stored
      ? { agencyId, periods: stored.periods, version: stored.version, isDefault: false, updatedAt: stored.updatedAt }
      : { agencyId, periods: [...DEFAULT_OFFICE_PERIODS], version: 0, isDefault: true, updatedAt: null };
    this.hours.set(agencyId, { value, until: Date.now() + this.ttl });
    return value;
  }

  /** A calendar covering [first, last] with the agency's office hours (default hours without one). */
  async calendarFor(first: number, last: number, agencyId?: string | null): Promise<WorkingCalendar> {
    const [years, periods] = await Promise.all([
      this.yearRange(first, last),
      agencyId ? this.officeHours(agencyId).then((h) => h.periods) : Promise.resolve(DEFAULT_OFFICE_PERIODS),
    ]);
    // Built again only when a year or the hours were reloaded (the caches above hand out the same objects
    // until then): the inbox asks for today's calendar on every request.
    const key = `${first}:${last}:${agencyId ?? ''}`;
    const built = this.built.get(key);
    if (built && built.periods === periods && built.years.every((y, i) => y === years[i])) return built.cal;
    const cal = buildCalendar({ years, periods });
    if (this.built.size >= 1000) this.built.clear();
    this.built.set(key, { years, periods, cal });
    return cal;
  }

  /**
   * The due instant of `amount` units from `from` (rules in working-time.ts). Loads the years the
   * computation needs, and more if a long run of days off pushes it past them.
   */
  async dueAt(
    from: Date,
    amount: number,
    unit: DueUnit,
    options: { agencyId?: string | null; cutoff?: string | null } = {},
  ): Promise<Date> {
    const periods = options.agencyId ? (await this.officeHours(options.agencyId)).periods : DEFAULT_OFFICE_PERIODS;
    let { first, last } = yearsFor(from, amount, unit, dailyOfficeMinutes(periods));
    if (first < MIN_CALENDAR_YEAR || first > MAX_CALENDAR_YEAR) {
      throw unprocessable(`Lịch làm việc chỉ hỗ trợ các năm từ ${MIN_CALENDAR_YEAR} đến ${MAX_CALENDAR_YEAR}.`, [
        { field: '/from', message: `Thời điểm phải thuộc các năm từ ${MIN_CALENDAR_YEAR} đến ${MAX_CALENDAR_YEAR}.` },
      ]);
    }
    for (let attempt = 0; ; attempt++) {
      const cal = await this.calendarFor(first, Math.min(last, MAX_CALENDAR_YEAR), options.agencyId);
      try {
        return dueAt(cal, from, amount, unit, { cutoff: options.cutoff ?? null });
      } catch (error) {
        if (!(error instanceof CalendarRangeError) || attempt >= 3 || last >= MAX_CALENDAR_YEAR)
          throw outOfRange(error);
        first = Math.min(first, error.year);
        last = Math.max(last + 2, error.year + 1);
      }
    }
  }

  async isWorkingDay(date: Date | string): Promise<boolean> {
    const year =
      typeof date === 'string' ? Number(date.slice(0, 4)) : new Date(date.getTime() + 7 * 3600_000).getUTCFullYear();
    return isWorkingDay(await this.calendarFor(year, year), date);
  }

  async workingMinutesBetween(a: Date, b: Date, options: { agencyId?: string | null } = {}): Promise<number> {
    const yearOfInstant = (d: Date) => new Date(d.getTime() + 7 * 3600_000).getUTCFullYear();
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const cal = await this.calendarFor(yearOfInstant(lo), yearOfInstant(hi), options.agencyId);
    return workingTimeBetween(cal, a, b);
  }

  // ---- writing ---------------------------------------------------------------------------------

  /** Replaces a year's schedule (optimistic locking on `version`; 0 = the year is not stored yet). */
  async updateYear(actor: ActorContext, year: number, input: YearInput): Promise<EffectiveYear> {
    assertYearInRange(year);
    const daysOff: DayOff[] = input.daysOff
      .map((d) => ({ date: d.date, name: d.name.trim(), kind: d.kind ?? 'holiday' }))
      .sort((a, b) => a.date.localeCompare(b.date));
    const workingDays: MakeUpDay[] = input.workingDays
      .map((d) => ({ date: d.date, name: d.name.trim() }))
      .sort((a, b) => a.date.localeCompare(b.date));
    const errors = validateYear(year, input);
    if (errors.length > 0)
      throw unprocessable('Lịch nghỉ của năm chưa hợp lệ. Vui lòng kiểm tra các ngày được nêu.', errors);

    const before = await this.loadYearUncached(year);
    const write: repo.YearWrite = {
      daysOff,
      workingDays,
      note: input.note?.trim() || null,
      source: input.source?.trim() || OVERRIDE_SOURCE,
      updatedBy: actor.actorKind === 'staff' ? actor.actorId : null,
      at: this.deps.clock(),
    };
    const stored = await this.deps.db.transaction().execute(async (trx) => {
      const row =
        input.version === 0
          ? await repo.insertYear(trx, year, write)
          : await repo.updateYear(trx, year, input.version, write);
      if (!row) throw staleVersion(`Lịch năm ${year}`);
      await this.deps.audit().record(
        actor,
        {
          action: 'calendar.year_update',
          entityType: 'calendar_year',
          entityId: String(year),
          agencyId: null,
          before: auditView(before),
          after: auditView(effectiveYear(year, row)),
        },
        trx,
      );
      return row;
    });
    this.years.delete(year);
    return effectiveYear(year, stored);
  }

  async updateOfficeHours(
    actor: ActorContext,
    agencyId: string,
    input: { version: number; periods: OfficePeriod[] },
  ): Promise<EffectiveOfficeHours> {
    const errors = validatePeriods(input.periods);
    if (errors.length > 0) throw unprocessable('Giờ làm việc chưa hợp lệ.', errors);
    const periods = input.periods.map((p) => ({ start: p.start, end: p.end }));
    this.hours.delete(agencyId);
    const before = await this.officeHours(agencyId);
    const updatedBy = actor.actorKind === 'staff' ? actor.actorId : null;
    const at = this.deps.clock();
    const stored = await this.deps.db.transaction().execute(async (trx) => {
      const row =
        input.version === 0
          ? await repo.insertOfficeHours(trx, agencyId, periods, updatedBy, at)
          : await repo.updateOfficeHours(trx, agencyId, input.version, periods, updatedBy, at);
      if (!row) throw staleVersion('Giờ làm việc của cơ quan');
      await this.deps.audit().record(
        actor,
        {
          action: 'calendar.office_hours_update',
          entityType: 'agency_office_hours',
          entityId: agencyId,
          agencyId,
          before: { periods: before.periods, isDefault: before.isDefault },
          after: { periods: row.periods, isDefault: false },
        },
        trx,
      );
      return row;
    });
    this.hours.delete(agencyId);
    return {
      agencyId,
      periods: stored.periods,
      version: stored.version,
      isDefault: false,
      updatedAt: stored.updatedAt,
    };
  }

  private async loadYearUncached(year: number): Promise<EffectiveYear> {
    const [stored] = await repo.findYears(this.deps.db, year, year);
    return effectiveYear(year, stored);
  }
}

function effectiveYear(year: number, stored: repo.StoredYear | undefined): EffectiveYear {
  if (stored) {
    return {
      year,
      origin: 'override',
      source: stored.source,
      daysOff: stored.daysOff,
      workingDays: stored.workingDays,
      note: stored.note,
      version: stored.version,
      updatedAt: stored.updatedAt,
    };
  }
  return { ...shippedOrDerived(year), version: 0, updatedAt: null };
}

function auditView(y: EffectiveYear) {
  return { origin: y.origin, source: y.source, daysOff: y.daysOff, workingDays: y.workingDays, note: y.note };
}

function assertYearInRange(year: number): void {
  if (!Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_CALENDAR_YEAR) {
    throw unprocessable(`Lịch làm việc chỉ hỗ trợ các năm từ ${MIN_CALENDAR_YEAR} đến ${MAX_CALENDAR_YEAR}.`, [
      { field: '/year', message: `Năm phải từ ${MIN_CALENDAR_YEAR} đến ${MAX_CALENDAR_YEAR}.` },
    ]);
  }
}

function outOfRange(error: unknown): unknown {
  if (error instanceof CalendarRangeError) {
    return unprocessable('Thời hạn vượt quá phạm vi lịch làm việc được hỗ trợ.', [
      { field: '/amount', message: `Thời hạn kết thúc sau năm ${MAX_CALENDAR_YEAR}.` },
    ]);
  }
  return error;
}

/** Field errors of an administrator's schedule for `year` (empty when valid). */
export function validateYear(year: number, input: Pick<YearInput, 'daysOff' | 'workingDays'>): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, string>();
  const check = (list: { date: string; name: string }[], path: string) => {
    list.forEach((d, i) => {
      if (!isIsoDate(d.date)) {
        errors.push({ field: `${path}/${i}/date`, message: 'Ngày phải theo dạng YYYY-MM-DD và có thật.' });
        return;
      }
      if (!d.date.startsWith(`${year}-`)) {
        errors.push({ field: `${path}/${i}/date`, message: `Ngày phải thuộc năm ${year}.` });
        return;
      }
      if (!d.name.trim()) errors.push({ field: `${path}/${i}/name`, message: 'Trường này không được để trống.' });
      const other = seen.get(d.date);
      if (other) {
        errors.push({
          field: `${path}/${i}/date`,
          message:
            other === path
              ? 'Ngày này đã có trong danh sách.'
              : 'Một ngày không thể vừa là ngày nghỉ vừa là ngày làm bù.',
        });
      }
      seen.set(d.date, path);
    });
  };
  check(input.daysOff, '/daysOff');
  check(input.workingDays, '/workingDays');
  input.workingDays.forEach((d, i) => {
    if (isIsoDate(d.date) && ![0, 6].includes(weekdayOf(dayOf(d.date)))) {
      errors.push({ field: `/workingDays/${i}/date`, message: 'Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.' });
    }
  });
  return errors;
}
