import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../db/core.tables.js';

export type ProcedureLevel = 'tinh' | 'xa';
export type OnlineMode = 'toan_trinh' | 'mot_phan' | 'truc_tiep';
export type ProcedureStatus = 'draft' | 'published' | 'archived';

/** Kysely row types of the procedures module (kept in step with migrations/0011_procedures.sql). */
export interface ProceduresTables {
  procedures: {
    id: Generated<string>;
    code: string;
    code_is_local: boolean;
    name: string;
    name_search: string;
    field: string;
    level: ProcedureLevel;
    online_mode: OnlineMode;
    processing_time: Json;
    fees: Json;
    components: Json;
    legal_basis: Json;
    results: Json;
    form_schema: Json;
    workflow: Json;
    cutoff: string | null;
    provenance: Json;
    status: ColumnType<ProcedureStatus, ProcedureStatus | undefined, ProcedureStatus>;
    version: Generated<number>;
    published_version: number | null;
    published_at: Date | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  procedure_versions: {
    id: Generated<string>;
    procedure_id: string;
    revision: number;
    source_version: number;
    code: string;
    name: string;
    name_search: string;
    field: string;
    level: ProcedureLevel;
    snapshot: Json;
    published_by: string | null;
    published_by_name: string | null;
    published_at: Date;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  procedure_agencies: {
    procedure_id: string;
    agency_id: string;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
