import { AppError, forbidden, notFound, unauthorized } from '../../http/errors.js';
import { agenciesWith, assertCan } from '../auth/policy.js';
import { isPermission, type Permission } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';

/**
 * Who may do what in the org module, in one place. Every rule is scoped to agencies: a permission
 * held in xã A says nothing about xã B (a row of another agency answers 404, not 403, so that its
 * existence is not confirmed). Least privilege, QĐ 742/QĐ-BTTTT: nothing is implied.
 */

/** Anonymous → 401; a citizen has no business in the back office → 403. */
export function requireStaff(principal: Principal | null): Principal {
  if (!principal) throw unauthorized();
  if (principal.kind === 'citizen') throw forbidden();
  return principal;
}

/** The caller must hold `permission` somewhere (403) and, if given, in this agency (404). */
export function must(principal: Principal | null, permission: Permission, agencyId?: string): void {
  assertCan(requireStaff(principal), permission, agencyId);
}

/** Either permission somewhere (e.g. the role catalogue is read by org readers and role assigners). */
export function mustHaveAny(principal: Principal | null, permissions: Permission[]): void {
  const p = requireStaff(principal);
  if (!permissions.some((perm) => agenciesWith(p, perm).size > 0)) throw forbidden();
}

export interface GrantChange {
  roleCode: string;
  agencyId: string;
  /** The agencies the grant reaches: agencyId, plus its subtree when it includes subordinates. */
  reach: string[];
  permissions: string[];
}

/**
 * Giving or taking away a role. The caller needs `roles.assign` in every agency the grant reaches
 * (an agency outside their scope answers 404; a subtree reaching outside it, 403). Giving a role
 * also needs every permission of that role, in every agency it reaches: an administrator may not
 * hand out rights they do not hold themselves (no privilege escalation, QĐ 742/QĐ-BTTTT).
 */
export function checkGrantChange(principal: Principal, change: GrantChange, kind: 'add' | 'remove'): void {
  const assignable = agenciesWith(principal, 'roles.assign');
  if (assignable.size === 0) throw forbidden();
  if (!assignable.has(change.agencyId)) throw notFound('Không tìm thấy cơ quan được chọn để phân quyền.');
  if (change.reach.some((id) => !assignable.has(id))) {
    throw new AppError(
      403,
      'grant_outside_scope',
      'Không thể phân quyền bao gồm các cơ quan cấp dưới nằm ngoài phạm vi bạn quản lý.',
    );
  }
  if (kind === 'remove') return;
  for (const perm of change.permissions) {
    const held = isPermission(perm) ? agenciesWith(principal, perm) : new Set<string>();
    if (change.reach.some((id) => !held.has(id))) {
      throw new AppError(
        403,
        'permission_escalation',
        `Không thể giao vai trò có quyền "${perm}" mà chính bạn không có tại cơ quan đó.`,
      );
    }
  }
}

/** Staff id of the caller, when the caller is a staff user (tokens have none). */
export function staffId(principal: Principal): string | null {
  return principal.kind === 'staff' ? principal.userId : null;
}
