import type { CreatedAt, UpdatedAt } from '../../db/core.tables.js';

/**
 * Kysely row types of the dossiers module's tables (kept in step with migrations/0012_dossier_codes.sql).
 * Not yet part of `DB` in src/db/schema.ts: the repository reaches them with `db.withTables<DossiersTables>()`.
 */
export interface DossiersTables {
  dossier_code_sequences: {
    agency_code: string;
    /** Local reception date (Asia/Ho_Chi_Minh); written as 'YYYY-MM-DD'. */
    day: string;
    last_seq: number;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
