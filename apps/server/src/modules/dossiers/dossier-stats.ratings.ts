import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.js';

/**
 * SQL of the satisfaction ratings (dossier_ratings) and of the refresh job's planning row (dossier_stats_state),
 * migrations/0015_dossier_statistics.sql.
 */
export class DossierStatsStateRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** Claims the scheduling of the next refresh run: true when `runAt` is now the one planned run. */
  async planNextRun(expected: Date | null, runAt: Date, now: Date): Promise<boolean> {
    const r = await sql`
      update dossier_stats_state set next_run_at = ${runAt}, updated_at = ${now}, version = version + 1
       where id = 1 and next_run_at is not distinct from ${expected}`.execute(this.db);
    return Number(r.numAffectedRows ?? 0) === 1;
  }

  async nextRunAt(): Promise<Date | null> {
    const r = await this.db
      .selectFrom('dossier_stats_state')
      .select('next_run_at')
      .where('id', '=', 1)
      .executeTakeFirst();
    return r?.next_run_at ?? null;
  }

  // ---- ratings ----

  async findDossierForRating(
    code: string,
  ): Promise<{ id: string; status: string; currentAgencyId: string; applicantCitizenId: string | null } | null> {
    const r = await this.db
      .selectFrom('dossiers')
      .select(['id', 'status', 'current_agency_id', 'applicant_citizen_id'])
      .where('code', '=', code)
      .executeTakeFirst();
    return r
      ? { id: r.id, status: r.status, currentAgencyId: r.current_agency_id, applicantCitizenId: r.applicant_citizen_id }
      : null;
  }

  /** The rating of the dossier with this code (at most one per dossier), or undefined. */
  async ratingOf(code: string) {
    return this.db
      .selectFrom('dossier_ratings as r')
      .innerJoin('dossiers as d', 'd.id', 'r.dossier_id')
      .select(['r.score', 'r.comment', 'r.channel', 'r.rated_at'])
      .where('d.code', '=', code)
      .executeTakeFirst();
  }

  /** Inserts the rating; false when the dossier already has one (unique dossier_id). */
  async insertRating(row: {
    dossierId: string;
    agencyId: string;
    score: number;
    comment: string | null;
    channel: 'online' | 'counter';
    ratedAt: Date;
  }): Promise<boolean> {
    const r = await this.db
      .insertInto('dossier_ratings')
      .values({
        dossier_id: row.dossierId,
        agency_id: row.agencyId,
        score: row.score,
        comment: row.comment,
        channel: row.channel,
        rated_at: row.ratedAt,
      })
      .onConflict((oc) => oc.column('dossier_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    return r !== undefined;
  }
}
