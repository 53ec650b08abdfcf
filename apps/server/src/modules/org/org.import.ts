import { foldVietnamese } from './org.search.js';
import type { MergeKind, UnitLevel } from './org.tables.js';

/**
 * Pure parsing of the official administrative-unit lists (no database here; see units.service.ts).
 * - dvhc-2025-07.json: the 34 provinces and 3,321 communes in force since 1 July 2025
 *   (Nghị quyết 202/2025/QH15; codes per Quyết định 19/2025/QĐ-TTg: province 2 digits, commune 5 digits).
 * - dvhc-2025-01-04-truoc-sap-nhap.csv: the three-tier list (province, district, commune) before the reform.
 * - dvhc-chuyen-doi-2025-07.csv: old commune → new commune (two header lines, one separator row per province).
 */

/** The first day of the two-tier local government (Luật Tổ chức chính quyền địa phương 2025). */
export const REFORM_DATE = '2025-07-01';
/** Last day the three-tier list was in force. */
export const OLD_LIST_VALID_TO = '2025-06-30';
/** Start of validity of the pre-2025 units is not in the list: stored as -infinity ("since before our records"). */
export const UNKNOWN_START = '-infinity';

export const DATA_FILES = {
  current: 'dvhc-2025-07.json',
  old: 'dvhc-2025-01-04-truoc-sap-nhap.csv',
  conversions: 'dvhc-chuyen-doi-2025-07.csv',
} as const;

export interface UnitRecord {
  code: string;
  /** 'YYYY-MM-DD' or '-infinity'. */
  validFrom: string;
  validTo: string | null;
  name: string;
  level: UnitLevel;
  divisionType: string;
  parentCode: string | null;
  successorCodes: string[];
}

