import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Cursor } from '../../http/pagination.js';
import { likeContains } from '../org/org.search.js';
import type { ProcedureFee } from './procedure-data.schema.js';
import { foldVietnamese } from './procedures.rules.js';
import type { ProcedureInput, Provenance, WorkflowStep } from './procedures.schemas.js';
import type { OnlineMode, ProcedureLevel, ProcedureStatus, ProceduresTables } from './procedures.tables.js';

type Db = Kysely<DB> | Transaction<DB>;
type Row = Selectable<ProceduresTables['procedures']>;

/** The content of a procedure (what a publication freezes), in the API's names. */
export interface ProcedureContent {
  code: string;
  codeIsLocal: boolean;
  name: string;
  field: string;
  level: ProcedureLevel;
  onlineMode: OnlineMode;
  processingTime: ProcedureInput['processingTime'];
  cutoff: string | null;
  fees: ProcedureFee[];
  components: ProcedureInput['components'];
  legalBasis: ProcedureInput['legalBasis'];
  results: string[];
  formSchema: Record<string, unknown>;
  workflow: WorkflowStep[];
  provenance: Provenance;
}

export interface ProcedureRecord extends ProcedureContent {
  id: string;
  status: ProcedureStatus;
  version: number;
  publishedVersion: number | null;
  publishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ListFilter {
  tokens: string[];
  codePrefix: string | null;
  field?: string | undefined;
  level?: ProcedureLevel | undefined;
  status?: ProcedureStatus | undefined;
}

/** A published snapshot, as the public API reads it. */
export interface PublishedProcedure {
  procedureId: string;
  revision: number;
  content: ProcedureContent;
}

function toRecord(r: Row): ProcedureRecord {
  return {
    id: r.id,
    code: r.code,
    codeIsLocal: r.code_is_local,
    name: r.name,
    field: r.field,
    level: r.level,
    onlineMode: r.online_mode,
    processingTime: r.processing_time as ProcedureContent['processingTime'],
    cutoff: r.cutoff,
    fees: r.fees as ProcedureFee[],
    components: r.components as ProcedureContent['components'],
    legalBasis: r.legal_basis as ProcedureContent['legalBasis'],
    results: r.results as string[],
    formSchema: r.form_schema as Record<string, unknown>,
    workflow: r.workflow as WorkflowStep[],
    provenance: r.provenance as Provenance,
    status: r.status,
    version: r.version,
    publishedVersion: r.published_version,
    publishedAt: r.published_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Only the content of a record (drops id, status, times), e.g. for snapshots and comparisons. */
export function contentOf(r: ProcedureContent): ProcedureContent {
  return {
    code: r.code,
    codeIsLocal: r.codeIsLocal,
    name: r.name,
    field: r.field,
    level: r.level,
    onlineMode: r.onlineMode,
    processingTime: r.processingTime,
    cutoff: r.cutoff,
    fees: r.fees,
    components: r.components,
    legalBasis: r.legalBasis,
    results: r.results,
    formSchema: r.formSchema,
    workflow: r.workflow,
    provenance: r.provenance,
  };
}

function columns(c: ProcedureContent, nameSearch: string) {
  return {
    code: c.code,
    code_is_local: c.codeIsLocal,
    name: c.name,
    name_search: nameSearch,
    field: c.field,
    level: c.level,
    online_mode: c.onlineMode,
    processing_time: JSON.stringify(c.processingTime),
    cutoff: c.cutoff,
    fees: JSON.stringify(c.fees),
    components: JSON.stringify(c.components),
    legal_basis: JSON.stringify(c.legalBasis),
    results: JSON.stringify(c.results),
    form_schema: JSON.stringify(c.formSchema),
    workflow: JSON.stringify(c.workflow),
    provenance: JSON.stringify(c.provenance),
  };
}

/** The only code of the procedures module that runs SQL. */
export class ProceduresRepository {
  constructor(readonly db: Kysely<DB>) {}

  async findById(id: string, trx: Db = this.db): Promise<ProcedureRecord | undefined> {
    const r = await trx.selectFrom('procedures').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toRecord(r);
  }

  async findByCode(code: string, trx: Db = this.db): Promise<ProcedureRecord | undefined> {
    const r = await trx.selectFrom('procedures').selectAll().where('code', '=', code).executeTakeFirst();
    return r && toRecord(r);
  }

  /** Staff list, ordered by folded name then id. */
  async list(filter: ListFilter, cursor: Cursor | null, limit: number): Promise<(ProcedureRecord & { k: string })[]> {
    let q = this.db.selectFrom('procedures').selectAll();
    q = q.where((eb) => {
      const byName = filter.tokens.map((t) => eb('name_search', 'like', likeContains(t)));
      const name = byName.length > 0 ? eb.and(byName) : null;
      const code = filter.codePrefix ? eb('code', 'like', `${filter.codePrefix.replace(/[\\%_]/g, '\\$&')}%`) : null;
      if (name && code) return eb.or([name, code]);
      return name ?? code ?? eb.lit(true);
    });
    if (filter.field) q = q.where('field', '=', filter.field);
    if (filter.level) q = q.where('level', '=', filter.level);
    if (filter.status) q = q.where('status', '=', filter.status);
    if (cursor) q = q.where(sql<boolean>`(name_search, id) > (${String(cursor.k)}, ${cursor.id}::uuid)`);
    const rows = await q
      .orderBy('name_search')
      .orderBy('id')
      .limit(limit + 1)
      .execute();
    return rows.map((r) => ({ ...toRecord(r), k: r.name_search }));
  }

  async insert(c: ProcedureContent, nameSearch: string, at: Date, trx: Db = this.db): Promise<ProcedureRecord> {
    const r = await trx
      .insertInto('procedures')
      .values({ ...columns(c, nameSearch), status: 'draft', created_at: at, updated_at: at })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toRecord(r);
  }

  /** Replaces the content when the row is still at `expectedVersion`; undefined when it moved on. */
  async updateContent(
    id: string,
    expectedVersion: number,
    c: ProcedureContent,
    nameSearch: string,
    at: Date,
    trx: Db = this.db,
  ): Promise<ProcedureRecord | undefined> {
    const r = await trx
      .updateTable('procedures')
      .set((eb) => ({ ...columns(c, nameSearch), updated_at: at, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    return r && toRecord(r);
  }

  async setStatus(
    id: string,
    expectedVersion: number,
    values: { status: ProcedureStatus; publishedVersion?: number; publishedAt?: Date },
    at: Date,
    trx: Db = this.db,
  ): Promise<ProcedureRecord | undefined> {
    const r = await trx
      .updateTable('procedures')
      .set((eb) => ({
        status: values.status,
        ...(values.publishedVersion !== undefined ? { published_version: values.publishedVersion } : {}),
        ...(values.publishedAt !== undefined ? { published_at: values.publishedAt } : {}),
        updated_at: at,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst();
    return r && toRecord(r);
  }

  async lastRevision(
    procedureId: string,
    trx: Db = this.db,
  ): Promise<{ revision: number; sourceVersion: number } | undefined> {
    const r = await trx
      .selectFrom('procedure_versions')
      .select(['revision', 'source_version'])
      .where('procedure_id', '=', procedureId)
      .orderBy('revision', 'desc')
      .limit(1)
      .executeTakeFirst();
    return r && { revision: r.revision, sourceVersion: r.source_version };
  }

  async insertVersion(
    v: {
      procedureId: string;
      revision: number;
      sourceVersion: number;
      content: ProcedureContent;
      nameSearch: string;
      by: { id: string | null; name: string | null };
      at: Date;
    },
    trx: Db = this.db,
  ): Promise<void> {
    await trx
      .insertInto('procedure_versions')
      .values({
        procedure_id: v.procedureId,
        revision: v.revision,
        source_version: v.sourceVersion,
        code: v.content.code,
        name: v.content.name,
        name_search: v.nameSearch,
        field: v.content.field,
        level: v.content.level,
        snapshot: JSON.stringify(v.content),
        published_by: v.by.id,
        published_by_name: v.by.name,
        published_at: v.at,
        created_at: v.at,
        updated_at: v.at,
      })
      .execute();
  }

  /**
   * Publishes the row at `expectedVersion`: status published, next revision, and the frozen snapshot
   * in procedure_versions. Undefined when the row moved on. Call inside a transaction.
   */
  async publishRow(
    id: string,
    expectedVersion: number,
    by: { id: string | null; name: string | null },
    at: Date,
    trx: Db,
  ): Promise<{ row: ProcedureRecord; revision: number } | undefined> {
    const revision = ((await this.lastRevision(id, trx))?.revision ?? 0) + 1;
    const row = await this.setStatus(
      id,
      expectedVersion,
      { status: 'published', publishedVersion: revision, publishedAt: at },
      at,
      trx,
    );
    if (!row) return undefined;
    await this.insertVersion(
      {
        procedureId: id,
        revision,
        sourceVersion: row.version,
        content: contentOf(row),
        nameSearch: foldVietnamese(row.name),
        by,
        at,
      },
      trx,
    );
    return { row, revision };
  }

  async versions(procedureId: string) {
    return this.db
      .selectFrom('procedure_versions')
      .select([
        'revision',
        'source_version as sourceVersion',
        'published_at as publishedAt',
        'published_by_name as publishedByName',
      ])
      .where('procedure_id', '=', procedureId)
      .orderBy('revision', 'desc')
      .execute();
  }

  async agencyIds(procedureId: string, trx: Db = this.db): Promise<string[]> {
    const rows = await trx
      .selectFrom('procedure_agencies')
      .select('agency_id')
      .where('procedure_id', '=', procedureId)
      .orderBy('agency_id')
      .execute();
    return rows.map((r) => r.agency_id);
  }

  async setAgencies(procedureId: string, agencyIds: readonly string[], at: Date, trx: Db = this.db): Promise<void> {
    await trx.deleteFrom('procedure_agencies').where('procedure_id', '=', procedureId).execute();
    if (agencyIds.length === 0) return;
    await trx
      .insertInto('procedure_agencies')
      .values(agencyIds.map((a) => ({ procedure_id: procedureId, agency_id: a, created_at: at, updated_at: at })))
      .execute();
  }

  /** Published snapshots, ordered by folded name then code (the public list). */
  async listPublished(
    filter: Omit<ListFilter, 'status'> & { agencyId?: string | undefined },
    cursor: Cursor | null,
    limit: number,
  ): Promise<(PublishedProcedure & { k: string })[]> {
    let q = this.db
      .selectFrom('procedure_versions as v')
      .innerJoin('procedures as p', (j) =>
        j.onRef('p.id', '=', 'v.procedure_id').onRef('p.published_version', '=', 'v.revision'),
      )
      .where('p.status', '=', 'published')
      .select(['v.procedure_id', 'v.revision', 'v.snapshot', 'v.name_search', 'v.code']);
    q = q.where((eb) => {
      const byName = filter.tokens.map((t) => eb('v.name_search', 'like', likeContains(t)));
      const name = byName.length > 0 ? eb.and(byName) : null;
      const code = filter.codePrefix ? eb('v.code', 'like', `${filter.codePrefix.replace(/[\\%_]/g, '\\$&')}%`) : null;
      if (name && code) return eb.or([name, code]);
      return name ?? code ?? eb.lit(true);
    });
    if (filter.field) q = q.where('v.field', '=', filter.field);
    if (filter.level) q = q.where('v.level', '=', filter.level);
    if (filter.agencyId) {
      const agencyId = filter.agencyId;
      q = q.where((eb) =>
        eb.exists(
          eb
            .selectFrom('procedure_agencies as pa')
            .select('pa.agency_id')
            .whereRef('pa.procedure_id', '=', 'p.id')
            .where('pa.agency_id', '=', agencyId),
        ),
      );
    }
    if (cursor) q = q.where(sql<boolean>`(v.name_search, v.code) > (${String(cursor.k)}, ${cursor.id})`);
    const rows = await q
      .orderBy('v.name_search')
      .orderBy('v.code')
      .limit(limit + 1)
      .execute();
    return rows.map((r) => ({
      procedureId: r.procedure_id,
      revision: r.revision,
      content: r.snapshot as ProcedureContent,
      k: r.name_search,
    }));
  }

  /** The published revision of a procedure and its implementing agencies, in one round trip. */
  async findPublishedWithAgencies(code: string): Promise<(PublishedProcedure & { agencyIds: string[] }) | undefined> {
    const r = await this.db
      .selectFrom('procedure_versions as v')
      .innerJoin('procedures as p', (j) =>
        j.onRef('p.id', '=', 'v.procedure_id').onRef('p.published_version', '=', 'v.revision'),
      )
      .where('p.status', '=', 'published')
      .where('p.code', '=', code)
      .select([
        'v.procedure_id',
        'v.revision',
        'v.snapshot',
        sql<
          string[]
        >`array(select pa.agency_id from procedure_agencies pa where pa.procedure_id = v.procedure_id order by pa.agency_id)`.as(
          'agency_ids',
        ),
      ])
      .executeTakeFirst();
    return (
      r && {
        procedureId: r.procedure_id,
        revision: r.revision,
        content: r.snapshot as ProcedureContent,
        agencyIds: r.agency_ids,
      }
    );
  }

  async findRevision(procedureId: string, revision: number): Promise<PublishedProcedure | undefined> {
    const r = await this.db
      .selectFrom('procedure_versions')
      .select(['procedure_id', 'revision', 'snapshot'])
      .where('procedure_id', '=', procedureId)
      .where('revision', '=', revision)
      .executeTakeFirst();
    return r && { procedureId: r.procedure_id, revision: r.revision, content: r.snapshot as ProcedureContent };
  }
}
