import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, conflict, notFound, staleVersion, unprocessable } from '../../http/errors.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import type { AuthPort } from '../auth/auth.port.js';
import { agenciesWith } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import { checkGrantChange, must, requireStaff, staffId } from './org.policy.js';
import { OrgRepository } from './org.repository.js';
import type { UserStatus } from './org.tables.js';
import { type AssignmentRow, type UserPatch, type UserRow, UsersRepository } from './users.repository.js';

export interface UsersDeps {
  db: Kysely<DB>;
  audit: () => AuditPort;
  auth: () => AuthPort;
  clock: () => Date;
}

export interface UserSummary {
  id: string;
  username: string;
  fullName: string;
  email: string | null;
  phone: string | null;
  status: UserStatus;
  agencyId: string;
  agencyName: string;
  positionCode: string | null;
  departmentId: string | null;
  version: number;
  createdAt: string;
}

export interface UserDetail extends UserSummary {
  lockedReason: string | null;
  lastLoginAt: string | null;
  roles: { roleCode: string; roleName: string; agencyId: string; agencyName: string; includeSubordinates: boolean }[];
}

export interface CreateUserInput {
  username: string;
  fullName: string;
  email?: string | null;
  phone?: string | null;
  agencyId: string;
  departmentId?: string | null;
  positionCode?: string | null;
  password?: string;
}

export interface AssignmentInput {
  roleCode: string;
  agencyId: string;
  includeSubordinates: boolean;
}

const summary = (u: UserRow): UserSummary => ({
  id: u.id,
  username: u.username,
  fullName: u.fullName,
  email: u.email,
  phone: u.phone,
  status: u.status,
  agencyId: u.agencyId,
  agencyName: u.agencyName,
  positionCode: u.positionCode,
  departmentId: u.departmentId,
  version: u.version,
  createdAt: u.createdAt.toISOString(),
});

const roleView = (a: AssignmentRow) => ({
  roleCode: a.roleCode,
  roleName: a.roleName,
  agencyId: a.agencyId,
  agencyName: a.agencyName,
  includeSubordinates: a.includeSubordinates,
});

/** Staff users: list, create, edit, lock/unlock, reset password, roles. Every change is audited. */
export class UsersService {
  readonly repo: UsersRepository;
  private readonly org: OrgRepository;

  constructor(private readonly deps: UsersDeps) {
    this.repo = new UsersRepository(deps.db);
    this.org = new OrgRepository(deps.db);
  }

  async list(
    principal: Principal | null,
    query: { q?: string; agencyId?: string; status?: UserStatus; limit?: number; cursor?: string },
  ) {
    must(principal, 'users.read', query.agencyId);
    const scope = agenciesWith(requireStaff(principal), 'users.read');
    const limit = query.limit ?? 50;
    const cursor = decodeCursor(query.cursor);
    const rows = await this.repo.list({
      agencyIds: query.agencyId ? [query.agencyId] : [...scope],
      ...(query.q ? { q: query.q } : {}),
      ...(query.status ? { status: query.status } : {}),
      limit,
      after: cursor ? { fullName: String(cursor.k), id: cursor.id } : null,
    });
    const page = toPage(rows, limit, (r) => ({ k: r.fullName, id: r.id }));
    return { items: page.items.map(summary), nextCursor: page.nextCursor };
  }

  /** Loads a user the caller may act on with `permission`: 403 without it anywhere, 404 outside its scope. */
  private async load(
    principal: Principal | null,
    id: string,
    permission: 'users.read' | 'users.manage' | 'roles.assign',
  ) {
    const user = await this.repo.findById(id);
    must(principal, permission, user?.agencyId);
    if (!user) throw notFound('Không tìm thấy người dùng.');
    return user;
  }

  private async detail(user: UserRow): Promise<UserDetail> {
    const roles = await this.repo.assignments([user.id]);
    return {
      ...summary(user),
      lockedReason: user.lockedReason,
      lastLoginAt: (await this.deps.auth().lastSignInAt(user.id))?.toISOString() ?? null,
      roles: roles.map(roleView),
    };
  }

  async get(principal: Principal | null, id: string): Promise<UserDetail> {
    return this.detail(await this.load(principal, id, 'users.read'));
  }

