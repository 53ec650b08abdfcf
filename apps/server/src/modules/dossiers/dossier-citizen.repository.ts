import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DossierRow } from './dossiers.repository.js';

/** SQL of the applicant's side (dossier-citizen.ts): the citizen's own dossiers and whether they rated them. */
export class CitizenDossiersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The citizen's dossiers, newest first (online dossiers carry the citizen's account). */
  listOf(citizenId: string, limit: number): Promise<DossierRow[]> {
    return this.db
      .selectFrom('dossiers')
      .selectAll()
      .where('applicant_citizen_id', '=', citizenId)
      .orderBy('received_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
  }

  async ratedIds(dossierIds: readonly string[]): Promise<Set<string>> {
    if (dossierIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('dossier_ratings')
      .select('dossier_id')
      .where('dossier_id', 'in', [...dossierIds])
      .execute();
    return new Set(rows.map((r) => r.dossier_id));
  }

  /** Links already stored uploads to the dossier as component files (same storage object, id = upload id). */
  async linkComponents(
    conn: Kysely<DB> | Transaction<DB>,
    dossierId: string,
    files: {
      id: string;
      component: string;
      name: string;
      mediaType: string;
      size: number;
      sha256: string;
      storageKey: string;
    }[],
    by: { id: string; name: string | null },
    at: Date,
  ): Promise<void> {
    if (files.length === 0) return;
    await conn
      .insertInto('dossier_files')
      .values(
        files.map((f) => ({
          id: f.id,
          dossier_id: dossierId,
          kind: 'component' as const,
          component: f.component.slice(0, 500),
          name: f.name,
          media_type: f.mediaType,
          size_bytes: f.size,
          sha256: f.sha256,
          storage_key: f.storageKey,
          result_no: null,
          result_code: null,
          signed: false,
          uploaded_by: by.id,
          uploaded_by_name: by.name,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
  }
}
