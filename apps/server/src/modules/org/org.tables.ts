import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../db/core.tables.js';

/** `date` columns: read them through `to_char` (see units.repository.ts); written as 'YYYY-MM-DD' or '-infinity'. */
type DateColumn = ColumnType<Date | string, string, string>;
type NullableDateColumn = ColumnType<Date | string | null, string | null | undefined, string | null>;

export type UnitLevel = 'province' | 'district' | 'commune';
export type MergeKind = 'full' | 'partial' | 'unchanged' | 'renamed' | 'other';
export type AgencyKind = 'ubnd_tinh' | 'so' | 'ubnd_xa' | 'trung_tam_phvhc' | 'khac';
export type UserStatus = 'active' | 'locked';

/** Kysely row types of the org module's tables (kept in step with migrations/0002_org.sql). */
export interface OrgTables {
  admin_units: {
    code: string;
    valid_from: DateColumn;
    valid_to: NullableDateColumn;
    name: string;
    search_name: string;
    level: UnitLevel;
    division_type: string;
    parent_code: string | null;
    successor_codes: ColumnType<string[], string[] | undefined, string[]>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  admin_unit_conversions: {
    id: Generated<number>;
    new_province_code: string;
    new_commune_code: string;
    new_commune_name: string;
    old_commune_code: string | null;
    old_commune_name: string;
    old_district_code: string | null;
    old_district_name: string | null;
    old_province_code: string | null;
    old_province_name: string | null;
    merge_kind: MergeKind;
    note: string;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  agencies: {
    id: Generated<string>;
    code: string;
    name: string;
    kind: AgencyKind;
    unit_code: string | null;
    parent_id: string | null;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  departments: {
    id: Generated<string>;
    agency_id: string;
    code: string;
    name: string;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  positions: {
    code: string;
    name: string;
    sort_order: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  users: {
    id: Generated<string>;
    username: string;
    full_name: string;
    search_text: string;
    email: string | null;
    phone: string | null;
    agency_id: string;
    department_id: string | null;
    position_code: string | null;
    status: Generated<UserStatus>;
    locked_reason: string | null;
    locked_at: Date | null;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  roles: {
    code: string;
    name: string;
    description: string;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  role_permissions: {
    role_code: string;
    permission: string;
    created_at: CreatedAt;
  };
  role_assignments: {
    id: Generated<string>;
    user_id: string;
    role_code: string;
    agency_id: string;
    include_subordinates: Generated<boolean>;
    created_by: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