export interface ConversionRecord {
  newProvinceCode: string;
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

export interface UnitDataset {
  units: UnitRecord[];
  conversions: ConversionRecord[];
}

export class UnitDataError extends Error {}

/** RFC 4180 CSV: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const clean = (s: string | undefined): string => (s ?? '').replace(/\s+/g, ' ').trim();
const pad = (n: number | string, width: number): string => String(n).trim().padStart(width, '0');

function checkCode(code: string, width: number, where: string): string {
  if (!new RegExp(`^\\d{${width}}$`).test(code))
    throw new UnitDataError(`${where}: mã "${code}" phải có ${width} chữ số.`);
  return code;
}

/** "Thành phố Hà Nội (01)" → { name: 'Thành phố Hà Nội', code: '01' }. */
export function splitNameCode(text: string, width: number): { name: string; code: string | null } {
  const t = clean(text);
  const m = /^(.*?)\s*\((\d+)\)$/.exec(t);
  if (!m) return { name: t, code: null };
  return { name: clean(m[1]), code: pad(m[2] ?? '', width) };
}

function provinceType(name: string): string {
  return name.startsWith('Thành phố') ? 'thành phố trung ương' : 'tỉnh';
}

function districtType(name: string): string {
  for (const prefix of ['Quận', 'Huyện', 'Thị xã', 'Thành phố'])
    if (name.startsWith(prefix)) return prefix.toLowerCase();
  return 'khác';
}

function communeType(name: string): string {
  for (const prefix of ['Xã', 'Phường', 'Thị trấn', 'Đặc khu'])
    if (name.startsWith(prefix)) return prefix.toLowerCase();
  return 'khác';
}

interface CurrentProvince {
  name: string;
  code: number;
  division_type: string;
  wards: { name: string; code: number; division_type: string }[];
}

/** The units in force since 2025-07-01 (dvhc-2025-07.json). */
export function parseCurrentUnits(json: unknown): UnitRecord[] {
  if (!Array.isArray(json)) throw new UnitDataError(`${DATA_FILES.current}: cần một mảng tỉnh/thành phố.`);
  const units: UnitRecord[] = [];
  for (const p of json as CurrentProvince[]) {
    const provinceCode = checkCode(pad(p.code, 2), 2, DATA_FILES.current);
    units.push({
      code: provinceCode,
      validFrom: REFORM_DATE,
      validTo: null,
      name: clean(p.name),
      level: 'province',
      divisionType: clean(p.division_type),
      parentCode: null,
      successorCodes: [],
    });
    if (!Array.isArray(p.wards)) throw new UnitDataError(`${DATA_FILES.current}: ${p.name} thiếu danh sách xã.`);
    for (const w of p.wards) {
      units.push({
        code: checkCode(pad(w.code, 5), 5, DATA_FILES.current),
        validFrom: REFORM_DATE,
        validTo: null,
        name: clean(w.name),
        level: 'commune',
        divisionType: clean(w.division_type),
        parentCode: provinceCode,
        successorCodes: [],
      });
    }
  }
  return units;
}

/** The three-tier list before the reform: provinces, districts and communes, valid until 2025-06-30. */
export function parseOldUnits(csv: string): UnitRecord[] {
  const rows = parseCsv(csv);
  const header = rows[0]?.map(clean) ?? [];
  if (header[1] !== 'Mã TP' || header[5] !== 'Mã PX') {
    throw new UnitDataError(`${DATA_FILES.old}: tiêu đề không đúng mẫu (cần "Mã TP", "Mã PX").`);
  }
  const byKey = new Map<string, UnitRecord>();
  const add = (u: Omit<UnitRecord, 'validFrom' | 'validTo' | 'successorCodes'>) => {
    if (!byKey.has(u.code)) {
      byKey.set(u.code, { ...u, validFrom: UNKNOWN_START, validTo: OLD_LIST_VALID_TO, successorCodes: [] });
    }
  };
  rows.slice(1).forEach((r, i) => {
    if (r.every((c) => clean(c) === '')) return;
    const where = `${DATA_FILES.old} dòng ${i + 2}`;
    const [pName, pCode, dName, dCode, cName, cCode, cLevel] = r.map(clean);
    const provinceCode = checkCode(pCode ?? '', 2, where);
    add({
      code: provinceCode,
      name: pName ?? '',
      level: 'province',
      divisionType: provinceType(pName ?? ''),
      parentCode: null,
    });
    const districtCode = checkCode(dCode ?? '', 3, where);
    add({
      code: districtCode,
      name: dName ?? '',
      level: 'district',
      divisionType: districtType(dName ?? ''),
      parentCode: provinceCode,
    });
    if (cCode) {
      add({
        code: checkCode(cCode, 5, where),
        name: cName ?? '',
        level: 'commune',
        divisionType: (cLevel ?? '').toLowerCase() || communeType(cName ?? ''),
        parentCode: districtCode,
      });
    }
  });
  return [...byKey.values()];
}

/** How the old unit went into the new one, from the free-text note of the conversion table. */
export function mergeKindOf(note: string): MergeKind {
  const n = foldVietnamese(note);
  if (n.includes('mot phan') || n.includes('phan con lai')) return 'partial';
  if (n.startsWith('nhap toan bo') || n.startsWith('sap xep toan bo')) return 'full';
  if (n.startsWith('giu nguyen')) return 'unchanged';
  if (n.startsWith('doi ten') || n.startsWith('doi loai hinh')) return 'renamed';
  return 'other';
}

/** The old → new conversion table. Skips the two header lines and the province separator rows. */
export function parseConversions(csv: string): ConversionRecord[] {
  const rows = parseCsv(csv);
  const header = rows[1]?.map(clean) ?? [];
  if (header[2] !== 'Mã Xã mới' || header[4] !== 'Mã Xã cũ') {
    throw new UnitDataError(
      `${DATA_FILES.conversions}: dòng tiêu đề thứ hai không đúng mẫu (cần "Mã Xã mới", "Mã Xã cũ").`,
    );
  }
  const out: ConversionRecord[] = [];
  rows.slice(2).forEach((r, i) => {
    const where = `${DATA_FILES.conversions} dòng ${i + 3}`;
    const [newProvince, newName, newCode, oldName, oldCode, note, oldDistrict, oldProvince] = r.map(clean);
    if (!newCode) {
      // Separator row ("THÀNH PHỐ HÀ NỘI") or blank line.
      if (oldCode || newName) throw new UnitDataError(`${where}: thiếu mã xã mới.`);
      return;
    }
    const np = splitNameCode(newProvince ?? '', 2);
    if (!np.code) throw new UnitDataError(`${where}: không đọc được mã tỉnh mới trong "${newProvince ?? ''}".`);
    const od = splitNameCode(oldDistrict ?? '', 3);
    const op = splitNameCode(oldProvince ?? '', 2);
    out.push({
      newProvinceCode: np.code,
      newCommuneCode: checkCode(newCode, 5, where),
      newCommuneName: newName ?? '',
      oldCommuneCode: oldCode ? checkCode(oldCode, 5, where) : null,
      // A whole district made a special zone (đặc khu) has no old commune: name the district instead.
      oldCommuneName: oldName || od.name,
      oldDistrictCode: od.code,
      oldDistrictName: od.name || null,
      oldProvinceCode: op.code,
      oldProvinceName: op.name || null,
      mergeKind: mergeKindOf(note ?? ''),
      note: note ?? '',
    });
  });
  return out;
}

/**
 * Puts the three lists together: each old unit learns its successors (old commune → new communes,
 * old district → new communes, old province → new provinces), and an old commune that appears only
 * in the conversion table (changed between the January 2025 export and the reform) is added, so
 * that every old code in the table resolves.
 */
export function buildUnitDataset(input: { currentJson: unknown; oldCsv: string; conversionCsv: string }): UnitDataset {
  const current = parseCurrentUnits(input.currentJson);
  const old = parseOldUnits(input.oldCsv);
  const conversions = parseConversions(input.conversionCsv);

  const oldByCode = new Map(old.map((u) => [u.code, u]));
  const successors = new Map<string, Set<string>>();
  const addSuccessor = (code: string, successor: string) => {
    let set = successors.get(code);
    if (!set) successors.set(code, (set = new Set()));
    set.add(successor);
  };
  for (const c of conversions) {
    if (c.oldCommuneCode && !oldByCode.has(c.oldCommuneCode)) {
      const added: UnitRecord = {
        code: c.oldCommuneCode,
        validFrom: UNKNOWN_START,
        validTo: OLD_LIST_VALID_TO,
        name: c.oldCommuneName,
        level: 'commune',
        divisionType: communeType(c.oldCommuneName),
        parentCode: c.oldDistrictCode,
        successorCodes: [],
      };
      old.push(added);
      oldByCode.set(added.code, added);
    }
    if (c.oldCommuneCode) addSuccessor(c.oldCommuneCode, c.newCommuneCode);
    if (c.oldDistrictCode) addSuccessor(c.oldDistrictCode, c.newCommuneCode);
    const district = c.oldDistrictCode ? oldByCode.get(c.oldDistrictCode) : undefined;
    const oldProvince = district?.parentCode ?? c.oldProvinceCode;
    if (oldProvince) addSuccessor(oldProvince, c.newProvinceCode);
  }
  for (const u of old) {
    if (u.level === 'commune' && u.parentCode === null) {
      throw new UnitDataError(`Xã cũ ${u.code} (${u.name}) không có mã huyện.`);
    }
    u.successorCodes = [...(successors.get(u.code) ?? [])].sort();
  }
  return { units: [...old, ...current], conversions };
}
