import type { ProcedureContent } from './procedures.repository.js';

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
}

declare module 'fastify' {
  interface FastifyInstance {
    procedures: ProceduresPort;
  }
}
