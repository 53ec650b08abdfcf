import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ActorContext } from '../../http/request-context.js';
import type { CitizenStatus } from './citizens.tables.js';

export interface CitizenSummary {
  id: string;
  fullName: string | null;
  status: CitizenStatus;
  phone: string | null;
  email: string | null;
}

/** Profile fields a staff member may change by approving a correction request. */
export type CorrectableField = 'fullName' | 'dateOfBirth' | 'address';

/**
 * What other modules may ask of the citizens module (decorated as `app.citizens`). The auth module
 * reads `findCitizen` to build a citizen principal (and refuse a locked account); the privacy
 * module calls `applyCorrection` when staff approve a correction request.
 */
export interface CitizensPort {
  findCitizen(citizenId: string): Promise<CitizenSummary | null>;
  /**
   * Writes one corrected profile field (audited) inside the caller's transaction; returns the value
   * before and after. Throws 422 when the value is not valid for the field.
   */
  applyCorrection(
    actor: ActorContext,
    citizenId: string,
    field: CorrectableField,
    value: string,
    trx: Transaction<DB>,
  ): Promise<{ before: string | null; after: string | null }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    citizens: CitizensPort;
  }
}
