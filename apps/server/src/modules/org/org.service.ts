import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict, notFound, staleVersion, unprocessable } from '../../http/errors.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import { agenciesWith } from '../auth/policy.js';
import { isPermission } from '../auth/permissions.js';
import type { Grant, Principal } from '../auth/principal.js';
import { must, mustHaveAny, requireStaff } from './org.policy.js';
import { type AgencyRow, OrgRepository } from './org.repository.js';
import type { AgencyKind } from './org.tables.js';
import { UnitsRepository } from './units.repository.js';
import { vnDate } from './units.service.js';
import { UsersRepository } from './users.repository.js';

export interface OrgDeps {
  db: Kysely<DB>;
  /** Resolved at call time: the audit module may register after this one. */
  audit: () => AuditPort;
  clock: () => Date;
}

export interface AgencyNode extends AgencyRow {
  departments: { id: string; name: string; code: string }[];
  children: AgencyNode[];
}

export interface AgencyInput {
  code: string;
  name: string;
  kind: AgencyKind;
  unitCode?: string | null;
  parentId: string;
}

const agencyView = (a: AgencyRow): AgencyRow => ({
  id: a.id,
  code: a.code,
  name: a.name,
  kind: a.kind,
  unitCode: a.unitCode,
  parentId: a.parentId,
  version: a.version,
});

/** Agencies, departments, positions, roles and the grants derived from role assignments. */
export class OrgService {
  readonly repo: OrgRepository;
  private readonly units: UnitsRepository;
  private readonly users: UsersRepository;

  constructor(private readonly deps: OrgDeps) {
    this.repo = new OrgRepository(deps.db);
    this.units = new UnitsRepository(deps.db);
    this.users = new UsersRepository(deps.db);
  }

