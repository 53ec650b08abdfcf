import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../http/errors.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import { buildUnitDataset, DATA_FILES } from './org.import.js';
import type { AdminUnitSummary, OldCommuneResolution } from './org.port.js';
import type { UnitLevel } from './org.tables.js';
import { type ConversionRow, type UnitRow, UnitsRepository } from './units.repository.js';

/** The repository's data folder (same relative place from src/ and dist/). */
export const DEFAULT_UNITS_DATA_DIR = fileURLToPath(new URL('../../../../../data', import.meta.url));

export interface ImportResult {
  units: { inserted: number; updated: number; total: number };
  conversions: { inserted: number; updated: number; total: number };
  milliseconds: number;
}

/**
 * Imports the official lists into the database in one transaction. Idempotent: rows that did not
 * change are not written, so re-running reports 0 inserted / 0 updated.
 */
export async function importUnits(db: Kysely<DB>, dataDir = DEFAULT_UNITS_DATA_DIR): Promise<ImportResult> {
  const started = Date.now();
  const read = (name: string) => fs.readFileSync(path.join(dataDir, name), 'utf8');
  const dataset = buildUnitDataset({
    currentJson: JSON.parse(read(DATA_FILES.current)) as unknown,
    oldCsv: read(DATA_FILES.old),
    conversionCsv: read(DATA_FILES.conversions),
  });
  const repo = new UnitsRepository(db);
  const { units, conversions } = await db.transaction().execute(async (trx) => ({
    units: await repo.upsertUnits(dataset.units, trx),
    conversions: await repo.upsertConversions(dataset.conversions, trx),
  }));
  return {
    units: { ...units, total: dataset.units.length },
    conversions: { ...conversions, total: dataset.conversions.length },
    milliseconds: Date.now() - started,
  };
}

/** Calendar day in Viet Nam for an instant ('YYYY-MM-DD'). */
export function vnDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(at);
}

export interface UnitView {
  code: string;
  name: string;
  level: UnitLevel;
  divisionType: string;
  parentCode: string | null;
  validFrom: string | null;
  validTo: string | null;
}

export interface UnitPeriodView extends UnitView {
  successorCodes: string[];
}

const summaryOf = (u: UnitRow): AdminUnitSummary => ({ code: u.code, name: u.name, kind: u.divisionType });

const view = (u: UnitRow): UnitView => ({
  code: u.code,
  name: u.name,
  level: u.level,
  divisionType: u.divisionType,
  parentCode: u.parentCode,
  validFrom: u.validFrom,
  validTo: u.validTo,
});

const conversionView = (c: ConversionRow) => ({
  oldCode: c.oldCommuneCode,
  oldName: c.oldCommuneName,
  oldDistrictCode: c.oldDistrictCode,
  oldDistrictName: c.oldDistrictName,
  oldProvinceCode: c.oldProvinceCode,
  oldProvinceName: c.oldProvinceName,
  newCode: c.newCommuneCode,
  newName: c.newCommuneName,
  mergeKind: c.mergeKind,
  note: c.note,
});

export class UnitsService {
  private readonly repo: UnitsRepository;
  constructor(
    db: Kysely<DB>,
    private readonly today: () => string,
  ) {
    this.repo = new UnitsRepository(db);
  }

