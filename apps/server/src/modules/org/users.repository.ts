import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import { foldVietnamese, likeContains } from './org.search.js';
import type { UserStatus } from './org.tables.js';

export interface UserRow {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  status: UserStatus;
  lockedReason: string | null;
  agencyId: string;
  agencyName: string;
  positionCode: string | null;
  departmentId: string | null;
  version: number;
  createdAt: Date;
}

export interface AssignmentRow {
  id: string;
  roleCode: string;
  roleName: string;
  agencyId: string;
  agencyName: string;
  includeSubordinates: boolean;
}

export interface NewUser {
  username: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  agencyId: string;
  departmentId: string | null;
  positionCode: string | null;
}

export interface UserListFilter {
  agencyIds: string[];
  q?: string;
  status?: UserStatus;
  limit: number;
  after: { fullName: string; id: string } | null;
}

export type UserPatch = Partial<{
  fullName: string;
  email: string | null;
  phone: string | null;
  departmentId: string | null;
  positionCode: string | null;
  status: UserStatus;
  lockedReason: string | null;
  lockedAt: Date | null;
}>;

const searchText = (fullName: string, username: string) => `${foldVietnamese(fullName)} ${username}`;

function selectUsers(db: Kysely<DB>) {
  return db
    .selectFrom('users as u')
    .innerJoin('agencies as a', 'a.id', 'u.agency_id')
    .select([
      'u.id',
      'u.username',
      'u.full_name as fullName',
      'u.email',
      'u.phone',
      'u.status',
      'u.locked_reason as lockedReason',
      'u.agency_id as agencyId',
      'a.name as agencyName',
      'u.position_code as positionCode',
      'u.department_id as departmentId',
      'u.version',
      'u.created_at as createdAt',
    ]);
}

/** Role assignments with their role and agency names, by agency name then role (both lists below). */
function assignmentsQuery(db: Kysely<DB>) {
  return db
    .selectFrom('role_assignments as ra')
    .innerJoin('roles as r', 'r.code', 'ra.role_code')
    .innerJoin('agencies as a', 'a.id', 'ra.agency_id')
    .select([
      'ra.id',
      'ra.role_code as roleCode',
      'r.name as roleName',
      'ra.agency_id as agencyId',
      'a.name as agencyName',
      'ra.include_subordinates as includeSubordinates',
    ])
    .orderBy('a.name')
    .orderBy('ra.role_code');
}