  private async checkPlacement(
    agencyId: string,
    departmentId: string | null | undefined,
    positionCode: string | null | undefined,
  ) {
    if (departmentId) {
      const dept = await this.org.findDepartment(departmentId);
      if (!dept || dept.agencyId !== agencyId) {
        throw unprocessable('Phòng ban không thuộc cơ quan của người dùng.', [
          { field: '/departmentId', message: 'Hãy chọn một phòng ban của cơ quan này.' },
        ]);
      }
    }
    if (positionCode && !(await this.org.positionExists(positionCode))) {
      throw unprocessable('Chức vụ không có trong danh mục.', [
        { field: '/positionCode', message: 'Chức vụ không hợp lệ.' },
      ]);
    }
  }

  async create(
    principal: Principal | null,
    actor: ActorContext,
    input: CreateUserInput,
  ): Promise<{ user: UserDetail; temporaryPassword?: string }> {
    must(principal, 'users.manage', input.agencyId);
    const username = input.username.trim().toLowerCase();
    await this.checkPlacement(input.agencyId, input.departmentId, input.positionCode);
    if (await this.repo.usernameTaken(username)) {
      throw conflict(`Tên đăng nhập "${username}" đã được sử dụng.`, 'username_taken');
    }
    const id = await this.repo.insert({
      username,
      fullName: input.fullName.trim(),
      email: input.email?.trim() || null,
      phone: input.phone?.trim() || null,
      agencyId: input.agencyId,
      departmentId: input.departmentId ?? null,
      positionCode: input.positionCode ?? null,
    });
    // The password lives in the auth module. A default password must be changed at first sign-in
    // (QĐ 742/QĐ-BTTTT). If the password is refused (policy), the new user is removed again.
    let temporaryPassword: string | undefined;
    try {
      if (input.password !== undefined)
        await this.deps.auth().setPassword(id, input.password, { mustChange: true, actor });
      else temporaryPassword = await this.deps.auth().issueTemporaryPassword(id, actor);
    } catch (error) {
      await this.repo.deleteNew(id);
      throw error;
    }
    const user = await this.repo.findById(id);
    if (!user) throw notFound();
    const detail = await this.detail(user);
    await this.deps.audit().record(actor, {
      action: 'user.create',
      entityType: 'user',
      entityId: id,
      agencyId: user.agencyId,
      after: summary(user),
    });
    return temporaryPassword === undefined ? { user: detail } : { user: detail, temporaryPassword };
  }

