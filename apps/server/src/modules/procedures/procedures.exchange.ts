import { staleVersion, unprocessable, type FieldError } from '../../http/errors.js';
import { decodeCursor, toPage } from '../../http/pagination.js';
import type { ActorContext } from '../../http/request-context.js';
import type { AuditPort } from '../audit/audit.port.js';
import type { Principal } from '../auth/principal.js';
import { contentOf, type ProcedureContent, type ProcedureRecord } from './procedures.repository.js';
import {
  DEFAULT_FORM_SCHEMA,
  DEFAULT_WORKFLOW,
  foldVietnamese,
  formSchemaProblems,
  isLocalCode,
  localCodeFor,
  workflowProblems,
} from './procedures.rules.js';
import type { ProcedureExchange } from './procedures.schemas.js';
import type { ProceduresDeps, ProceduresService } from './procedures.service.js';
import type { ProcedureStatus } from './procedures.tables.js';

const ENTITY = 'procedure';
const NAME = 'Thủ tục hành chính';

/** Stable JSON (object keys sorted) to compare contents read back from jsonb, which reorders keys. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

/** Import and export of the catalogue as JSON in the seed format of data/procedures/thu-tuc.json. */
export class ProceduresExchange {
  constructor(
    private readonly deps: ProceduresDeps,
    private readonly service: ProceduresService,
  ) {}

  /**
   * Imports entries in the seed format (data/procedures/thu-tuc.json), upserting by code: an entry
   * with `code: null` gets its `localCode` or DP.<slug of the name>. All or nothing; unchanged
   * entries are left alone (no new version, no audit row). Published procedures keep their public
   * revision until published again.
   */
  async importMany(
    principal: Principal | null,
    actor: ActorContext,
    entries: readonly ProcedureExchange[],
    options: { publish?: boolean } = {},
  ): Promise<{ created: string[]; updated: string[]; unchanged: string[] }> {
    await this.service.canManage(principal);
    return this.importEntries(actor, entries, options);
  }