  /** The agencies the caller may read, as a forest: an agency whose parent is not readable is a root. */
  async tree(principal: Principal | null): Promise<AgencyNode[]> {
    must(principal, 'org.read');
    const readable = agenciesWith(requireStaff(principal), 'org.read');
    const agencies = await this.repo.listAgencies([...readable]);
    const departments = await this.repo.departmentsOf(agencies.map((a) => a.id));
    const nodes = new Map<string, AgencyNode>(
      agencies.map((a) => [a.id, { ...agencyView(a), departments: [], children: [] }]),
    );
    for (const d of departments) nodes.get(d.agencyId)?.departments.push({ id: d.id, name: d.name, code: d.code });
    const roots: AgencyNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId ? nodes.get(node.parentId) : undefined;
      if (parent) parent.children.push(node);
      else roots.push(node);
    }
    return roots;
  }

  private async checkUnit(unitCode: string | null | undefined): Promise<void> {
    if (!unitCode) return;
    const found = await this.units.findAt([unitCode], vnDate(this.deps.clock()));
    if (found.length === 0) {
      throw unprocessable('Mã đơn vị hành chính không tồn tại hoặc đã hết hiệu lực.', [
        { field: '/unitCode', message: 'Không có đơn vị hành chính đang hiệu lực với mã này.' },
      ]);
    }
  }

  private async checkCodeFree(code: string, exceptId?: string): Promise<void> {
    const other = await this.repo.findAgencyByCode(code);
    if (other && other.id !== exceptId) {
      throw conflict(`Mã định danh ${code} đã được cấp cho cơ quan "${other.name}".`, 'agency_code_taken');
    }
  }

  async createAgency(principal: Principal | null, actor: ActorContext, input: AgencyInput): Promise<AgencyRow> {
    // A new agency is created under one the caller manages; root agencies come from the seed/CLI.
    must(principal, 'org.manage', input.parentId);
    await this.checkUnit(input.unitCode);
    await this.checkCodeFree(input.code);
    return this.deps.db.transaction().execute(async (trx) => {
      const created = await this.repo.insertAgency(
        {
          code: input.code,
          name: input.name.trim(),
          kind: input.kind,
          unitCode: input.unitCode ?? null,
          parentId: input.parentId,
        },
        trx,
      );
      await this.deps
        .audit()
        .record(
          actor,
          { action: 'agency.create', entityType: 'agency', entityId: created.id, agencyId: created.id, after: created },
          trx,
        );
      return created;
    });
  }

  async updateAgency(
    principal: Principal | null,
    actor: ActorContext,
    id: string,
    input: { version: number } & Partial<Omit<AgencyInput, 'unitCode'>> & { unitCode?: string | null },
  ): Promise<AgencyRow> {
    const before = await this.repo.findAgency(id);
    if (!before) {
      must(principal, 'org.manage');
      throw notFound('Không tìm thấy cơ quan.');
    }
    must(principal, 'org.manage', id);
    if (input.parentId !== undefined && input.parentId !== before.parentId) {
      must(principal, 'org.manage', input.parentId);
      const below = (await this.repo.subtrees([id])).get(id) ?? [];
      if (below.includes(input.parentId)) {
        throw unprocessable('Không thể đặt cơ quan dưới chính nó hoặc cơ quan cấp dưới của nó.', [
          { field: '/parentId', message: 'Cơ quan cấp trên không hợp lệ.' },
        ]);
      }
    }
    if (input.unitCode !== undefined) await this.checkUnit(input.unitCode);
    if (input.code !== undefined) await this.checkCodeFree(input.code, id);
    return this.deps.db.transaction().execute(async (trx) => {
      const after = await this.repo.updateAgency(
        id,
        input.version,
        {
          ...(input.code !== undefined ? { code: input.code } : {}),
          ...(input.name !== undefined ? { name: input.name.trim() } : {}),
          ...(input.kind !== undefined ? { kind: input.kind } : {}),
          ...(input.unitCode !== undefined ? { unitCode: input.unitCode } : {}),
          ...(input.parentId !== undefined ? { parentId: input.parentId } : {}),
        },
        trx,
      );
      if (!after) throw staleVersion('Cơ quan');
      await this.deps
        .audit()
        .record(
          actor,
          { action: 'agency.update', entityType: 'agency', entityId: id, agencyId: id, before, after },
          trx,
        );
      return after;
    });
  }

  async createDepartment(
    principal: Principal | null,
    actor: ActorContext,
    agencyId: string,
    input: { code: string; name: string },
  ) {
    must(principal, 'org.manage', agencyId);
    const agency = await this.repo.findAgency(agencyId);
    if (!agency) throw notFound('Không tìm thấy cơ quan.');
    if (await this.repo.findDepartmentByCode(agencyId, input.code)) {
      throw conflict(`Cơ quan đã có phòng ban mã "${input.code}".`, 'department_code_taken');
    }
    return this.deps.db.transaction().execute(async (trx) => {
      const created = await this.repo.insertDepartment({ agencyId, code: input.code, name: input.name.trim() }, trx);
      await this.deps
        .audit()
        .record(
          actor,
          { action: 'department.create', entityType: 'department', entityId: created.id, agencyId, after: created },
          trx,
        );
      return { id: created.id, agencyId: created.agencyId, code: created.code, name: created.name };
    });
  }

  positions(principal: Principal | null) {
    mustHaveAny(principal, ['org.read', 'users.manage']);
    return this.repo.listPositions();
  }

  roles(principal: Principal | null) {
    mustHaveAny(principal, ['org.read', 'roles.assign']);
    return this.repo.listRoles();
  }

  /** Every role the user holds, each with the agencies it reaches (subordinates expanded). */
  async getGrants(userId: string): Promise<Grant[]> {
    const assignments = await this.users.grantRows(userId);
    if (assignments.length === 0) return [];
    const subtrees = await this.repo.subtrees([
      ...new Set(assignments.filter((a) => a.includeSubordinates).map((a) => a.agencyId)),
    ]);
    return assignments.map((a) => ({
      roleCode: a.roleCode,
      roleName: a.roleName,
      agencyId: a.agencyId,
      agencyName: a.agencyName,
      agencyIds: a.includeSubordinates ? (subtrees.get(a.agencyId) ?? [a.agencyId]) : [a.agencyId],
      permissions: a.permissions.filter(isPermission),
    }));
  }

  async agencySubtree(agencyId: string): Promise<string[]> {
    return (await this.repo.subtrees([agencyId])).get(agencyId) ?? [];
  }
}
