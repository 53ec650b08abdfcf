import type { Grant } from '../auth/principal.js';

export interface StaffAccount {
  id: string;
  username: string;
  fullName: string;
  status: 'active' | 'locked';
  /** Role codes held anywhere: the auth module uses them for "TOTP required for this role". */
  roleCodes: string[];
}

/** What other modules may ask of the org module (decorated as `app.org`). */
export interface OrgPort {
  findStaffByUsername(username: string): Promise<StaffAccount | null>;
  findStaff(userId: string): Promise<StaffAccount | null>;
  /** Every role the user holds, each with the agencies it reaches (subordinates expanded). */
  getGrants(userId: string): Promise<Grant[]>;
  /** Agency ids at and below the given one (for scoping lists). */
  agencySubtree(agencyId: string): Promise<string[]>;
  findAgency(agencyId: string): Promise<{ id: string; code: string; name: string; unitCode: string | null } | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    org: OrgPort;
  }
}
