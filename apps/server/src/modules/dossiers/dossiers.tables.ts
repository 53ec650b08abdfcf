import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../db/core.tables.js';

/** One entry of dossiers.status_history: an event's instant (ISO-8601, UTC) and the state it led to. */
export interface StatusHistoryEntry {
  at: string;
  status: string;
}

/** Kysely row types of the dossiers module's tables (migrations/0012_dossier_codes.sql, 0013_dossiers.sql). */
export interface DossiersTables {
  /** Change counter per agency, moved by triggers on dossiers (migrations/0026_dossier_agency_versions.sql). */
  dossier_agency_versions: {
    agency_id: string;
    /** bigint: node-postgres hands it back as a string. */
    version: Generated<string>;
  };
  dossier_code_sequences: {
    agency_code: string;
    /** Local reception date (Asia/Ho_Chi_Minh); written as 'YYYY-MM-DD'. */
    day: string;
    last_seq: number;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  dossiers: {
    id: Generated<string>;
    code: string;
    procedure_id: string;
    procedure_code: string;
    procedure_name: string;
    procedure_revision: number;
    processing_time: Json;
    cutoff: string | null;
    receiving_agency_id: string;
    current_agency_id: string;
    channel: 'counter' | 'online' | 'post';
    applicant: Json;
    applicant_citizen_id: string | null;
    form_data: Json;
    components: Json;
    status: string;
    resume_state: string | null;
    current_step: number | null;
    step_role: string | null;
    approved: Generated<boolean>;
    assignee_id: string | null;
    received_at: Date;
    /** Online submission instant (migrations/0016_dossier_channels.sql); null for counter and post. */
    submitted_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
    /** Online: last instant to accept or send back (8 working hours, Nghị định 45/2020/NĐ-CP). */
    accept_by: ColumnType<Date | null, Date | null | undefined, Date | null>;
    due_at: Date | null;
    original_due_at: Date | null;
    extended: Generated<boolean>;
    extended_at: Date | null;
    paused_since: Date | null;
    pauses: Json;
    result_file_ids: Json;
    /**
     * The public lookup's history, one entry per event in seq order (migrations/0025_dossier_status_history.sql);
     * written only by the repository, in the statement that adds the event.
     */
    status_history: ColumnType<StatusHistoryEntry[], string | undefined, string>;
    created_by: string | null;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  dossier_events: {
    id: Generated<string>;
    dossier_id: string;
    seq: number;
    action: string;
    from_status: string | null;
    to_status: string;
    actor_id: string | null;
    actor_name: string | null;
    agency_id: string | null;
    at: ColumnType<Date, Date, never>;
    note: string | null;
    reason: string | null;
    step: number | null;
    data: Json;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