  /** The import itself, without the caller check (the demo seeder runs it as the system). */
  async importEntries(
    actor: ActorContext,
    entries: readonly ProcedureExchange[],
    options: { publish?: boolean } = {},
  ): Promise<{ created: string[]; updated: string[]; unchanged: string[] }> {
    const problems: FieldError[] = [];
    const seen = new Set<string>();
    const planned: { content: ProcedureContent; agencyIds: string[] | null }[] = [];
    for (const [i, e] of entries.entries()) {
      const code = e.code ?? e.localCode ?? localCodeFor(e.name);
      if (seen.has(code)) problems.push({ field: `/${i}/code`, message: `Mã ${code} lặp lại trong tệp.` });
      seen.add(code);
      const formSchema = e.formSchema ?? DEFAULT_FORM_SCHEMA;
      const workflow = e.workflow ?? DEFAULT_WORKFLOW;
      problems.push(
        ...formSchemaProblems(formSchema, `/${i}/formSchema`),
        ...workflowProblems(workflow, `/${i}/workflow`),
      );
      let agencyIds: string[] | null = null;
      if (e.agencyCodes) {
        agencyIds = [];
        for (const [j, agencyCode] of e.agencyCodes.entries()) {
          const agency = await this.deps.org().findAgencyByCode(agencyCode);
          if (agency) agencyIds.push(agency.id);
          else problems.push({ field: `/${i}/agencyCodes/${j}`, message: `Không có cơ quan mã ${agencyCode}.` });
        }
        agencyIds = [...new Set(agencyIds)].sort();
      }
      planned.push({
        agencyIds,
        content: {
          code,
          codeIsLocal: isLocalCode(code),
          name: e.name.trim(),
          field: e.field.trim(),
          level: e.level,
          onlineMode: e.onlineMode,
          processingTime: e.processingTime,
          cutoff: e.processingTime.cutoffTime,
          fees: e.fees,
          components: e.components,
          legalBasis: e.legalBasis,
          results: e.results,
          formSchema,
          workflow,
          provenance: { agency: e.agency, source: e.source, unverified: e.unverified, checkedOn: e.checkedOn },
        },
      });
    }
    if (problems.length > 0) throw unprocessable('Tệp danh mục thủ tục có lỗi; chưa nhập gì.', problems);

    // Every read through other modules' ports happens before the transaction (PGlite has one connection).
    const existing = new Map<string, ProcedureRecord>();
    const existingAgencies = new Map<string, string[]>();
    for (const p of planned) {
      const row = await this.service.repo.findByCode(p.content.code);
      if (row) {
        existing.set(p.content.code, row);
        existingAgencies.set(row.id, await this.service.repo.agencyIds(row.id));
      }
    }
    const now = this.deps.clock();
    const result = { created: [] as string[], updated: [] as string[], unchanged: [] as string[] };
    await this.deps.db.transaction().execute(async (trx) => {
      const audits: Parameters<AuditPort['record']>[1][] = [];
      for (const p of planned) {
        const old = existing.get(p.content.code);
        const nameSearch = foldVietnamese(p.content.name);
        const sameContent = old !== undefined && canonical(contentOf(old)) === canonical(p.content);
        const sameAgencies =
          old !== undefined &&
          (p.agencyIds === null || canonical(existingAgencies.get(old.id)) === canonical(p.agencyIds));
        // Publishing on import: new entries, drafts, and published ones whose content changed; never an archived one.
        const shouldPublish =
          options.publish === true &&
          !p.content.codeIsLocal &&
          (old === undefined || old.status === 'draft' || (old.status === 'published' && !sameContent));
        let row: ProcedureRecord;
        if (!old) {
          row = await this.service.repo.insert(p.content, nameSearch, now, trx);
          await this.service.repo.setAgencies(row.id, p.agencyIds ?? [], now, trx);
          result.created.push(row.code);
          audits.push({
            action: 'procedure.import_create',
            entityType: ENTITY,
            entityId: row.id,
            agencyId: null,
            after: p.content,
          });
        } else {
          if (sameContent && sameAgencies && !shouldPublish) {
            result.unchanged.push(old.code);
            continue;
          }
          row = old;
          if (!sameContent) {
            const updated = await this.service.repo.updateContent(old.id, old.version, p.content, nameSearch, now, trx);
            if (!updated) throw staleVersion(NAME);
            row = updated;
          }
          if (p.agencyIds !== null && !sameAgencies) await this.service.repo.setAgencies(old.id, p.agencyIds, now, trx);
          result.updated.push(row.code);
          audits.push({
            action: 'procedure.import_update',
            entityType: ENTITY,
            entityId: row.id,
            agencyId: null,
            before: contentOf(old),
            after: p.content,
          });
        }
        if (shouldPublish) {
          const published = await this.service.repo.publishRow(
            row.id,
            row.version,
            { id: actor.actorId, name: actor.actorName },
            now,
            trx,
          );
          if (!published) throw staleVersion(NAME);
          const revision = published.revision;
          audits.push({
            action: 'procedure.publish',
            entityType: ENTITY,
            entityId: row.id,
            agencyId: null,
            after: { code: row.code, revision },
          });
        }
      }
      for (const a of audits) await this.deps.audit().record(actor, a, trx);
    });
    this.deps.onCatalogueChange?.();
    return result;
  }

  /** The catalogue in the import format (round trip: exporting then importing changes nothing). */
  async exportAll(principal: Principal | null, status?: ProcedureStatus): Promise<ProcedureExchange[]> {
    this.service.canRead(principal);
    const out: ProcedureExchange[] = [];
    let cursor: string | null = null;
    const agencyCodes = new Map<string, string | null>();
    do {
      const rows = await this.service.repo.list(
        { tokens: [], codePrefix: null, status },
        decodeCursor(cursor ?? undefined),
        200,
      );
      const page = toPage(rows, 200, (r) => ({ k: r.k, id: r.id }));
      for (const r of page.items) {
        const codes: string[] = [];
        for (const id of await this.service.repo.agencyIds(r.id)) {
          if (!agencyCodes.has(id)) agencyCodes.set(id, (await this.deps.org().findAgency(id))?.code ?? null);
          const c = agencyCodes.get(id);
          if (c) codes.push(c);
        }
        out.push({
          code: r.codeIsLocal ? null : r.code,
          ...(r.codeIsLocal ? { localCode: r.code } : {}),
          name: r.name,
          field: r.field,
          level: r.level,
          agency: r.provenance.agency,
          processingTime: r.processingTime,
          fees: r.fees,
          components: r.components,
          legalBasis: r.legalBasis,
          results: r.results,
          onlineMode: r.onlineMode,
          source: r.provenance.source,
          unverified: r.provenance.unverified,
          checkedOn: r.provenance.checkedOn,
          formSchema: r.formSchema,
          workflow: r.workflow,
          agencyCodes: codes.sort(),
        });
      }
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }
}
