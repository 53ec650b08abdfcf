import type { FastifyInstance } from 'fastify';
import { agenciesWith } from '../auth/policy.js';
import type { Principal } from '../auth/principal.js';
import type { AuditScope } from './audit.repository.js';

/** Tells whether an agency has no parent (the top of a province's tree, e.g. UBND tỉnh). */
export type RootAgencyCheck = (agencyId: string) => Promise<boolean>;

/**
 * Who reads which audit rows:
 * - a row with an agency_id is readable by whoever holds `audit.read` for that agency (directly
 *   or through a grant that includes subordinates) — an officer of xã A never sees xã B's rows;
 * - a system-wide row (agency_id null: sign-in attempts, calendar, templates, jobs…) is readable
 *   only by whoever holds `audit.read` through a grant given in a root agency (an agency without
 *   a parent, i.e. a provincial administrator). A grant given lower down never reaches them, even
 *   when it includes subordinates.
 */
export async function readableScope(principal: Principal | null, isRoot: RootAgencyCheck): Promise<AuditScope> {
  const agencyIds = [...agenciesWith(principal, 'audit.read')];
  let systemWide = false;
  if (agencyIds.length > 0 && principal && principal.kind !== 'citizen') {
    const grantAgencies = new Set(
      principal.grants.filter((g) => g.permissions.includes('audit.read')).map((g) => g.agencyId),
    );
    for (const id of grantAgencies) {
      if (await isRoot(id)) {
        systemWide = true;
        break;
      }
    }
  }
  return { agencyIds, systemWide };
}

/** Root check through the org module's port: a top-level agency has no parent. Unknown → not root. */
export function rootCheckFromOrg(app: FastifyInstance): RootAgencyCheck {
  return async (agencyId) => {
    const agency = await app.org.findAgency(agencyId);
    return agency !== null && agency.parentId === null;
  };
}
