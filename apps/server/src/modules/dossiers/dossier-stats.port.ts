import type { Channel, Counts } from './dossier-stats.repository.js';

export type { Channel, Counts, CountKey } from './dossier-stats.repository.js';
export { COUNT_KEYS } from './dossier-stats.repository.js';

/** Counts of one (agency, procedure, channel) over a period, with the in-progress snapshot at its end. */
export interface DossierStatsRow extends Counts {
  agencyId: string;
  procedureCode: string;
  channel: Channel;
  /** Dossiers in progress at the end of the period (or now, for a period not yet over). */
  inProgress: number;
  /** Of which past their due date at that instant. */
  overdue: number;
}

export interface DossierStatsQuery {
  /** Local dates (Asia/Ho_Chi_Minh), inclusive. */
  from: string;
  to: string;
  /** Agencies to count (null: every agency). */
  agencyIds: readonly string[] | null;
  /** false: compute everything from the dossiers and their events, ignoring the daily pre-aggregate. */
  preaggregate?: boolean;
}

export interface DossierStatsResult {
  rows: DossierStatsRow[];
  /** The instant the in-progress snapshot describes (end of the period, or now). */
  snapshotAt: string;
  /** Last local day read from the pre-aggregate (null: none was used). */
  aggregatedThrough: string | null;
}

export interface RatingInput {
  dossierCode: string;
  /** 1 = rất không hài lòng … 5 = rất hài lòng. */
  score: number;
  comment?: string | null;
  channel: 'online' | 'counter';
  /** When given (citizens' portal), the dossier must be this citizen's. */
  citizenId?: string | null;
}

/** The applicant's satisfaction rating of one dossier, as the officers read it on the dossier's detail. */
export interface DossierRating {
  /** 1 = rất không hài lòng … 5 = rất hài lòng. */
  score: number;
  comment: string | null;
  channel: 'online' | 'counter';
  ratedAt: string;
}

/** `app.dossiers.statistics`: the SQL over dossiers for the statistics module (issue 3 §5). */
export interface DossierStatisticsPort {
  counts(query: DossierStatsQuery): Promise<DossierStatsResult>;
  /** Aggregates every closed day not yet aggregated (the job does it nightly); returns the new watermark. */
  refresh(): Promise<{ aggregatedThrough: string | null; days: number }>;
  /**
   * Records the applicant's satisfaction rating of a dossier whose result is ready or returned, or that was
   * refused or rejected; once per dossier (409 after that). 404 for an unknown dossier or another citizen's.
   */
  recordRating(input: RatingInput): Promise<{ dossierCode: string; score: number; ratedAt: string }>;
  /** The rating of the dossier with this code, or null (not rated yet). No authorization: the caller checks. */
  ratingOf(dossierCode: string): Promise<DossierRating | null>;
}
