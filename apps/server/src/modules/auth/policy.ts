import { forbidden, notFound } from '../../http/errors.js';
import type { Permission } from './permissions.js';
import type { Principal } from './principal.js';

/**
 * Authorization in one place. Every check knows the agency: a permission held in xã A says
 * nothing about xã B. Use `agenciesWith` to filter lists and `assertCan` before acting on one row.
 */
export function agenciesWith(principal: Principal | null, permission: Permission): Set<string> {
  const ids = new Set<string>();
  if (!principal || principal.kind === 'citizen') return ids;
  if (principal.kind === 'staff' && principal.mustChangePassword) return ids;
  for (const g of principal.grants) {
    if (g.permissions.includes(permission)) for (const id of g.agencyIds) ids.add(id);
  }
  return ids;
}

export function can(principal: Principal | null, permission: Permission, agencyId?: string): boolean {
  const ids = agenciesWith(principal, permission);
  return agencyId === undefined ? ids.size > 0 : ids.has(agencyId);
}

/**
 * Throws 403 when the caller lacks the permission anywhere, and 404 when they hold it but not
 * for this agency: a row of another commune must not even be confirmed to exist.
 */
export function assertCan(principal: Principal | null, permission: Permission, agencyId?: string): void {
  const ids = agenciesWith(principal, permission);
  if (ids.size === 0) throw forbidden();
  if (agencyId !== undefined && !ids.has(agencyId)) throw notFound();
}