  async list(query: {
    parentCode?: string;
    q?: string;
    level?: UnitLevel;
    asOf?: string;
    limit?: number;
    cursor?: string;
  }) {
    const limit = query.limit ?? 50;
    const cursor = decodeCursor(query.cursor);
    const rows = await this.repo.list({
      ...(query.parentCode !== undefined ? { parentCode: query.parentCode } : {}),
      ...(query.q !== undefined ? { q: query.q } : {}),
      ...(query.level !== undefined ? { level: query.level } : {}),
      asOf: query.asOf ?? this.today(),
      limit,
      after: cursor ? { code: String(cursor.k), validFromKey: cursor.id } : null,
    });
    const page = toPage(rows, limit, (r) => ({ k: r.code, id: r.validFromKey }));
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  /**
   * One code with every period it was used in (a code can name an old unit and, after a merge,
   * the new one). The top-level fields describe the unit in force today, or the last one.
   */
  async get(code: string) {
    const periods = await this.repo.history(code);
    if (periods.length === 0) throw notFound(`Không có đơn vị hành chính mã ${code}.`);
    const today = this.today();
    const inForce =
      periods.find(
        (p) => (p.validFrom === null || p.validFrom <= today) && (p.validTo === null || p.validTo >= today),
      ) ?? periods[periods.length - 1];
    const current = inForce ?? periods[0];
    if (!current) throw notFound();
    const mergedFrom =
      current.level === 'commune' && current.validTo === null ? await this.repo.conversionsInto(code) : [];
    return {
      ...view(current),
      history: periods.map((p) => ({ ...view(p), successorCodes: p.successorCodes })),
      mergedFrom: mergedFrom.map(conversionView),
    };
  }

  /**
   * An old code (commune, district or province before 1 July 2025) → the unit(s) in force today.
   * Communes go through the conversion table (a commune split between several new communes gives
   * several); districts and provinces through their recorded successors.
   */
  async resolve(code: string) {
    const periods = await this.repo.history(code);
    const today = this.today();
    const closed = periods.filter((p) => p.validTo !== null && p.validTo < today);
    const old = closed[closed.length - 1];
    if (!old) {
      const live = periods.find((p) => p.validTo === null || p.validTo >= today);
      if (!live) throw notFound(`Không có đơn vị hành chính mã ${code}.`);
      // Still in force and never replaced: it resolves to itself.
      return { old: view(live), current: [view(live)], conversions: [] };
    }
    const conversions = old.level === 'commune' ? await this.repo.conversionsFrom(code) : [];
    const successorCodes = conversions.length
      ? [...new Set(conversions.map((c) => c.newCommuneCode))]
      : old.successorCodes;
    const current = await this.repo.findAt(successorCodes, today);
    return { old: view(old), current: current.map(view), conversions: conversions.map(conversionView) };
  }

  /** The provinces in force today (port for the portal). */
  async listProvinces(): Promise<AdminUnitSummary[]> {
    const rows = await this.repo.list({ level: 'province', asOf: this.today(), limit: 1000, after: null });
    return rows.map(summaryOf);
  }

  /** The communes in force today of one province; null when no such province is in force. */
  async listCommunes(provinceCode: string): Promise<AdminUnitSummary[] | null> {
    const today = this.today();
    if ((await this.repo.findAt([provinceCode], today)).length === 0) return null;
    const rows = await this.repo.list({
      parentCode: provinceCode,
      level: 'commune',
      asOf: today,
      limit: 100_000,
      after: null,
    });
    return rows.map(summaryOf);
  }

  /** A pre-2025 commune code → the commune(s) in force holding its territory; null when no such old commune. */
  async resolveOldCommune(oldCode: string): Promise<OldCommuneResolution | null> {
    const today = this.today();
    const old = (await this.repo.history(oldCode))
      .filter((p) => p.level === 'commune' && p.validTo !== null && p.validTo < today)
      .pop();
    if (!old) return null;
    const conversions = await this.repo.conversionsFrom(oldCode);
    const newCodes = [...new Set(conversions.map((c) => c.newCommuneCode))];
    const communes = await this.repo.findAt(newCodes, today);
    const provinces = await this.repo.findAt([...new Set(communes.map((c) => c.parentCode ?? ''))], today);
    const first = conversions[0];
    const closedPeriod = async (code: string | null | undefined) =>
      code ? (await this.repo.history(code)).filter((p) => p.validTo !== null && p.validTo < today).pop() : undefined;
    const district = await closedPeriod(old.parentCode);
    const province = await closedPeriod(district?.parentCode);
    return {
      oldCode,
      oldName: old.name,
      oldDistrictName: district?.name ?? first?.oldDistrictName ?? null,
      oldProvinceName: province?.name ?? first?.oldProvinceName ?? null,
      current: communes.flatMap((commune) => {
        const province = provinces.find((p) => p.code === commune.parentCode);
        if (!province) return [];
        const note = conversions.find((c) => c.newCommuneCode === commune.code)?.note ?? null;
        return [{ commune: summaryOf(commune), province: summaryOf(province), note: note || null }];
      }),
    };
  }

  countCurrent() {
    return this.repo.countCurrent(this.today());
  }
}
