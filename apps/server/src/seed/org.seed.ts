import type { FastifyInstance } from 'fastify';
import { SYSTEM_ACTOR } from '../http/request-context.js';
import { OrgRepository } from '../modules/org/org.repository.js';
import type { AgencyKind } from '../modules/org/org.tables.js';
import { importUnits, UnitsService, vnDate } from '../modules/org/units.service.js';
import { UsersRepository } from '../modules/org/users.repository.js';
import { type DemoLogin, registerDemoSeeder } from './demo.js';

/**
 * Demo passwords. Production must refuse to start while any user still has one of them
 * (QĐ 742/QĐ-BTTTT: no default credentials in service) — the auth module checks this list.
 */
export const DEMO_PASSWORDS: readonly string[] = ['Saola@2026'];
const DEMO_PASSWORD = DEMO_PASSWORDS[0] ?? 'Saola@2026';

interface DemoAgency {
  key: string;
  /**
   * Mã định danh điện tử (QĐ 20/2020/QĐ-TTg, structure V1V2V3.Z1Z2.Y1Y2.H50). 000.00.00.H50 is the
   * code in use for UBND tỉnh Quảng Trị; the codes below it are DEMO codes chosen in the same
   * structure, not the ones the province has issued.
   */
  code: string;
  name: string;
  kind: AgencyKind;
  unitCode: string;
  parent: string | null;
  departments: { code: string; name: string }[];
}

// Quảng Trị (code 44) since 1 July 2025 includes former Quảng Bình (Nghị quyết 202/2025/QH15).
const AGENCIES: DemoAgency[] = [
  {
    key: 'tinh',
    code: '000.00.00.H50',
    name: 'UBND tỉnh Quảng Trị',
    kind: 'ubnd_tinh',
    unitCode: '44',
    parent: null,
    departments: [],
  },
  {
    key: 'vp',
    code: '000.00.01.H50',
    name: 'Văn phòng UBND tỉnh Quảng Trị',
    kind: 'so',
    unitCode: '44',
    parent: 'tinh',
    departments: [
      { code: 'hanh_chinh_to_chuc', name: 'Phòng Hành chính – Tổ chức' },
      { code: 'tin_hoc_cong_bao', name: 'Trung tâm Tin học – Công báo' },
    ],
  },
  {
    key: 'stp',
    code: '000.00.12.H50',
    name: 'Sở Tư pháp tỉnh Quảng Trị',
    kind: 'so',
    unitCode: '44',
    parent: 'tinh',
    departments: [{ code: 'van_phong', name: 'Văn phòng Sở' }],
  },
  {
    key: 'sxd',
    code: '000.00.13.H50',
    name: 'Sở Xây dựng tỉnh Quảng Trị',
    kind: 'so',
    unitCode: '44',
    parent: 'tinh',
    departments: [{ code: 'van_phong', name: 'Văn phòng Sở' }],
  },
  {
    key: 'stc',
    code: '000.00.14.H50',
    name: 'Sở Tài chính tỉnh Quảng Trị',
    kind: 'so',
    unitCode: '44',
    parent: 'tinh',
    departments: [{ code: 'van_phong', name: 'Văn phòng Sở' }],
  },
  {
    key: 'snv',
    code: '000.00.15.H50',
    name: 'Sở Nội vụ tỉnh Quảng Trị',
    kind: 'so',
    unitCode: '44',
    parent: 'tinh',
    departments: [{ code: 'van_phong', name: 'Văn phòng Sở' }],
  },
  {
    key: 'ttphvhc',
    code: '000.01.01.H50',
    name: 'Trung tâm Phục vụ hành chính công tỉnh Quảng Trị',
    kind: 'trung_tam_phvhc',
    unitCode: '44',
    parent: 'vp',
    departments: [{ code: 'tiep_nhan_tra_ket_qua', name: 'Bộ phận Tiếp nhận và Trả kết quả' }],
  },
  ...(
    [
      ['donghoi', '000.00.61.H50', 'UBND phường Đồng Hới', '18880'],
      ['vinhlinh', '000.00.62.H50', 'UBND xã Vĩnh Linh', '19363'],
      ['dongha', '000.00.63.H50', 'UBND phường Đông Hà', '19333'],
    ] as const
  ).map(([key, code, name, unitCode]): DemoAgency => ({
    key,
    code,
    name,
    kind: 'ubnd_xa',
    unitCode,
    parent: 'tinh',
    departments: [
      { code: 'mot_cua', name: 'Bộ phận Một cửa' },
      { code: 'van_phong', name: 'Văn phòng HĐND và UBND' },
    ],
  })),
];

interface DemoUser {
  label: string;
  username: string;
  fullName: string;
  agency: string;
  department?: string;
  position: string;
  role: string;
  /** Where the role is held (defaults to the home agency) and whether it reaches the agencies below. */
  roleAgency?: string;
  includeSubordinates: boolean;
}

/** Usernames of the demo accounts: production refuses to start while one still has a demo password. */
export const demoUsernames = (): string[] => USERS.map((u) => u.username);

