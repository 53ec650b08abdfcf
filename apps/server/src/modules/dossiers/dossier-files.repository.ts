import { type Kysely, type Selectable, sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DossierFilesTables } from './dossier-files.tables.js';

/** The only code that runs SQL on dossier_files (migrations/0014_dossier_files.sql). */
export type DossierFileRow = Selectable<DossierFilesTables['dossier_files']>;

export interface NewDossierFile {
  id: string;
  dossierId: string;
  dossierCode: string;
  kind: 'component' | 'result';
  component: string | null;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  storageKey: string;
  signed: boolean;
  uploadedBy: string | null;
  uploadedByName: string | null;
  at: Date;
}

const isUniqueViolation = (e: unknown) => (e as { code?: unknown }).code === '23505';

export class DossierFilesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /**
   * Inserts a file. A result gets the next number of its dossier and the code `<mã hồ sơ>-KQ<n>`; two results
   * uploaded at the same instant collide on unique (dossier_id, result_no) and the loser takes the next number.
   */
  async insert(f: NewDossierFile): Promise<DossierFileRow> {
    for (let attempt = 0; ; attempt++) {
      try {
        const no =
          f.kind === 'result'
            ? sql<number>`(select coalesce(max(result_no), 0) + 1 from dossier_files where dossier_id = ${f.dossierId}::uuid)`
            : null;
        return await this.db
          .insertInto('dossier_files')
          .values({
            id: f.id,
            dossier_id: f.dossierId,
            kind: f.kind,
            component: f.component,
            name: f.name,
            media_type: f.mediaType,
            size_bytes: f.size,
            sha256: f.sha256,
            storage_key: f.storageKey,
            result_no: no,
            result_code: no === null ? null : sql<string>`${f.dossierCode} || '-KQ' || ${no}::text`,
            signed: f.signed,
            uploaded_by: f.uploadedBy,
            uploaded_by_name: f.uploadedByName,
            created_at: f.at,
            updated_at: f.at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        if (f.kind === 'result' && attempt < 4 && isUniqueViolation(error)) continue;
        throw error;
      }
    }
  }

  list(dossierId: string): Promise<DossierFileRow[]> {
    return this.db
      .selectFrom('dossier_files')
      .selectAll()
      .where('dossier_id', '=', dossierId)
      .orderBy('created_at', 'asc')
      .orderBy('kind', 'asc')
      .orderBy('result_no', 'asc')
      .orderBy('id', 'asc')
      .execute();
  }

  async find(dossierId: string, id: string): Promise<DossierFileRow | null> {
    const row = await this.db
      .selectFrom('dossier_files')
      .selectAll()
      .where('dossier_id', '=', dossierId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ?? null;
  }

  /** Of `ids`, those that are results of the dossier. */
  async resultIds(dossierId: string, ids: readonly string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('dossier_files')
      .select('id')
      .where('dossier_id', '=', dossierId)
      .where('kind', '=', 'result')
      .where('id', 'in', [...ids])
      .execute();
    return new Set(rows.map((r) => r.id));
  }
}
