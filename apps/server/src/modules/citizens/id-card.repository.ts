import type { Kysely, Selectable } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { SniffedMime } from '../files/sniff.js';
import type { CitizensTables, IdDocumentSide } from './citizens.tables.js';

export type IdDocumentRow = Selectable<CitizensTables['citizen_id_documents']>;

/** SQL of the ID-card images (metadata only: the bytes are in app.files.sensitive). */
export class IdCardRepository {
  constructor(readonly db: Kysely<DB>) {}

  insert(row: {
    id: string;
    citizenId: string;
    storageKey: string;
    contentType: SniffedMime;
    sizeBytes: number;
    sha256: string;
    side: IdDocumentSide;
    at: Date;
  }): Promise<IdDocumentRow> {
    return this.db
      .insertInto('citizen_id_documents')
      .values({
        id: row.id,
        citizen_id: row.citizenId,
        storage_key: row.storageKey,
        content_type: row.contentType,
        size_bytes: row.sizeBytes,
        sha256: row.sha256,
        side: row.side,
        created_at: row.at,
        updated_at: row.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** The citizen's images that are not deleted, newest first. */
  listActive(citizenId: string): Promise<IdDocumentRow[]> {
    return this.db
      .selectFrom('citizen_id_documents')
      .selectAll()
      .where('citizen_id', '=', citizenId)
      .where('deleted_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  }

  async countActive(citizenId: string): Promise<number> {
    const row = await this.db
      .selectFrom('citizen_id_documents')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('citizen_id', '=', citizenId)
      .where('deleted_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** One image of this citizen, not deleted (another citizen's id gives undefined). */
  findActive(citizenId: string, id: string): Promise<IdDocumentRow | undefined> {
    return this.db
      .selectFrom('citizen_id_documents')
      .selectAll()
      .where('id', '=', id)
      .where('citizen_id', '=', citizenId)
      .where('deleted_at', 'is', null)
      .executeTakeFirst();
  }

  /** Marks the image deleted; undefined when it was not there (or already deleted). */
  markDeleted(citizenId: string, id: string, at: Date): Promise<IdDocumentRow | undefined> {
    return this.db
      .updateTable('citizen_id_documents')
      .set({ deleted_at: at, updated_at: at })
      .where('id', '=', id)
      .where('citizen_id', '=', citizenId)
      .where('deleted_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }
}
