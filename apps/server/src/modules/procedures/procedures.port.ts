import type { FieldError } from '../../http/errors.js';
import type { ProcedureContent } from './procedures.repository.js';
import type { PublicProceduresService } from './public.service.js';

/** A published revision of a procedure: what a dossier is filed against. */
export interface PublishedProcedure extends ProcedureContent {
  procedureId: string;
  /** Revision number (procedure_versions.revision): a dossier keeps the one it was filed under. */
  revision: number;
  /** Implementing agencies (ids of the org module). */
  agencyIds: string[];
}

/** What other modules may ask of the procedure catalogue (decorated as `app.procedures`). */
export interface ProceduresPort {
  /** The currently published revision of the procedure with this code, or null (draft, archived, unknown). */
  findPublished(code: string): Promise<PublishedProcedure | null>;
  /** A given published revision (also after a newer one or an archive), or null. */
  findRevision(procedureId: string, revision: number): Promise<PublishedProcedure | null>;
  /**
   * Checks submitted form data against the procedure's e-form (JSON Schema), with the same Ajv
   * options and Vietnamese messages as the API's own validation. [] when valid (or no form).
   * Field paths are JSON pointers prefixed with `/formData`.
   * Like the API's validation it NORMALISES `data` in place (numbers/booleans from strings, `default`s
   * filled in, properties a schema forbids with `additionalProperties: false` removed): validate the very
   * object you store. Compiled once per (procedureId, revision). See form-validation.ts for why.
   */
  validateForm(procedure: PublishedProcedure, data: unknown): FieldError[];
  /** The public catalogue (same answers as GET /api/v1/public/procedures and /{code}), for the portal's pages. */
  publicCatalogue: Pick<PublicProceduresService, 'list' | 'get'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    procedures: ProceduresPort;
  }
}
