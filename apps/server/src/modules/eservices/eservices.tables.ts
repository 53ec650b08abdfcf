import type { Generated } from 'kysely';
import type { CreatedAt, Json, UpdatedAt } from '../../db/core.tables.js';

/** Kysely row types of the online-services module (migrations/0020_eservices.sql). */
export interface EservicesTables {
  eservice_drafts: {
    id: Generated<string>;
    citizen_id: string;
    procedure_code: string;
    agency_id: string | null;
    applicant: Json<Record<string, unknown>>;
    form_data: Json<Record<string, unknown>>;
    status: Generated<'open' | 'submitting' | 'submitted'>;
    dossier_code: string | null;
    submitted_at: Date | null;
    expires_at: Date;
    version: Generated<number>;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
  eservice_uploads: {
    id: Generated<string>;
    citizen_id: string;
    draft_id: string | null;
    component_index: number | null;
    name: string;
    media_type: string;
    size_bytes: number;
    sha256: string;
    storage_key: string;
    claimed_at: Date | null;
    dossier_code: string | null;
    expires_at: Date;
    created_at: CreatedAt;
    updated_at: UpdatedAt;
  };
}