const USERS: DemoUser[] = [
  {
    label: 'Quản trị hệ thống (tỉnh)',
    username: 'quantri.tinh',
    fullName: 'Lê Quang Huy',
    agency: 'vp',
    department: 'tin_hoc_cong_bao',
    position: 'quan_tri_he_thong',
    role: 'quan_tri',
    roleAgency: 'tinh',
    includeSubordinates: true,
  },
  {
    label: 'Lãnh đạo UBND phường',
    username: 'lanhdao.donghoi',
    fullName: 'Nguyễn Thị Thu Hà',
    agency: 'donghoi',
    position: 'chu_tich',
    role: 'lanh_dao',
    includeSubordinates: false,
  },
  {
    label: 'Chuyên viên',
    username: 'chuyenvien.donghoi',
    fullName: 'Trần Văn Đức',
    agency: 'donghoi',
    department: 'van_phong',
    position: 'chuyen_vien',
    role: 'chuyen_vien',
    includeSubordinates: false,
  },
  {
    label: 'Văn thư',
    username: 'vanthu.donghoi',
    fullName: 'Phạm Thị Lan',
    agency: 'donghoi',
    department: 'van_phong',
    position: 'van_thu',
    role: 'van_thu',
    includeSubordinates: false,
  },
  {
    label: 'Cán bộ một cửa',
    username: 'motcua.donghoi',
    fullName: 'Hoàng Minh Tuấn',
    agency: 'donghoi',
    department: 'mot_cua',
    position: 'can_bo_mot_cua',
    role: 'can_bo_mot_cua',
    includeSubordinates: false,
  },
  {
    // Province-wide reception (Nghị định 118/2025/NĐ-CP; article to confirm): receives for any commune of the province.
    label: 'Cán bộ một cửa Trung tâm PVHCC tỉnh',
    username: 'motcua.ttphvhc',
    fullName: 'Đinh Thị Kim Oanh',
    agency: 'ttphvhc',
    department: 'tiep_nhan_tra_ket_qua',
    position: 'can_bo_mot_cua',
    role: 'can_bo_mot_cua',
    includeSubordinates: false,
  },
  {
    label: 'Quản trị hệ thống (xã)',
    username: 'quantri.vinhlinh',
    fullName: 'Võ Thị Mai',
    agency: 'vinhlinh',
    department: 'van_phong',
    position: 'quan_tri_he_thong',
    role: 'quan_tri',
    includeSubordinates: true,
  },
];

/**
 * Demo data of the org module: the administrative units (imported on the first start), the
 * Quảng Trị agencies and one user per role. Idempotent: what exists (by code/username) is kept.
 */
export async function seedOrgDemo(app: FastifyInstance): Promise<DemoLogin[]> {
  const { db } = app.database;
  const units = new UnitsService(db, () => vnDate(app.clock()));
  if ((await units.countCurrent()) === 0) {
    const result = await importUnits(db);
    await app.audit.record(SYSTEM_ACTOR, {
      action: 'admin_units.import',
      entityType: 'admin_units',
      entityId: null,
      agencyId: null,
      after: { units: result.units, conversions: result.conversions },
      note: 'Dữ liệu demo: nhập danh mục đơn vị hành chính',
    });
    app.log.info(
      { ms: result.milliseconds, units: result.units.total, conversions: result.conversions.total },
      'administrative units imported',
    );
  }

  const org = new OrgRepository(db);
  const ids = new Map<string, string>();
  const departmentIds = new Map<string, string>();
  for (const a of AGENCIES) {
    const parentId = a.parent ? (ids.get(a.parent) ?? null) : null;
    let agency = await org.findAgencyByCode(a.code);
    if (!agency) {
      agency = await org.insertAgency({ code: a.code, name: a.name, kind: a.kind, unitCode: a.unitCode, parentId });
      await app.audit.record(SYSTEM_ACTOR, {
        action: 'agency.create',
        entityType: 'agency',
        entityId: agency.id,
        agencyId: agency.id,
        after: agency,
        note: 'Dữ liệu demo',
      });
    }
    ids.set(a.key, agency.id);
    for (const d of a.departments) {
      const dept =
        (await org.findDepartmentByCode(agency.id, d.code)) ??
        (await org.insertDepartment({ agencyId: agency.id, code: d.code, name: d.name }));
      departmentIds.set(`${a.key}/${d.code}`, dept.id);
    }
  }

  const users = new UsersRepository(db);
  const logins: DemoLogin[] = [];
  for (const u of USERS) {
    const agencyId = ids.get(u.agency);
    const roleAgencyId = ids.get(u.roleAgency ?? u.agency);
    if (!agencyId || !roleAgencyId) throw new Error(`Thiếu cơ quan demo ${u.agency}`);
    if (!(await users.findByUsername(u.username))) {
      const id = await users.insert({
        username: u.username,
        fullName: u.fullName,
        email: `${u.username}@demo.saola.vn`,
        phone: null,
        agencyId,
        departmentId: u.department ? (departmentIds.get(`${u.agency}/${u.department}`) ?? null) : null,
        positionCode: u.position,
      });
      await users.addAssignment({
        userId: id,
        roleCode: u.role,
        agencyId: roleAgencyId,
        includeSubordinates: u.includeSubordinates,
        createdBy: null,
      });
      // mustChange=false so that the printed logins work as shown; production refuses DEMO_PASSWORDS.
      await app.auth.setPassword(id, DEMO_PASSWORD, { mustChange: false, actor: SYSTEM_ACTOR });
      await app.audit.record(SYSTEM_ACTOR, {
        action: 'user.create',
        entityType: 'user',
        entityId: id,
        agencyId,
        after: { username: u.username, role: u.role },
        note: 'Dữ liệu demo',
      });
    }
    const agencyName = AGENCIES.find((a) => a.key === u.agency)?.name ?? '';
    logins.push({ role: u.label, username: u.username, password: DEMO_PASSWORD, agency: agencyName });
  }
  return logins;
}

registerDemoSeeder(seedOrgDemo);
