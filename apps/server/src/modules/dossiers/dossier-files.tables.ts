import type { Generated } from 'kysely';
import type { CreatedAt, UpdatedAt } from '../../db/core.tables.js';

/** Kysely row types of the dossier files table (migrations/0014_dossier_files.sql). */
export interface DossierFilesTables {
  dossier_files: {
    id: Generated<string>;
    dossier_id: string;
    kind: 'component' | 'result';
    component: string | null;
    name: string;
    media_type: string;
    size_bytes: number;
    sha256: string;
    storage_key: string;
    result_no: number | null;
    result_code: string | null;
    signed: Generated<boolean>;
    uploaded_by: string | null;
    uploaded_by_name: string | null;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
