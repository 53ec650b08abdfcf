import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ActorContext } from '../../http/request-context.js';
import type { OnlineSubmission } from './dossiers.port.js';

/** A file the citizen uploaded before (eservices module), to become a component file of the dossier. */
export interface OnlineFile {
  /** The upload's id; becomes the dossier file's id. */
  fileId: string;
  /** Component name of the procedure revision. */
  component: string;
  name: string;
  mediaType: 'application/pdf' | 'image/jpeg' | 'image/png';
  size: number;
  sha256: string;
  /** Where the bytes already are (app.files.storage); the dossier file points at the same object. */
  storageKey: string;
}

export interface CitizenHistoryItem {
  at: string;
  action: string;
  actionLabel: string;
  status: string;
  label: string;
  /** Reason or note the officer gave (supplement request, refusal…); null otherwise. */
  reason: string | null;
}

export interface CitizenDossierItem {
  code: string;
  procedureCode: string;
  procedureName: string;
  status: string;
  statusLabel: string;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  acceptBy: string | null;
  rated: boolean;
}

export interface CitizenDossierDetail extends CitizenDossierItem {
  agencyId: string;
  /** What the officer asked for when the dossier waits for a supplement (the last request's reason/note). */
  supplementRequest: string | null;
  history: CitizenHistoryItem[];
  files: {
    id: string;
    kind: 'component' | 'result';
    component: string | null;
    name: string;
    resultCode: string | null;
  }[];
  /** Electronic results may be downloaded (result ready or returned). */
  resultsAvailable: boolean;
}

/** What anyone may see with the code and the applicant's phone (no personal data). */
export interface PublicDossierStatus {
  code: string;
  procedure: { code: string; name: string };
  status: string;
  statusLabel: string;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  history: { at: string; status: string; label: string }[];
}

/**
 * The applicant's side of dossiers (`app.dossiers.citizen`, issue 4 §1): file online with already uploaded
 * files, the citizen's own dossiers, lookup by code and phone, supplement when asked, electronic results.
 * Another citizen's dossier is "not found" (404), never "forbidden".
 */
export interface CitizenDossiersPort {
  /**
   * app.dossiers.submitOnline, then links the uploaded files to the dossier (dossier_files, kind component).
   * `alsoInTransaction` runs the caller's own writes (its uploads and draft marked used) in the dossier's
   * transaction, so that a crash cannot leave a dossier whose draft can be submitted again.
   */
  fileOnline(
    input: OnlineSubmission,
    files: OnlineFile[],
    alsoInTransaction?: (trx: Transaction<DB>, dossier: { code: string }) => Promise<void>,
  ): Promise<{ code: string; status: string; submittedAt: string; acceptBy: string }>;
  listMine(citizenId: string): Promise<CitizenDossierItem[]>;
  getMine(citizenId: string, code: string): Promise<CitizenDossierDetail>;
  /** null for an unknown code AND for a wrong phone: the caller answers both the same way. */
  lookup(code: string, phone: string): Promise<PublicDossierStatus | null>;
  /** The applicant's `supplement` action (state machine), with the new files. */
  supplement(
    actor: ActorContext,
    citizenId: string,
    code: string,
    input: { note: string | null; files: OnlineFile[] },
  ): Promise<{ code: string; status: string; statusLabel: string }>;
  /** An electronic result file of the citizen's dossier (only results, only once ready). */
  resultFile(
    citizenId: string,
    code: string,
    fileId: string,
  ): Promise<{ bytes: Buffer; mediaType: string; name: string }>;
}
