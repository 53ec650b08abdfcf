import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../http/request-context.js';
import { OrgRepository } from '../modules/org/org.repository.js';
import { UnitsRepository } from '../modules/org/units.repository.js';
import { UsersRepository } from '../modules/org/users.repository.js';
import { vnDate } from '../modules/org/units.service.js';
import { ProceduresRepository } from '../modules/procedures/procedures.repository.js';
import type { PublishedProcedure } from '../modules/procedures/procedures.port.js';
import { FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES } from './scale-names.js';

/**
 * The organisation of the scale province (npm run seed:scale): every current commune of Quảng Trị
 * (code 44) as an agency (UBND xã/phường, through the org module's repository, as the demo seed does),
 * three officers per agency (one-stop officer, specialist, leader) and a provincial leader who sees the
 * whole province, and every commune added to the implementing agencies of the commune-level procedures
 * (through the procedures module's repository). Idempotent: what exists is kept.
 */

export const PROVINCE_UNIT = '44';
export const PROVINCE_AGENCY_CODE = '000.00.00.H50';
/** Sở Tư pháp (demo seed): where commune dossiers are transferred (liên thông) in the scale data. */
export const TRANSFER_AGENCY_CODE = '000.00.12.H50';
/** Password of the scale one-stop officers and provincial leader (the bench signs in with it); generated data only. */
export const SCALE_PASSWORD = 'Saola-Scale@2026';
export const SCALE_USER_PREFIX = 'scale.';
/** The provincial leader of the scale data: lanh_dao at UBND tỉnh with the agencies below (statistics). */
export const SCALE_PROVINCE_LEADER = 'scale.lanhdao.tinh';

export type ScaleRole = 'can_bo_mot_cua' | 'chuyen_vien' | 'lanh_dao';
const ROLE_SLUG: Record<ScaleRole, string> = {
  can_bo_mot_cua: 'motcua',
  chuyen_vien: 'chuyenvien',
  lanh_dao: 'lanhdao',
};
const ROLE_POSITION: Record<ScaleRole, string> = {
  can_bo_mot_cua: 'can_bo_mot_cua',
  chuyen_vien: 'chuyen_vien',
  lanh_dao: 'chu_tich',
};

export interface ScaleOfficer {
  id: string;
  username: string;
  fullName: string;
}

export interface ScaleAgency {
  id: string;
  code: string;
  name: string;
  kind: 'commune' | 'province';
  /** Relative number of dossiers the agency receives (wards more than rural communes). */
  weight: number;
  officers: Record<ScaleRole, ScaleOfficer>;
}

export interface ScaleOrg {
  provinceId: string;
  transferAgencyId: string;
  communes: ScaleAgency[];
  /** Provincial agencies implementing provincial procedures (receive their dossiers). */
  provincial: ScaleAgency[];
  provinceLeader: ScaleOfficer;
  createdAgencies: number;
  createdUsers: number;
}

/** Deterministic pseudo-random number in [0, 1) from a string (stable weights and names across runs). */
export function hashUnit(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 4294967296;
}

function personName(seed: string): string {
  const pick = (list: readonly string[], salt: string) =>
    list[Math.floor(hashUnit(seed + salt) * list.length)] ?? list[0] ?? '';
  return `${pick(FAMILY_NAMES, 'h')} ${pick(MIDDLE_NAMES, 'm')} ${pick(GIVEN_NAMES, 't')}`;
}

/** Demo-structure code (QĐ 20/2020/QĐ-TTg shape V1V2V3.Z1Z2.Y1Y2.H50) of the i-th generated commune agency. */
export function scaleAgencyCode(i: number): string {
  return `000.${String(20 + Math.floor(i / 100)).padStart(2, '0')}.${String(i % 100).padStart(2, '0')}.H50`;
}

/** "Phường Đồng Hới" → "UBND phường Đồng Hới" (the demo seed's naming). */
function agencyNameOf(unitName: string): string {
  return `UBND ${unitName.charAt(0).toLowerCase()}${unitName.slice(1)}`;
}

