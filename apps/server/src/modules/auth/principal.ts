import type { Permission } from './permissions.js';

/** One role held in one agency, with the agencies it reaches already expanded. */
export interface Grant {
  roleCode: string;
  /** The agency the role was given in. */
  agencyId: string;
  /** agencyId plus, if the assignment includes subordinates, every agency below it. */
  agencyIds: string[];
  permissions: Permission[];
  /** Display names, when the provider of the grant (the org module) knows them. */
  roleName?: string;
  agencyName?: string;
}

/** Who is calling. Set on every request by the auth module; null when anonymous. */
export type Principal =
  | {
      kind: 'staff';
      userId: string;
      username: string;
      fullName: string;
      sessionId: string;
      grants: Grant[];
      /** True until the user replaces a default/reset password (QĐ 742: forced change at first sign-in). */
      mustChangePassword: boolean;
    }
  | { kind: 'citizen'; citizenId: string; fullName: string | null; sessionId: string }
  | { kind: 'token'; tokenId: string; name: string; scopes: string[]; grants: Grant[] };

/** Stable id for idempotency keys, rate limits and audit rows. */
export function principalKey(p: Principal | null): string | null {
  if (!p) return null;
  switch (p.kind) {
    case 'staff':
      return `staff:${p.userId}`;
    case 'citizen':
      return `citizen:${p.citizenId}`;
    case 'token':
      return `token:${p.tokenId}`;
  }
}
