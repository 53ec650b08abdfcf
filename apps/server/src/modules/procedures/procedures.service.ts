import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { conflict, forbidden, notFound, staleVersion, unauthorized, unprocessable } from '../../http/errors.js';
import type { FieldError } from '../../http/errors.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import { agenciesWith, assertCan } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import type { OrgPort } from '../org/org.port.js';
import {
  contentOf,
  ProceduresRepository,
  type ListFilter,
  type ProcedureContent,
  type ProcedureRecord,
} from './procedures.repository.js';
import {
  DEFAULT_FORM_SCHEMA,
  DEFAULT_WORKFLOW,
  foldVietnamese,
  formSchemaProblems,
  isLocalCode,
  localCodeFor,
  searchTokens,
  workflowProblems,
} from './procedures.rules.js';
import type { ProcedureInput, ProcedureUpdate, ProcedureView, Provenance } from './procedures.schemas.js';
import type { ProcedureStatus, ProcedureLevel } from './procedures.tables.js';

export interface ProceduresDeps {
  db: Kysely<DB>;
  audit: () => AuditPort;
  org: () => OrgPort;
  clock: () => Date;
  /** Called after every write that may change the published catalogue (the public search cache drops its pages). */
  onCatalogueChange?: () => void;
}

const ENTITY = 'procedure';
const NAME = 'Thủ tục hành chính';

function requireStaff(principal: Principal | null): Principal {
  if (!principal) throw unauthorized();
  return principal;
}

export function listFilter(q: string | undefined): Pick<ListFilter, 'tokens' | 'codePrefix'> {
  const trimmed = q?.trim() ?? '';
  return { tokens: searchTokens(trimmed), codePrefix: /^[0-9.]+$/.test(trimmed) ? trimmed : null };
}

/**
 * Procedure catalogue (issue 3 §1). Authorization rule: the catalogue is one for the whole province
 * (Nghị định 118/2025/NĐ-CP: a centre receives dossiers of any commune of the province, so every agency
 * uses the same list). Reading needs `procedures.read` in any agency; changing it needs
 * `procedures.manage` held in a top-level agency (parentId null, i.e. UBND tỉnh) — a commune
 * administrator, even with `procedures.manage` in their commune, gets 403.
 */
export class ProceduresService {
  readonly repo: ProceduresRepository;

  constructor(private readonly deps: ProceduresDeps) {
    this.repo = new ProceduresRepository(deps.db);
  }

  canRead(principal: Principal | null): void {
    assertCan(requireStaff(principal), 'procedures.read');
  }

  async canManage(principal: Principal | null): Promise<void> {
    const p = requireStaff(principal);
    assertCan(p, 'procedures.manage');
    for (const agencyId of agenciesWith(p, 'procedures.manage')) {
      const agency = await this.deps.org().findAgency(agencyId);
      if (agency && agency.parentId === null) return;
    }
    throw forbidden(
      'Danh mục thủ tục hành chính dùng chung toàn tỉnh: chỉ người có quyền quản lý danh mục tại cơ quan cấp tỉnh mới được thay đổi.',
      'procedures_province_only',
    );
  }

  async list(
    principal: Principal | null,
    query: {
      q?: string;
      field?: string;
      level?: ProcedureLevel;
      status?: ProcedureStatus;
      limit?: number;
      cursor?: string;
    },
  ) {
    this.canRead(principal);
    const limit = query.limit ?? 50;
    const rows = await this.repo.list(
      { ...listFilter(query.q), field: query.field, level: query.level, status: query.status },
      decodeCursor(query.cursor),
      limit,
    );
    const page = toPage(rows, limit, (r) => ({ k: r.k, id: r.id }));
    return {
      items: page.items.map((r) => ({
        id: r.id,
        code: r.code,
        codeIsLocal: r.codeIsLocal,
        name: r.name,
        field: r.field,
        level: r.level,
        onlineMode: r.onlineMode,
        status: r.status,
        version: r.version,
        publishedVersion: r.publishedVersion,
        updatedAt: r.updatedAt.toISOString(),
      })),
      nextCursor: page.nextCursor,
    };
  }

