import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { AgencyKind } from './org.tables.js';

export interface AgencyRow {
  id: string;
  code: string;
  name: string;
  kind: AgencyKind;
  unitCode: string | null;
  parentId: string | null;
  version: number;
}

export interface DepartmentRow {
  id: string;
  agencyId: string;
  code: string;
  name: string;
}

export interface RoleRow {
  code: string;
  name: string;
  description: string;
  permissions: string[];
}

const agencyColumns = [
  'id',
  'code',
  'name',
  'kind',
  'unit_code as unitCode',
  'parent_id as parentId',
  'version',
] as const;

/** Agencies, departments, positions and roles: the only code reading or writing those tables. */
export class OrgRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findAgency(id: string, db: Kysely<DB> = this.db): Promise<AgencyRow | undefined> {
    return db.selectFrom('agencies').select(agencyColumns).where('id', '=', id).executeTakeFirst();
  }

  findAgencyByCode(code: string, db: Kysely<DB> = this.db): Promise<AgencyRow | undefined> {
    return db.selectFrom('agencies').select(agencyColumns).where('code', '=', code).executeTakeFirst();
  }

  listAgencies(ids: string[]): Promise<AgencyRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.selectFrom('agencies').select(agencyColumns).where('id', 'in', ids).orderBy('name').execute();
  }

  async insertAgency(
    a: { code: string; name: string; kind: AgencyKind; unitCode: string | null; parentId: string | null },
    db: Kysely<DB> = this.db,
  ): Promise<AgencyRow> {
    return db
      .insertInto('agencies')
      .values({ code: a.code, name: a.name, kind: a.kind, unit_code: a.unitCode, parent_id: a.parentId })
      .returning(agencyColumns)
      .executeTakeFirstOrThrow();
  }

  /** Optimistic locking: undefined when the row is not at `version` any more. */
  updateAgency(
    id: string,
    version: number,
    patch: Partial<{ code: string; name: string; kind: AgencyKind; unitCode: string | null; parentId: string | null }>,
    db: Kysely<DB> = this.db,
  ): Promise<AgencyRow | undefined> {
    return db
      .updateTable('agencies')
      .set({
        ...(patch.code !== undefined ? { code: patch.code } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
        ...(patch.unitCode !== undefined ? { unit_code: patch.unitCode } : {}),
        ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .returning(agencyColumns)
      .executeTakeFirst();
  }

  /** For each root, the root and every agency below it (recursive over parent_id). */
  async subtrees(rootIds: string[], db: Kysely<DB> = this.db): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(rootIds.map((id) => [id, []]));
    if (rootIds.length === 0) return out;
    const rows = await sql<{ root_id: string; id: string }>`
      with recursive sub (root_id, id) as (
        select a.id, a.id from agencies a where a.id in (${sql.join(rootIds)})
        union
        select sub.root_id, c.id from agencies c join sub on c.parent_id = sub.id
      )
      select root_id, id from sub`.execute(db);
    for (const r of rows.rows) out.get(r.root_id)?.push(r.id);
    return out;
  }

  async departmentsOf(agencyIds: string[]): Promise<DepartmentRow[]> {
    if (agencyIds.length === 0) return [];
    return this.db
      .selectFrom('departments')
      .select(['id', 'agency_id as agencyId', 'code', 'name'])
      .where('agency_id', 'in', agencyIds)
      .orderBy('name')
      .execute();
  }

  findDepartment(id: string, db: Kysely<DB> = this.db): Promise<DepartmentRow | undefined> {
    return db
      .selectFrom('departments')
      .select(['id', 'agency_id as agencyId', 'code', 'name'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  findDepartmentByCode(agencyId: string, code: string, db: Kysely<DB> = this.db): Promise<DepartmentRow | undefined> {
    return db
      .selectFrom('departments')
      .select(['id', 'agency_id as agencyId', 'code', 'name'])
      .where('agency_id', '=', agencyId)
      .where('code', '=', code)
      .executeTakeFirst();
  }

  insertDepartment(
    d: { agencyId: string; code: string; name: string },
    db: Kysely<DB> = this.db,
  ): Promise<DepartmentRow> {
    return db
      .insertInto('departments')
      .values({ agency_id: d.agencyId, code: d.code, name: d.name })
      .returning(['id', 'agency_id as agencyId', 'code', 'name'])
      .executeTakeFirstOrThrow();
  }

  listPositions(): Promise<{ code: string; name: string }[]> {
    return this.db.selectFrom('positions').select(['code', 'name']).orderBy('sort_order').orderBy('code').execute();
  }

  async positionExists(code: string): Promise<boolean> {
    return (
      (await this.db.selectFrom('positions').select('code').where('code', '=', code).executeTakeFirst()) !== undefined
    );
  }

  async listRoles(codes?: string[]): Promise<RoleRow[]> {
    if (codes && codes.length === 0) return [];
    let q = this.db.selectFrom('roles').select(['code', 'name', 'description']).orderBy('code');
    if (codes) q = q.where('code', 'in', codes);
    const roles = await q.execute();
    if (roles.length === 0) return [];
    const perms = await this.db
      .selectFrom('role_permissions')
      .select(['role_code', 'permission'])
      .where(
        'role_code',
        'in',
        roles.map((r) => r.code),
      )
      .orderBy('permission')
      .execute();
    return roles.map((r) => ({
      ...r,
      permissions: perms.filter((p) => p.role_code === r.code).map((p) => p.permission),
    }));
  }
}
