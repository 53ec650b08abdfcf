import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ActorContext } from '../../http/request-context.js';
import type { PrivacyPort } from '../privacy/privacy.port.js';
import { ACCOUNT_PURPOSE } from '../privacy/purposes.js';
import type { CitizenRow } from './citizens.repository.js';

/**
 * After a citizen proved who they are (one-time code or OpenID Connect): the same request is from
 * then on the citizen's own act, and the consent ticked on the sign-in form is recorded as theirs
 * (Luật 91/2025/QH15: consent is recorded with its purpose and source).
 */
export async function actAsSignedInCitizen(
  privacy: PrivacyPort,
  actor: ActorContext,
  citizen: CitizenRow,
  consent: { given: boolean; source: 'otp_signin' | 'oidc_signin' },
  trx: Transaction<DB>,
): Promise<ActorContext> {
  const citizenActor: ActorContext = {
    ...actor,
    actorKind: 'citizen',
    actorId: citizen.id,
    actorName: citizen.full_name,
  };
  if (consent.given) {
    await privacy.recordConsent(
      citizenActor,
      citizen.id,
      { purpose: ACCOUNT_PURPOSE, granted: true, source: consent.source },
      trx,
    );
  }
  return citizenActor;
}