  async get(principal: Principal | null, id: string): Promise<ProcedureView> {
    this.canRead(principal);
    const r = await this.repo.findById(id);
    if (!r) throw notFound('Không tìm thấy thủ tục hành chính.');
    return this.view(r);
  }

  async versions(principal: Principal | null, id: string) {
    this.canRead(principal);
    if (!(await this.repo.findById(id))) throw notFound('Không tìm thấy thủ tục hành chính.');
    const rows = await this.repo.versions(id);
    return rows.map((v) => ({ ...v, publishedAt: v.publishedAt.toISOString() }));
  }

  async create(principal: Principal | null, actor: ActorContext, input: ProcedureInput): Promise<ProcedureView> {
    await this.canManage(principal);
    const code = input.code ?? localCodeFor(input.name);
    const content = await this.contentFrom(input, code, null);
    if (await this.repo.findByCode(code)) throw conflict(`Đã có thủ tục mang mã ${code}.`, 'procedure_code_taken');
    const now = this.deps.clock();
    const created = await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.insert(content, foldVietnamese(content.name), now, trx);
      await this.repo.setAgencies(row.id, input.agencyIds ?? [], now, trx);
      await this.deps
        .audit()
        .record(
          actor,
          { action: 'procedure.create', entityType: ENTITY, entityId: row.id, agencyId: null, after: content },
          trx,
        );
      return row;
    });
    this.deps.onCatalogueChange?.();
    return this.view(created);
  }

  async update(
    principal: Principal | null,
    actor: ActorContext,
    id: string,
    input: ProcedureUpdate,
  ): Promise<ProcedureView> {
    await this.canManage(principal);
    const existing = await this.repo.findById(id);
    if (!existing) throw notFound('Không tìm thấy thủ tục hành chính.');
    if (existing.version !== input.version) throw staleVersion(NAME);
    const code = input.code ?? (existing.codeIsLocal ? existing.code : null);
    if (code === null)
      throw unprocessable('Không được xóa mã TTHC quốc gia đã có.', [{ field: '/code', message: 'Cần mã TTHC.' }]);
    if (existing.publishedVersion !== null && code !== existing.code)
      throw unprocessable('Thủ tục đã công bố không được đổi mã (hồ sơ đã nộp tham chiếu mã này).', [
        { field: '/code', message: 'Không được đổi mã thủ tục đã công bố.' },
      ]);
    if (code !== existing.code && (await this.repo.findByCode(code)))
      throw conflict(`Đã có thủ tục mang mã ${code}.`, 'procedure_code_taken');
    const content = await this.contentFrom(input, code, existing);
    const now = this.deps.clock();
    const updated = await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.updateContent(id, input.version, content, foldVietnamese(content.name), now, trx);
      if (!row) throw staleVersion(NAME);
      if (input.agencyIds) await this.repo.setAgencies(id, input.agencyIds, now, trx);
      await this.deps.audit().record(
        actor,
        {
          action: 'procedure.update',
          entityType: ENTITY,
          entityId: id,
          agencyId: null,
          before: contentOf(existing),
          after: content,
        },
        trx,
      );
      return row;
    });
    this.deps.onCatalogueChange?.();
    return this.view(updated);
  }

  /** Freezes the working copy as a new revision and makes it the public one. */
  async publish(principal: Principal | null, actor: ActorContext, id: string, version: number): Promise<ProcedureView> {
    await this.canManage(principal);
    const existing = await this.repo.findById(id);
    if (!existing) throw notFound('Không tìm thấy thủ tục hành chính.');
    if (existing.version !== version) throw staleVersion(NAME);
    if (existing.codeIsLocal)
      // Nghị định 63/2010/NĐ-CP, Điều 15: a procedure is publicised under its code in the national database.
      throw unprocessable('Cần nhập mã TTHC quốc gia trước khi công bố thủ tục.', [
        { field: '/code', message: `Mã ${existing.code} là mã tạm của địa phương.` },
      ]);
    const now = this.deps.clock();
    const by = { id: actor.actorId, name: actor.actorName };
    const published = await this.deps.db.transaction().execute(async (trx) => {
      const published = await this.repo.publishRow(id, version, by, now, trx);
      if (!published) throw staleVersion(NAME);
      const { row, revision } = published;
      await this.deps.audit().record(
        actor,
        {
          action: 'procedure.publish',
          entityType: ENTITY,
          entityId: id,
          agencyId: null,
          after: { code: row.code, revision, version: row.version },
        },
        trx,
      );
      return row;
    });
    this.deps.onCatalogueChange?.();
    return this.view(published);
  }

  async archive(principal: Principal | null, actor: ActorContext, id: string, version: number): Promise<ProcedureView> {
    await this.canManage(principal);
    const existing = await this.repo.findById(id);
    if (!existing) throw notFound('Không tìm thấy thủ tục hành chính.');
    if (existing.version !== version) throw staleVersion(NAME);
    if (existing.status === 'archived') throw conflict('Thủ tục đã ngừng áp dụng.', 'procedure_archived');
    const now = this.deps.clock();
    const archived = await this.deps.db.transaction().execute(async (trx) => {
      const row = await this.repo.setStatus(id, version, { status: 'archived' }, now, trx);
      if (!row) throw staleVersion(NAME);
      await this.deps.audit().record(
        actor,
        {
          action: 'procedure.archive',
          entityType: ENTITY,
          entityId: id,
          agencyId: null,
          before: { status: existing.status },
          after: { status: 'archived' },
        },
        trx,
      );
      return row;
    });
    this.deps.onCatalogueChange?.();
    return this.view(archived);
  }

  async view(r: ProcedureRecord): Promise<ProcedureView> {
    const last = r.publishedVersion === null ? undefined : await this.repo.lastRevision(r.id);
    return {
      id: r.id,
      ...contentOf(r),
      agencyIds: await this.repo.agencyIds(r.id),
      status: r.status,
      version: r.version,
      publishedVersion: r.publishedVersion,
      publishedAt: r.publishedAt ? r.publishedAt.toISOString() : null,
      hasUnpublishedChanges: last === undefined || last.sourceVersion !== r.version,
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
    };
  }

  /** Builds and checks the content of a create/update (422 listing every problem). */
  private async contentFrom(
    input: ProcedureInput,
    code: string,
    existing: ProcedureRecord | null,
  ): Promise<ProcedureContent> {
    const formSchema = input.formSchema ?? existing?.formSchema ?? DEFAULT_FORM_SCHEMA;
    const workflow = input.workflow ?? existing?.workflow ?? DEFAULT_WORKFLOW;
    const problems: FieldError[] = [...formSchemaProblems(formSchema), ...workflowProblems(workflow)];
    for (const [i, agencyId] of (input.agencyIds ?? []).entries()) {
      if (!(await this.deps.org().findAgency(agencyId)))
        problems.push({ field: `/agencyIds/${i}`, message: 'Không có cơ quan này.' });
    }
    if (problems.length > 0) throw unprocessable('Thông tin thủ tục chưa hợp lệ.', problems);
    const provenance: Provenance = existing?.provenance ?? {
      agency: null,
      source: null,
      unverified: [],
      checkedOn: null,
    };
    return {
      code,
      codeIsLocal: isLocalCode(code),
      name: input.name.trim(),
      field: input.field.trim(),
      level: input.level,
      onlineMode: input.onlineMode,
      processingTime: input.processingTime,
      cutoff: input.processingTime.cutoffTime,
      fees: input.fees,
      components: input.components,
      legalBasis: input.legalBasis,
      results: input.results,
      formSchema,
      workflow,
      provenance: { ...provenance, unverified: input.unverified ?? provenance.unverified },
    };
  }
}
