import type { ColumnType, Generated } from 'kysely';

/** Columns the database fills (default now()) but that may be set explicitly. */
export type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
export type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
export type Json<T = unknown> = ColumnType<T, string | T, string | T>;

export interface CoreTables {
  schema_migrations: { name: string; checksum: string; applied_at: Generated<Date> };
  idempotency_keys: {
    scope: string;
    key: string;
    route: string;
    request_hash: string;
    status_code: number | null;
    response_body: string | null;
    content_type: string | null;
    created_at: CreatedAt;
    completed_at: Date | null;
  };
  jobs: {
    id: Generated<number>;
    queue: string;
    payload: Json<Record<string, unknown>>;
    status: Generated<'pending' | 'running' | 'done' | 'failed'>;
    attempts: Generated<number>;
    max_attempts: Generated<number>;
    run_at: ColumnType<Date, Date | string | undefined, Date | string>;
    locked_at: Date | null;
    locked_by: string | null;
    last_error: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