/** Staff users and their role assignments: the only code reading or writing those tables. */
export class UsersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  findById(id: string, db: Kysely<DB> = this.db): Promise<UserRow | undefined> {
    return selectUsers(db).where('u.id', '=', id).executeTakeFirst();
  }

  findByUsername(username: string): Promise<UserRow | undefined> {
    return selectUsers(this.db).where('u.username', '=', username.toLowerCase()).executeTakeFirst();
  }

  async usernameTaken(username: string): Promise<boolean> {
    const row = await this.db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
    return row !== undefined;
  }

  async insert(u: NewUser, db: Kysely<DB> = this.db): Promise<string> {
    const row = await db
      .insertInto('users')
      .values({
        username: u.username,
        full_name: u.fullName,
        search_text: searchText(u.fullName, u.username),
        email: u.email,
        phone: u.phone,
        agency_id: u.agencyId,
        department_id: u.departmentId,
        position_code: u.positionCode,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Removes a user that was just created when giving it a password failed (nothing else refers to it yet). */
  async deleteNew(id: string): Promise<void> {
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }

  /** Optimistic locking: false when the row is not at `version` any more. */
  async update(
    id: string,
    version: number,
    patch: UserPatch,
    username: string,
    db: Kysely<DB> = this.db,
  ): Promise<boolean> {
    const result = await db
      .updateTable('users')
      .set({
        ...(patch.fullName !== undefined
          ? { full_name: patch.fullName, search_text: searchText(patch.fullName, username) }
          : {}),
        ...(patch.email !== undefined ? { email: patch.email } : {}),
        ...(patch.phone !== undefined ? { phone: patch.phone } : {}),
        ...(patch.departmentId !== undefined ? { department_id: patch.departmentId } : {}),
        ...(patch.positionCode !== undefined ? { position_code: patch.positionCode } : {}),
        ...(patch.status !== undefined ? { status: patch.status } : {}),
        ...(patch.lockedReason !== undefined ? { locked_reason: patch.lockedReason } : {}),
        ...(patch.lockedAt !== undefined ? { locked_at: patch.lockedAt } : {}),
        version: sql`version + 1`,
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async list(f: UserListFilter): Promise<UserRow[]> {
    if (f.agencyIds.length === 0) return [];
    let q = selectUsers(this.db).where('u.agency_id', 'in', f.agencyIds);
    if (f.status) q = q.where('u.status', '=', f.status);
    const folded = f.q ? foldVietnamese(f.q) : '';
    if (folded) q = q.where('u.search_text', 'like', likeContains(folded));
    if (f.after) {
      const a = f.after;
      q = q.where((eb) => eb(eb.refTuple('u.full_name', 'u.id'), '>', eb.tuple(a.fullName, a.id)));
    }
    return q
      .orderBy('u.full_name')
      .orderBy('u.id')
      .limit(f.limit + 1)
      .execute();
  }

  assignments(userIds: string[], db: Kysely<DB> = this.db): Promise<(AssignmentRow & { userId: string })[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return assignmentsQuery(db).select('ra.user_id as userId').where('ra.user_id', 'in', userIds).execute();
  }

  /**
   * One user's assignments with each role's permissions, in one round trip: what every authenticated request
   * needs (OrgService.getGrants), so it is kept to a single query.
   */
  grantRows(userId: string, db: Kysely<DB> = this.db): Promise<(AssignmentRow & { permissions: string[] })[]> {
    return assignmentsQuery(db)
      .select(
        sql<
          string[]
        >`array(select rp.permission from role_permissions rp where rp.role_code = ra.role_code order by rp.permission)`.as(
          'permissions',
        ),
      )
      .where('ra.user_id', '=', userId)
      .execute();
  }

  /**
   * Active users holding `roleCode` in `agencyId`: assigned there, or in one of `ancestorIds` with subordinates
   * included (the same reach as OrgService.getGrants). Ordered by full name.
   */
  holdersOfRole(
    roleCode: string,
    agencyId: string,
    ancestorIds: string[],
  ): Promise<{ id: string; username: string; fullName: string; positionCode: string | null }[]> {
    return this.db
      .selectFrom('role_assignments as ra')
      .innerJoin('users as u', 'u.id', 'ra.user_id')
      .select(['u.id', 'u.username', 'u.full_name as fullName', 'u.position_code as positionCode'])
      .distinct()
      .where('ra.role_code', '=', roleCode)
      .where('u.status', '=', 'active')
      .where((eb) =>
        eb.or([
          eb('ra.agency_id', '=', agencyId),
          ...(ancestorIds.length > 0
            ? [eb.and([eb('ra.include_subordinates', '=', true), eb('ra.agency_id', 'in', ancestorIds)])]
            : []),
        ]),
      )
      .orderBy('u.full_name')
      .orderBy('u.id')
      .execute();
  }

  async addAssignment(
    a: { userId: string; roleCode: string; agencyId: string; includeSubordinates: boolean; createdBy: string | null },
    db: Kysely<DB> = this.db,
  ): Promise<void> {
    await db
      .insertInto('role_assignments')
      .values({
        user_id: a.userId,
        role_code: a.roleCode,
        agency_id: a.agencyId,
        include_subordinates: a.includeSubordinates,
        created_by: a.createdBy,
      })
      .onConflict((oc) =>
        oc.columns(['user_id', 'role_code', 'agency_id']).doUpdateSet({
          include_subordinates: a.includeSubordinates,
          updated_at: sql`now()`,
        }),
      )
      .execute();
  }

  async removeAssignment(id: string, db: Kysely<DB> = this.db): Promise<void> {
    await db.deleteFrom('role_assignments').where('id', '=', id).execute();
  }
}
