import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ConversionRecord, UnitRecord } from './org.import.js';
import { foldVietnamese, likeContains } from './org.search.js';
import type { MergeKind, UnitLevel } from './org.tables.js';

/** One administrative unit in one period, as the service sees it. */
export interface UnitRow {
  code: string;
  name: string;
  level: UnitLevel;
  divisionType: string;
  parentCode: string | null;
  /** 'YYYY-MM-DD', or null when the start is not recorded (pre-2025 list). */
  validFrom: string | null;
  validTo: string | null;
  successorCodes: string[];
  /** valid_from as PostgreSQL prints it ('-infinity' or 'YYYY-MM-DD'): the sort key of cursors. */
  validFromKey: string;
}

export interface ConversionRow {
  newCommuneCode: string;
  newCommuneName: string;
  oldCommuneCode: string | null;
  oldCommuneName: string;
  oldDistrictCode: string | null;
  oldDistrictName: string | null;
  oldProvinceCode: string | null;
  oldProvinceName: string | null;
  mergeKind: MergeKind;
  note: string;
}

export interface UnitFilter {
  parentCode?: string;
  q?: string;
  level?: UnitLevel;
  asOf: string;
  limit: number;
  after: { code: string; validFromKey: string } | null;
}

const BATCH = 500;

function selectUnits(db: Kysely<DB>) {
  return db
    .selectFrom('admin_units as u')
    .select([
      'u.code',
      'u.name',
      'u.level',
      'u.division_type as divisionType',
      'u.parent_code as parentCode',
      sql<string | null>`to_char(u.valid_from, 'YYYY-MM-DD')`.as('validFrom'),
      sql<string | null>`to_char(u.valid_to, 'YYYY-MM-DD')`.as('validTo'),
      'u.successor_codes as successorCodes',
      sql<string>`u.valid_from::text`.as('validFromKey'),
    ]);
}

