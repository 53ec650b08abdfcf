import type { FastifyInstance } from 'fastify';
import * as repo from './auth.repository.js';
import type { Principal } from './principal.js';

export type StaffPrincipal = Extract<Principal, { kind: 'staff' }>;

export interface Me {
  id: string;
  username: string;
  fullName: string;
  mustChangePassword: boolean;
  totpEnabled: boolean;
  totpRequired: boolean;
  /** Effective permissions (empty until a temporary password is changed). */
  permissions: string[];
  grants: { roleCode: string; roleName: string; agencyId: string; agencyName: string; permissions: string[] }[];
}

/** Role codes for which the role policy asks for a second factor. */
export async function totpRequiredFor(app: FastifyInstance, roleCodes: string[]): Promise<boolean> {
  return (await repo.rolesRequiringTotp(app.database.db, [...new Set(roleCodes)])).length > 0;
}

export async function buildMe(app: FastifyInstance, p: StaffPrincipal): Promise<Me> {
  const cred = await repo.findCredentials(app.database.db, p.userId);
  const effective = (perms: string[]) => (p.mustChangePassword ? [] : perms);
  const agencyNames = new Map<string, string>();
  for (const g of p.grants) {
    if (g.agencyName !== undefined || agencyNames.has(g.agencyId)) continue;
    agencyNames.set(g.agencyId, (await app.org.findAgency(g.agencyId))?.name ?? '');
  }
  const grants = p.grants.map((g) => ({
    roleCode: g.roleCode,
    roleName: g.roleName ?? g.roleCode,
    agencyId: g.agencyId,
    agencyName: g.agencyName ?? agencyNames.get(g.agencyId) ?? '',
    permissions: effective([...g.permissions]),
  }));
  return {
    id: p.userId,
    username: p.username,
    fullName: p.fullName,
    mustChangePassword: p.mustChangePassword,
    totpEnabled: cred?.totp_enabled ?? false,
    totpRequired: await totpRequiredFor(
      app,
      p.grants.map((g) => g.roleCode),
    ),
    permissions: [...new Set(grants.flatMap((g) => g.permissions))].sort(),
    grants,
  };
}