export async function ensureScaleOrg(
  app: FastifyInstance,
  log: (m: string) => void,
  options: { maxCommunes?: number } = {},
): Promise<ScaleOrg> {
  const { db } = app.database;
  const org = new OrgRepository(db);
  const users = new UsersRepository(db);
  const province = await app.org.findAgencyByCode(PROVINCE_AGENCY_CODE);
  const transfer = await app.org.findAgencyByCode(TRANSFER_AGENCY_CODE);
  if (!province || !transfer) throw new Error('Thiếu cơ quan của dữ liệu demo (UBND tỉnh, Sở Tư pháp).');

  const all = await new UnitsRepository(db).list({
    parentCode: PROVINCE_UNIT,
    level: 'commune',
    asOf: vnDate(app.clock()),
    limit: 5000,
    after: null,
  });
  // Tests take a few communes (each officer's password is an argon2 hash: CPU time).
  const units = options.maxCommunes === undefined ? all : all.slice(0, options.maxCommunes);
  if (units.length === 0) throw new Error('Chưa có danh mục đơn vị hành chính cấp xã của tỉnh 44.');
  const existing = await db.selectFrom('agencies').select(['id', 'code', 'name', 'unit_code', 'kind']).execute();
  const byUnit = new Map(existing.filter((a) => a.kind === 'ubnd_xa' && a.unit_code).map((a) => [a.unit_code, a]));
  const codes = new Set(existing.map((a) => a.code));

  let createdAgencies = 0;
  let createdUsers = 0;
  let next = 0;
  const communeRows: { id: string; code: string; name: string; unitCode: string; ward: boolean }[] = [];
  for (const u of units) {
    let agency = byUnit.get(u.code);
    if (!agency) {
      while (codes.has(scaleAgencyCode(next))) next++;
      const code = scaleAgencyCode(next);
      codes.add(code);
      const row = await org.insertAgency({
        code,
        name: agencyNameOf(u.name),
        kind: 'ubnd_xa',
        unitCode: u.code,
        parentId: province.id,
      });
      for (const d of [
        { code: 'mot_cua', name: 'Bộ phận Một cửa' },
        { code: 'van_phong', name: 'Văn phòng HĐND và UBND' },
      ])
        await org.insertDepartment({ agencyId: row.id, code: d.code, name: d.name });
      await app.audit.record(SYSTEM_ACTOR, {
        action: 'agency.create',
        entityType: 'agency',
        entityId: row.id,
        agencyId: row.id,
        after: row,
        note: 'Dữ liệu đo hiệu năng (seed:scale)',
      });
      createdAgencies++;
      agency = { id: row.id, code: row.code, name: row.name, unit_code: u.code, kind: 'ubnd_xa' };
    }
    communeRows.push({
      id: agency.id,
      code: agency.code,
      name: agency.name,
      unitCode: u.code,
      ward: /^phường/i.test(u.name),
    });
  }
  log(`  ${communeRows.length} xã/phường của tỉnh (${createdAgencies} cơ quan mới)`);

  const withPassword: string[] = [];
  const officer = async (agencyId: string, key: string, role: ScaleRole, roleAgencyId = agencyId, sub = false) => {
    const username = `${SCALE_USER_PREFIX}${ROLE_SLUG[role]}.${key}`;
    const found = await users.findByUsername(username);
    if (found) return { id: found.id, username, fullName: found.fullName };
    const fullName = personName(username);
    const id = await users.insert({
      username,
      fullName,
      email: null,
      phone: null,
      agencyId,
      departmentId: null,
      positionCode: ROLE_POSITION[role],
    });
    await users.addAssignment({
      userId: id,
      roleCode: role,
      agencyId: roleAgencyId,
      includeSubordinates: sub,
      createdBy: null,
    });
    // Only the accounts the bench and tests sign in with get a password (argon2id costs CPU time); the
    // specialists and leaders exist for the workflow (assignees, event actors) and cannot sign in.
    if (role === 'can_bo_mot_cua' || sub) withPassword.push(id);
    createdUsers++;
    return { id, username, fullName };
  };
  const staffOf = async (agencyId: string, key: string): Promise<Record<ScaleRole, ScaleOfficer>> => ({
    can_bo_mot_cua: await officer(agencyId, key, 'can_bo_mot_cua'),
    chuyen_vien: await officer(agencyId, key, 'chuyen_vien'),
    lanh_dao: await officer(agencyId, key, 'lanh_dao'),
  });

  const communes: ScaleAgency[] = [];
  for (const c of communeRows) {
    communes.push({
      id: c.id,
      code: c.code,
      name: c.name,
      kind: 'commune',
      // Wards (phường) are towns: more dossiers. Stable per unit code.
      weight: (c.ward ? 1.8 : 0.6) + hashUnit(c.unitCode),
      officers: await staffOf(c.id, c.unitCode),
    });
  }
  const provinceLeader = await officer(province.id, 'tinh', 'lanh_dao', province.id, true);

  // Commune-level procedures: every commune implements them (through the procedures repository).
  const procedures = new ProceduresRepository(db);
  const published = await publishedProcedures(app);
  const provincialIds = new Set<string>();
  for (const p of published) {
    if (p.level === 'xa') {
      const ids = [...new Set([...p.agencyIds, ...communes.map((c) => c.id)])];
      if (ids.length !== p.agencyIds.length) await procedures.setAgencies(p.procedureId, ids, app.clock());
    } else for (const id of p.agencyIds) provincialIds.add(id);
  }
  const provincial: ScaleAgency[] = [];
  for (const id of provincialIds) {
    const a = existing.find((e) => e.id === id);
    if (!a) continue;
    provincial.push({
      id,
      code: a.code,
      name: a.name,
      kind: 'province',
      weight: 1,
      officers: await staffOf(id, a.code.replace(/\./g, '').toLowerCase()),
    });
  }
  await staffOf(transfer.id, transfer.code.replace(/\./g, '').toLowerCase());

  // argon2id hashes through the auth module, a few at a time (the machine's CPUs are the limit).
  for (let i = 0; i < withPassword.length; i += 4)
    await Promise.all(
      withPassword
        .slice(i, i + 4)
        .map((id) => app.auth.setPassword(id, SCALE_PASSWORD, { mustChange: false, actor: SYSTEM_ACTOR })),
    );
  log(`  ${createdUsers} cán bộ mới, ${withPassword.length} có mật khẩu chung của dữ liệu đo hiệu năng`);
  return {
    provinceId: province.id,
    transferAgencyId: transfer.id,
    communes,
    provincial,
    provinceLeader,
    createdAgencies,
    createdUsers,
  };
}

/** The published procedures of the catalogue that some agency implements (the ones dossiers can be filed under). */
export async function publishedProcedures(app: FastifyInstance): Promise<PublishedProcedure[]> {
  const rows = await app.database.db
    .selectFrom('procedures')
    .select(['code'])
    .where('status', '=', 'published')
    .orderBy('code')
    .execute();
  const out: PublishedProcedure[] = [];
  for (const r of rows) {
    const p = await app.procedures.findPublished(r.code);
    if (p) out.push(p);
  }
  return out;
}
