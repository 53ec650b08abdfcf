import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../db/core.tables.js';

export type TicketStatus = 'waiting' | 'called' | 'serving' | 'done' | 'skipped' | 'transferred';

/** Kysely row types of the queue module's tables (migrations/0019_queue.sql). */
export interface QueueTables {
  queue_fields: {
    id: Generated<string>;
    agency_id: string;
    field: string;
    prefix: string;
    position: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  queue_counters: {
    id: Generated<string>;
    agency_id: string;
    code: string;
    name: string;
    fields: Json<string[]>;
    active: Generated<boolean>;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  queue_sequences: {
    agency_id: string;
    /** Local day (Asia/Ho_Chi_Minh), written as 'YYYY-MM-DD'; never read back as a value. */
    day: ColumnType<string, string, string>;
    prefix: string;
    last_seq: number;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  queue_tickets: {
    id: Generated<string>;
    agency_id: string;
    day: ColumnType<string, string, string>;
    number: string;
    field: string;
    status: Generated<TicketStatus>;
    target_counter_id: string | null;
    counter_id: string | null;
    served_by: string | null;
    transferred_from_id: string | null;
    call_count: Generated<number>;
    taken_at: ColumnType<Date, Date | string, Date | string>;
    queued_at: ColumnType<Date, Date | string, Date | string>;
    called_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    last_called_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    serving_started_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    finished_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  queue_board_versions: {
    agency_id: string;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
