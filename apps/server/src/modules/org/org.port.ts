import type { Grant } from '../auth/principal.js';
import type { AgencyKind } from './org.tables.js';

export interface StaffAccount {
  id: string;
  username: string;
  fullName: string;
  status: 'active' | 'locked';
  /** Role codes held anywhere: the auth module uses them for "TOTP required for this role". */
  roleCodes: string[];
}

/** An administrative unit in force (code list of Quyết định 19/2025/QĐ-TTg). */
export interface AdminUnitSummary {
  /** Official code, zero-padded: 2 digits for a province ("44"), 5 for a commune ("19171"). */
  code: string;
  /** Full name, e.g. "Tỉnh Quảng Trị", "Phường Đồng Hới". */
  name: string;
  /** Kind as in the official list: "tỉnh", "thành phố trung ương", "phường", "xã", "đặc khu". */
  kind: string;
}

/** Where a pre-2025 commune went (conversion table of 1 July 2025). */
export interface OldCommuneResolution {
  /** The old commune, as in the pre-2025 list. */
  oldCode: string;
  oldName: string;
  oldDistrictName: string | null;
  oldProvinceName: string | null;
  /** The commune(s) in force now that hold its territory — several when it was split. */
  current: { commune: AdminUnitSummary; province: AdminUnitSummary; note: string | null }[];
}

export interface AgencySummary {
  id: string;
  code: string;
  name: string;
  /** ubnd_tinh, so, ubnd_xa, trung_tam_phvhc (Trung tâm Phục vụ hành chính công), khac (migrations/0002_org.sql). */
  kind: AgencyKind;
  unitCode: string | null;
  /** null for a top-level agency (e.g. UBND tỉnh): its grants reach system-wide rows. */
  parentId: string | null;
}

/** A staff member who holds a given role in a given agency (OrgPort.staffWithRole). */
export interface StaffWithRole {
  id: string;
  username: string;
  fullName: string;
  positionCode: string | null;
}

/** What other modules may ask of the org module (decorated as `app.org`). */
export interface OrgPort {
  findStaffByUsername(username: string): Promise<StaffAccount | null>;
  findStaff(userId: string): Promise<StaffAccount | null>;
  /** Every role the user holds, each with the agencies it reaches (subordinates expanded). */
  getGrants(userId: string): Promise<Grant[]>;
  /**
   * The staff member and their grants (the auth hook runs this on every authenticated request); null when there
   * is no such user. Kept per node for STAFF_GRANTS_CACHE_SECONDS (default 5) and dropped on any write through
   * the org API of this node: another node sees a change of roles within that time. Locking a user also revokes
   * their sessions, which takes effect on the next request everywhere.
   */
  findStaffWithGrants(userId: string): Promise<{ staff: StaffAccount; grants: Grant[] } | null>;
  /** Forgets the cached staff and grants of this node (after a change made outside the org API, e.g. a script). */
  forgetCachedStaff(): void;
  /** Agency ids at and below the given one (for scoping lists). */
  agencySubtree(agencyId: string): Promise<string[]>;
  findAgency(agencyId: string): Promise<AgencySummary | null>;
  /** The agencies with these ids (unknown ids left out), in one query; order not guaranteed. */
  findAgencies(agencyIds: readonly string[]): Promise<AgencySummary[]>;
  /** The agency with this electronic identifier code (mã định danh điện tử, QĐ 20/2020/QĐ-TTg), or null. */
  findAgencyByCode(code: string): Promise<AgencySummary | null>;
  /**
   * Active staff who hold `roleCode` in `agencyId` (assigned there, or above it with subordinates included):
   * the people a workflow step of that role may be assigned to. Ordered by full name.
   */
  staffWithRole(roleCode: string, agencyId: string): Promise<StaffWithRole[]>;
  /** The 34 provinces in force, ordered by code (public portal). */
  listProvinces(): Promise<AdminUnitSummary[]>;
  /** The communes in force of one province, ordered by code; null when no such province is in force. */
  listCommunes(provinceCode: string): Promise<AdminUnitSummary[] | null>;
  /** Resolves a pre-2025 commune code (5 digits) to the commune(s) in force; null when the code never existed. */
  resolveOldCommune(oldCode: string): Promise<OldCommuneResolution | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    org: OrgPort;
  }
}