  /** Applies a patch at the client's version (409 when stale) and audits it, in one transaction. */
  private async change(
    actor: ActorContext,
    user: UserRow,
    version: number,
    patch: UserPatch,
    action: string,
    note?: string,
  ) {
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      if (!(await this.repo.update(user.id, version, patch, user.username, trx))) throw staleVersion('Người dùng');
      const after = await this.repo.findById(user.id, trx);
      if (!after) throw notFound();
      await this.deps.audit().record(
        actor,
        {
          action,
          entityType: 'user',
          entityId: user.id,
          agencyId: user.agencyId,
          before: summary(user),
          after: summary(after),
          ...(note ? { note } : {}),
        },
        trx,
      );
      return after;
    });
    // Outside the transaction: the detail asks the auth module (PGlite has one connection).
    return this.detail(updated);
  }

  async update(
    principal: Principal | null,
    actor: ActorContext,
    id: string,
    input: {
      version: number;
      fullName?: string;
      email?: string | null;
      phone?: string | null;
      departmentId?: string | null;
      positionCode?: string | null;
    },
  ): Promise<UserDetail> {
    const user = await this.load(principal, id, 'users.manage');
    await this.checkPlacement(user.agencyId, input.departmentId, input.positionCode);
    const patch: UserPatch = {};
    if (input.fullName !== undefined) patch.fullName = input.fullName.trim();
    if (input.email !== undefined) patch.email = input.email?.trim() || null;
    if (input.phone !== undefined) patch.phone = input.phone?.trim() || null;
    if (input.departmentId !== undefined) patch.departmentId = input.departmentId;
    if (input.positionCode !== undefined) patch.positionCode = input.positionCode;
    return this.change(actor, user, input.version, patch, 'user.update');
  }

  async lock(principal: Principal | null, actor: ActorContext, id: string, reason: string): Promise<UserDetail> {
    const user = await this.load(principal, id, 'users.manage');
    if (staffId(requireStaff(principal)) === id) {
      throw conflict('Bạn không thể tự khóa tài khoản của mình.', 'cannot_lock_self');
    }
    const detail = await this.change(
      actor,
      user,
      user.version,
      { status: 'locked', lockedReason: reason.trim(), lockedAt: this.deps.clock() },
      'user.lock',
      reason.trim(),
    );
    await this.deps.auth().revokeAllSessions(id);
    return detail;
  }

  async unlock(principal: Principal | null, actor: ActorContext, id: string): Promise<UserDetail> {
    const user = await this.load(principal, id, 'users.manage');
    return this.change(
      actor,
      user,
      user.version,
      { status: 'active', lockedReason: null, lockedAt: null },
      'user.unlock',
    );
  }

  async resetPassword(
    principal: Principal | null,
    actor: ActorContext,
    id: string,
  ): Promise<{ temporaryPassword: string }> {
    const user = await this.load(principal, id, 'users.manage');
    // Also ends the user's sessions and clears a sign-in lock-out (auth module).
    const temporaryPassword = await this.deps.auth().issueTemporaryPassword(id, actor);
    await this.deps
      .audit()
      .record(actor, { action: 'user.password_reset', entityType: 'user', entityId: id, agencyId: user.agencyId });
    return { temporaryPassword };
  }

  /**
   * Replaces the user's role assignments. Only the differences are checked: each added or removed
   * assignment must lie within the caller's `roles.assign` scope, and an added one may not carry a
   * permission the caller lacks where it applies (see org.policy.ts). Assignments the caller sends
   * back unchanged need no rights, so an administrator can save a list holding grants made higher up.
   */
  async setRoles(
    principal: Principal | null,
    actor: ActorContext,
    id: string,
    wanted: AssignmentInput[],
  ): Promise<UserDetail> {
    const user = await this.load(principal, id, 'roles.assign');
    const caller = requireStaff(principal);
    if (staffId(caller) === id) {
      throw new AppError(403, 'cannot_change_own_roles', 'Bạn không thể tự thay đổi vai trò của chính mình.');
    }
    const keyOf = (a: { roleCode: string; agencyId: string }) => `${a.roleCode}@${a.agencyId}`;
    const seen = new Set<string>();
    wanted.forEach((a, i) => {
      if (seen.has(keyOf(a))) {
        throw unprocessable('Mỗi vai trò chỉ được giao một lần tại một cơ quan.', [
          { field: `/assignments/${i}`, message: 'Vai trò này đã có trong danh sách cho cơ quan này.' },
        ]);
      }
      seen.add(keyOf(a));
    });
    const roles = await this.org.listRoles([...new Set(wanted.map((a) => a.roleCode))]);
    wanted.forEach((a, i) => {
      if (!roles.some((r) => r.code === a.roleCode)) {
        throw unprocessable('Vai trò không tồn tại.', [
          { field: `/assignments/${i}/roleCode`, message: 'Vai trò không hợp lệ.' },
        ]);
      }
    });
    const current = await this.repo.assignments([id]);
    const currentByKey = new Map(current.map((a) => [keyOf(a), a]));
    const wantedKeys = new Set(wanted.map(keyOf));
    const toAdd = wanted.filter((a) => currentByKey.get(keyOf(a))?.includeSubordinates !== a.includeSubordinates);
    const toRemove = current.filter((a) => !wantedKeys.has(keyOf(a)));
    if (toAdd.length === 0 && toRemove.length === 0) return this.detail(user);

    const subtrees = await this.org.subtrees([...new Set([...toAdd, ...toRemove].map((a) => a.agencyId))]);
    const reach = (a: { agencyId: string; includeSubordinates: boolean }) =>
      a.includeSubordinates ? (subtrees.get(a.agencyId) ?? [a.agencyId]) : [a.agencyId];
    for (const a of toRemove) checkGrantChange(caller, { ...a, reach: reach(a), permissions: [] }, 'remove');
    for (const a of toAdd) {
      const permissions = roles.find((r) => r.code === a.roleCode)?.permissions ?? [];
      // An existing grant that widens to subordinates is checked as a new grant over the wider reach.
      checkGrantChange(caller, { ...a, reach: reach(a), permissions }, 'add');
    }

    await this.deps.db.transaction().execute(async (trx) => {
      for (const a of toRemove) await this.repo.removeAssignment(a.id, trx);
      for (const a of toAdd) await this.repo.addAssignment({ userId: id, ...a, createdBy: staffId(caller) }, trx);
      const after = await this.repo.assignments([id], trx);
      await this.deps.audit().record(
        actor,
        {
          action: 'user.roles_update',
          entityType: 'user',
          entityId: id,
          agencyId: user.agencyId,
          before: current.map(roleView),
          after: after.map(roleView),
        },
        trx,
      );
    });
    return this.detail(user);
  }
}