export class UnitsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Inserts or updates units in batches of 500. A row whose content is unchanged is not touched,
   * so a second import changes nothing (updated_at included). Returns how many rows were written.
   */
  async upsertUnits(units: UnitRecord[], db: Kysely<DB> = this.db): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    for (let i = 0; i < units.length; i += BATCH) {
      const rows = units.slice(i, i + BATCH).map((u) => ({
        code: u.code,
        valid_from: u.validFrom,
        valid_to: u.validTo,
        name: u.name,
        search_name: foldVietnamese(u.name),
        level: u.level,
        division_type: u.divisionType,
        parent_code: u.parentCode,
        successor_codes: u.successorCodes,
      }));
      const result = await db
        .insertInto('admin_units')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['code', 'valid_from'])
            .doUpdateSet({
              valid_to: (eb) => eb.ref('excluded.valid_to'),
              name: (eb) => eb.ref('excluded.name'),
              search_name: (eb) => eb.ref('excluded.search_name'),
              level: (eb) => eb.ref('excluded.level'),
              division_type: (eb) => eb.ref('excluded.division_type'),
              parent_code: (eb) => eb.ref('excluded.parent_code'),
              successor_codes: (eb) => eb.ref('excluded.successor_codes'),
              updated_at: sql`now()`,
            })
            .where(
              sql<boolean>`(admin_units.valid_to, admin_units.name, admin_units.level, admin_units.division_type,
                admin_units.parent_code, admin_units.successor_codes)
                is distinct from (excluded.valid_to, excluded.name, excluded.level, excluded.division_type,
                excluded.parent_code, excluded.successor_codes)`,
            ),
        )
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .execute();
      for (const r of result) {
        if (r.inserted) inserted++;
        else updated++;
      }
    }
    return { inserted, updated };
  }

  async upsertConversions(
    conversions: ConversionRecord[],
    db: Kysely<DB> = this.db,
  ): Promise<{ inserted: number; updated: number }> {
    let inserted = 0;
    let updated = 0;
    for (let i = 0; i < conversions.length; i += BATCH) {
      const rows = conversions.slice(i, i + BATCH).map((c) => ({
        new_province_code: c.newProvinceCode,
        new_commune_code: c.newCommuneCode,
        new_commune_name: c.newCommuneName,
        old_commune_code: c.oldCommuneCode,
        old_commune_name: c.oldCommuneName,
        old_district_code: c.oldDistrictCode,
        old_district_name: c.oldDistrictName,
        old_province_code: c.oldProvinceCode,
        old_province_name: c.oldProvinceName,
        merge_kind: c.mergeKind,
        note: c.note,
      }));
      const result = await db
        .insertInto('admin_unit_conversions')
        .values(rows)
        .onConflict((oc) =>
          oc
            .columns(['old_commune_code', 'old_commune_name', 'old_district_code', 'new_commune_code'])
            .doUpdateSet({
              new_province_code: (eb) => eb.ref('excluded.new_province_code'),
              new_commune_name: (eb) => eb.ref('excluded.new_commune_name'),
              old_district_name: (eb) => eb.ref('excluded.old_district_name'),
              old_province_code: (eb) => eb.ref('excluded.old_province_code'),
              old_province_name: (eb) => eb.ref('excluded.old_province_name'),
              merge_kind: (eb) => eb.ref('excluded.merge_kind'),
              note: (eb) => eb.ref('excluded.note'),
              updated_at: sql`now()`,
            })
            .where(
              sql<boolean>`(admin_unit_conversions.new_province_code, admin_unit_conversions.new_commune_name,
                admin_unit_conversions.old_district_name, admin_unit_conversions.old_province_code,
                admin_unit_conversions.old_province_name, admin_unit_conversions.merge_kind, admin_unit_conversions.note)
                is distinct from (excluded.new_province_code, excluded.new_commune_name, excluded.old_district_name,
                excluded.old_province_code, excluded.old_province_name, excluded.merge_kind, excluded.note)`,
            ),
        )
        .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
        .execute();
      for (const r of result) {
        if (r.inserted) inserted++;
        else updated++;
      }
    }
    return { inserted, updated };
  }

  async countCurrent(asOf: string): Promise<number> {
    const row = await this.db
      .selectFrom('admin_units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('valid_from', '<=', asOf)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', asOf)]))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async list(f: UnitFilter): Promise<UnitRow[]> {
    let q = selectUnits(this.db)
      .where('u.valid_from', '<=', f.asOf)
      .where((eb) => eb.or([eb('u.valid_to', 'is', null), eb('u.valid_to', '>=', f.asOf)]));
    if (f.parentCode !== undefined) q = q.where('u.parent_code', '=', f.parentCode);
    if (f.level !== undefined) q = q.where('u.level', '=', f.level);
    const folded = f.q ? foldVietnamese(f.q) : '';
    if (folded) {
      q = q.where((eb) => eb.or([eb('u.search_name', 'like', likeContains(folded)), eb('u.code', '=', f.q ?? '')]));
    }
    if (f.after) {
      const a = f.after;
      q = q.where((eb) =>
        eb(eb.refTuple('u.code', 'u.valid_from'), '>', eb.tuple(a.code, sql<string>`${a.validFromKey}::date`)),
      );
    }
    return q
      .orderBy('u.code')
      .orderBy('u.valid_from')
      .limit(f.limit + 1)
      .execute();
  }

  /** Every period of one code, oldest first. */
  async history(code: string): Promise<UnitRow[]> {
    return selectUnits(this.db).where('u.code', '=', code).orderBy('u.valid_from').execute();
  }

  /** Units with these codes in force on the given day. */
  async findAt(codes: string[], asOf: string): Promise<UnitRow[]> {
    if (codes.length === 0) return [];
    return selectUnits(this.db)
      .where('u.code', 'in', codes)
      .where('u.valid_from', '<=', asOf)
      .where((eb) => eb.or([eb('u.valid_to', 'is', null), eb('u.valid_to', '>=', asOf)]))
      .orderBy('u.code')
      .execute();
  }

  private selectConversions() {
    return this.db
      .selectFrom('admin_unit_conversions')
      .select([
        'new_commune_code as newCommuneCode',
        'new_commune_name as newCommuneName',
        'old_commune_code as oldCommuneCode',
        'old_commune_name as oldCommuneName',
        'old_district_code as oldDistrictCode',
        'old_district_name as oldDistrictName',
        'old_province_code as oldProvinceCode',
        'old_province_name as oldProvinceName',
        'merge_kind as mergeKind',
        'note',
      ]);
  }

  async conversionsFrom(oldCode: string): Promise<ConversionRow[]> {
    return this.selectConversions().where('old_commune_code', '=', oldCode).orderBy('new_commune_code').execute();
  }

  async conversionsInto(newCode: string): Promise<ConversionRow[]> {
    return this.selectConversions().where('new_commune_code', '=', newCode).orderBy('old_commune_code').execute();
  }
}
