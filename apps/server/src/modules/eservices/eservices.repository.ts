import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { EservicesTables } from './eservices.tables.js';

/** The only code that runs SQL on eservice_drafts and eservice_uploads (migrations/0020_eservices.sql). */
export type DraftRow = Selectable<EservicesTables['eservice_drafts']>;
export type UploadRow = Selectable<EservicesTables['eservice_uploads']>;
/** The app's database, or the dossier's transaction when the writes must commit with the dossier. */
type Conn = Kysely<DB> | Transaction<DB>;

/** A submission that has held its draft this long without finishing (a crash) lets it be submitted again. */
const STALE_SUBMITTING = '2 minutes';

export class EservicesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  insertUpload(u: {
    id: string;
    citizenId: string;
    draftId: string | null;
    componentIndex: number | null;
    name: string;
    mediaType: string;
    size: number;
    sha256: string;
    storageKey: string;
    expiresAt: Date;
    at: Date;
  }): Promise<UploadRow> {
    return this.db
      .insertInto('eservice_uploads')
      .values({
        id: u.id,
        citizen_id: u.citizenId,
        draft_id: u.draftId,
        component_index: u.componentIndex,
        name: u.name,
        media_type: u.mediaType,
        size_bytes: u.size,
        sha256: u.sha256,
        storage_key: u.storageKey,
        claimed_at: null,
        dossier_code: null,
        expires_at: u.expiresAt,
        created_at: u.at,
        updated_at: u.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  draftUploads(draftId: string): Promise<UploadRow[]> {
    return this.db
      .selectFrom('eservice_uploads')
      .selectAll()
      .where('draft_id', '=', draftId)
      .orderBy('created_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
  }

  async countDraftUploads(draftId: string): Promise<number> {
    const r = await this.db
      .selectFrom('eservice_uploads')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('draft_id', '=', draftId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Deletes an unused upload of the citizen; the row (for its storage key) or null. */
  async deleteUnused(citizenId: string, id: string): Promise<UploadRow | null> {
    const row = await this.db
      .deleteFrom('eservice_uploads')
      .where('id', '=', id)
      .where('citizen_id', '=', citizenId)
      .where('claimed_at', 'is', null)
      .where('dossier_code', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  /**
   * Holds the citizen's unused, unexpired uploads `ids` for one submission; returns those held. A file of
   * another citizen, already used or held by a concurrent submission is not returned.
   */
  claim(citizenId: string, ids: readonly string[], now: Date): Promise<UploadRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db
      .updateTable('eservice_uploads')
      .set({ claimed_at: now, updated_at: now })
      .where('id', 'in', [...ids])
      .where('citizen_id', '=', citizenId)
      .where('claimed_at', 'is', null)
      .where('dossier_code', 'is', null)
      .where('expires_at', '>', now)
      .returningAll()
      .execute();
  }

  async release(ids: readonly string[], now: Date): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('eservice_uploads')
      .set({ claimed_at: null, updated_at: now })
      .where('id', 'in', [...ids])
      .where('dossier_code', 'is', null)
      .execute();
  }

  async markUsed(ids: readonly string[], dossierCode: string, now: Date, conn: Conn = this.db): Promise<void> {
    if (ids.length === 0) return;
    await conn
      .updateTable('eservice_uploads')
      .set({ dossier_code: dossierCode, updated_at: now })
      .where('id', 'in', [...ids])
      .execute();
  }

  insertDraft(d: {
    citizenId: string;
    procedureCode: string;
    agencyId: string | null;
    applicant: Record<string, unknown>;
    formData: Record<string, unknown>;
    expiresAt: Date;
    at: Date;
  }): Promise<DraftRow> {
    return this.db
      .insertInto('eservice_drafts')
      .values({
        citizen_id: d.citizenId,
        procedure_code: d.procedureCode,
        agency_id: d.agencyId,
        applicant: JSON.stringify(d.applicant),
        form_data: JSON.stringify(d.formData),
        dossier_code: null,
        submitted_at: null,
        expires_at: d.expiresAt,
        created_at: d.at,
        updated_at: d.at,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async findDraft(citizenId: string, id: string): Promise<DraftRow | null> {
    const row = await this.db
      .selectFrom('eservice_drafts')
      .selectAll()
      .where('id', '=', id)
      .where('citizen_id', '=', citizenId)
      .executeTakeFirst();
    return row ?? null;
  }

  /** Saves answers of an open draft (the latest page wins: one citizen, one browser). */
  async updateDraft(
    id: string,
    patch: { agencyId?: string; applicant?: Record<string, unknown>; formData?: Record<string, unknown> },
    expiresAt: Date,
    now: Date,
  ): Promise<DraftRow | null> {
    const row = await this.db
      .updateTable('eservice_drafts')
      .set({
        ...(patch.agencyId !== undefined ? { agency_id: patch.agencyId } : {}),
        ...(patch.applicant !== undefined ? { applicant: JSON.stringify(patch.applicant) } : {}),
        ...(patch.formData !== undefined ? { form_data: JSON.stringify(patch.formData) } : {}),
        expires_at: expiresAt,
        version: sql<number>`version + 1`,
        updated_at: now,
      })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  /** open → submitting, atomically: only one request submits a draft (a stale `submitting` is taken over). */
  async beginSubmit(id: string, now: Date): Promise<DraftRow | null> {
    const row = await this.db
      .updateTable('eservice_drafts')
      .set({ status: 'submitting', version: sql<number>`version + 1`, updated_at: now })
      .where('id', '=', id)
      .where((eb) =>
        eb.or([
          eb('status', '=', 'open'),
          eb.and([
            eb('status', '=', 'submitting'),
            eb('updated_at', '<', sql<Date>`${now}::timestamptz - ${STALE_SUBMITTING}::interval`),
          ]),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    return row ?? null;
  }

  async endSubmit(id: string, outcome: { code: string } | null, now: Date, conn: Conn = this.db): Promise<void> {
    await conn
      .updateTable('eservice_drafts')
      .set(
        outcome
          ? { status: 'submitted', dossier_code: outcome.code, submitted_at: now, updated_at: now }
          : { status: 'open', updated_at: now },
      )
      .where('id', '=', id)
      .where('status', '=', 'submitting')
      .execute();
  }

  /** Expired uploads never used by a dossier (also those of abandoned drafts): at most `limit`. */
  expiredUploads(now: Date, limit: number): Promise<UploadRow[]> {
    return this.db
      .selectFrom('eservice_uploads as u')
      .selectAll('u')
      .leftJoin('eservice_drafts as d', 'd.id', 'u.draft_id')
      .where('u.dossier_code', 'is', null)
      .where('u.claimed_at', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('u.draft_id', 'is', null), eb('u.expires_at', '<', now)]),
          eb.and([eb('d.status', '=', 'open'), eb('d.expires_at', '<', now)]),
        ]),
      )
      .limit(limit)
      .execute();
  }

  async deleteUploads(ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .deleteFrom('eservice_uploads')
      .where('id', 'in', [...ids])
      .where('dossier_code', 'is', null)
      .execute();
  }

  /** Deletes expired open drafts that no longer hold any upload; returns how many. */
  async deleteExpiredDrafts(now: Date, limit: number): Promise<number> {
    const rows = await this.db
      .deleteFrom('eservice_drafts')
      .where('id', 'in', (eb) =>
        eb
          .selectFrom('eservice_drafts as d')
          .select('d.id')
          .where('d.status', '=', 'open')
          .where('d.expires_at', '<', now)
          .where((w) =>
            w.not(w.exists(w.selectFrom('eservice_uploads as u').select('u.id').whereRef('u.draft_id', '=', 'd.id'))),
          )
          .limit(limit),
      )
      .returning('id')
      .execute();
    return rows.length;
  }
}
