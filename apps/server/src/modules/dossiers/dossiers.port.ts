import type { CitizenDossiersPort } from './dossier-citizen.port.js';
import type { DossierStatisticsPort } from './dossier-stats.port.js';

/**
 * What other modules may ask of dossiers (decorated as `app.dossiers` in index.ts). The citizens'
 * portal (issue 4) files online through it; the statistics module reads its aggregates through it.
 * Each member is added by the work that needs it; index.ts builds the object.
 */
export interface OnlineSubmission {
  /** The signed-in citizen (citizens module id): the dossier's applicant account. */
  citizenId: string;
  procedureCode: string;
  /** The agency chosen by the citizen (id of the org module); must implement the procedure. */
  agencyId: string;
  applicant: { name: string; idNumber?: string; phone?: string; email?: string; address?: string };
  formData: Record<string, unknown>;
  /** Files already stored through app.files, one entry per file, grouped by component name. */
  files: { component: string; fileId: string }[];
}

/** What another module may know of one dossier (payments: fees and who may pay). */
export interface DossierSummary {
  id: string;
  code: string;
  procedureId: string;
  procedureRevision: number;
  procedureCode: string;
  procedureName: string;
  receivingAgencyId: string;
  currentAgencyId: string;
  /** The citizen account that filed it online, or null (counter, post). */
  applicantCitizenId: string | null;
  applicantName: string;
  status: string;
}

export interface DossiersPort {
  /** The applicant's side: file online with uploaded files, my dossiers, lookup, supplement, results (dossier-citizen.port.ts). */
  citizen: CitizenDossiersPort;
  /** Counts for the statistics module, the nightly pre-aggregate and satisfaction ratings (dossier-stats.port.ts). */
  statistics: DossierStatisticsPort;
  /** The dossier with this code, or null. No authorization here: the caller checks the agency or the citizen. */
  findSummary(code: string): Promise<DossierSummary | null>;
  /** How this node's inbox answers were served (dossiers.inbox-cache.ts): for the bench and operators. */
  inboxCacheStats(): { hits: number; misses: number; entries: number };
  /**
   * Files a dossier online (channel `online`, state `submitted`): code allocated at submission, the
   * form validated against the procedure's e-form (422 with fields), the one-stop officer accepts or
   * sends it back within 8 working hours (Nghị định 45/2020/NĐ-CP).
   */
  submitOnline(input: OnlineSubmission): Promise<{
    code: string;
    status: string;
    submittedAt: string;
    /** Last instant to accept or send back: 8 working hours after submission. */
    acceptBy: string;
  }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    dossiers: DossiersPort;
  }
}
