import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ActorContext } from '../../http/request-context.js';
import type { ConsentSource, CorrectionField, CorrectionStatus } from './privacy.tables.js';

export interface ConsentView {
  id: string;
  purpose: string;
  purposeText: string;
  granted: boolean;
  grantedAt: string | null;
  withdrawnAt: string | null;
  source: ConsentSource;
  createdAt: string;
}

export interface CorrectionRequestView {
  id: string;
  citizenId: string;
  field: CorrectionField;
  currentValue: string | null;
  requestedValue: string;
  reason: string;
  status: CorrectionStatus;
  decisionNote: string | null;
  resolvedByName: string | null;
  resolvedAt: string | null;
  /** True when approval changed the stored profile (fullName, dateOfBirth, address). */
  applied: boolean;
  version: number;
  createdAt: string;
}

export interface SensitiveAccessEntry {
  /** Whose data it is, when known. */
  citizenId?: string | null;
  /** What kind of sensitive item, e.g. "id_card_image". */
  itemType: string;
  /** Which item (file id, dossier id…). */
  itemId: string;
  /** Why it was read, in plain words, e.g. "Kiểm tra hồ sơ 44.001.2026.000123". */
  purpose: string;
  agencyId?: string | null;
}

export interface SensitiveAccessView {
  at: string;
  actorKind: ActorContext['actorKind'];
  actorName: string | null;
  itemType: string;
  itemId: string;
  purpose: string;
  agencyId: string | null;
}

/**
 * Personal data protection (decorated as `app.privacy`) — Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15,
 * Nghị định 356/2025/NĐ-CP. Consent per purpose, correction requests, and the access log of
 * sensitive data: every module that reads an ID-card image (or other sensitive item) calls
 * `logSensitiveAccess` in the same request, before returning the data.
 */
export interface PrivacyPort {
  /**
   * Records an explicit answer for one purpose. Granting when a consent is already active keeps the
   * existing row (returns it); `granted: false` records a refusal and withdraws any active consent.
   * Throws 422 for an unknown purpose.
   */
  recordConsent(
    actor: ActorContext,
    citizenId: string,
    answer: { purpose: string; granted: boolean; source: ConsentSource },
    trx?: Transaction<DB>,
  ): Promise<ConsentView>;
  /** Withdraws the active consent for a purpose; false when there was none. */
  withdrawConsent(actor: ActorContext, citizenId: string, purpose: string): Promise<boolean>;
  hasConsent(citizenId: string, purpose: string, trx?: Transaction<DB>): Promise<boolean>;
  /** Every consent row of the citizen, newest first (the history, including withdrawn ones). */
  listConsents(citizenId: string): Promise<ConsentView[]>;
  createCorrectionRequest(
    actor: ActorContext,
    citizenId: string,
    input: { field: CorrectionField; currentValue: string | null; requestedValue: string; reason: string },
  ): Promise<CorrectionRequestView>;
  listCorrectionRequestsOf(citizenId: string): Promise<CorrectionRequestView[]>;
  logSensitiveAccess(actor: ActorContext, entry: SensitiveAccessEntry): Promise<void>;
  listSensitiveAccessOf(citizenId: string): Promise<SensitiveAccessView[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    privacy: PrivacyPort;
  }
}
