import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../db/core.tables.js';

type Count = ColumnType<number, number | undefined, number>;

/** Per-day counts of one (agency, procedure, channel); see migrations/0015_dossier_statistics.sql. */
export interface DailyCountColumns {
  received: Count;
  resolved_on_time: Count;
  resolved_late: Count;
  returned: Count;
  withdrawn: Count;
  refused: Count;
  rejected: Count;
  stopped: Count;
  received_digitised: Count;
  resolved_e_result: Count;
  rating_1: Count;
  rating_2: Count;
  rating_3: Count;
  rating_4: Count;
  rating_5: Count;
}

type StatsKeyColumns = DailyCountColumns & {
  stay_started: Count;
  stay_ended: Count;
  overdue_started: Count;
  overdue_ended: Count;
  /** Local date 'YYYY-MM-DD'. */
  day: ColumnType<string, string, string>;
  agency_id: string;
  procedure_code: string;
  channel: 'counter' | 'online' | 'post';
  created_at: CreatedAt;
  updated_at: UpdatedAt;
};

/** Kysely row types of the statistics tables of the dossiers module (migrations/0015_dossier_statistics.sql). */
export interface DossierStatsTables {
  dossier_ratings: {
    id: Generated<string>;
    dossier_id: string;
    agency_id: string;
    score: number;
    comment: string | null;
    channel: 'online' | 'counter';
    rated_at: Date;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  dossier_stats_daily: StatsKeyColumns;
  /** Same columns; `day` is the first day of the month. */
  dossier_stats_monthly: StatsKeyColumns;
  dossier_stats_snapshots: {
    day: ColumnType<string, string, string>;
    agency_id: string;
    procedure_code: string;
    channel: 'counter' | 'online' | 'post';
    in_progress: Count;
    overdue: Count;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  dossier_stats_state: {
    id: number;
    aggregated_through: ColumnType<string | null, string | null, string | null>;
    next_run_at: Date | null;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
