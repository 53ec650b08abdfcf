import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { TtlPromiseCache } from '../../cache/ttl-promise-cache.js';
import { orgRoutes } from './org.routes.js';
import type { AgencySummary, OrgPort, StaffAccount } from './org.port.js';
import { OrgService } from './org.service.js';
import type { AgencyRow } from './org.repository.js';
import { unitsRoutes } from './units.routes.js';
import { UnitsService, vnDate } from './units.service.js';
import type { UserRow } from './users.repository.js';
import { usersRoutes } from './users.routes.js';
import { UsersService } from './users.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/**
 * Organisation: administrative units (with their history), agencies, departments, positions,
 * staff users and their roles. Decorates `app.org` (see org.port.ts) and serves /units,
 * /agencies, /positions, /roles and /users.
 */
const agencySummary = (a: AgencyRow): AgencySummary => ({
  id: a.id,
  code: a.code,
  name: a.name,
  kind: a.kind,
  unitCode: a.unitCode,
  parentId: a.parentId,
});

export default fp(
  async (app: FastifyInstance) => {
    const { db } = app.database;
    const deps = { db, audit: () => app.audit, auth: () => app.auth, clock: () => app.clock() };
    const units = new UnitsService(db, () => vnDate(app.clock()));
    const org = new OrgService(deps);
    const users = new UsersService(deps);

    const account = (user: UserRow, roleCodes: string[]): StaffAccount => ({
      id: user.id,
      username: user.username,
      fullName: user.fullName,
      status: user.status,
      roleCodes: [...new Set(roleCodes)],
    });
    const staffAccount = async (user: UserRow | undefined): Promise<StaffAccount | null> => {
      if (!user) return null;
      const assignments = await users.repo.assignments([user.id]);
      return account(
        user,
        assignments.map((a) => a.roleCode),
      );
    };

    // The auth hook asks for the caller's staff row and grants on every request (issue 3 §7: the inbox
    // spent 2 of its 5 statements there); a write through the org API below drops them.
    const staffCache = new TtlPromiseCache<Awaited<ReturnType<OrgPort['findStaffWithGrants']>>>(
      app.config.staffGrantsCacheSeconds * 1000,
      10_000,
      () => Date.now(),
    );
    const loadStaffWithGrants = async (userId: string) => {
      const user = isUuid(userId) ? await users.repo.findById(userId) : undefined;
      if (!user) return null;
      const grants = await org.getGrants(user.id);
      return {
        staff: account(
          user,
          grants.map((g) => g.roleCode),
        ),
        grants,
      };
    };

    const port: OrgPort = {
      findStaffByUsername: async (username) => staffAccount(await users.repo.findByUsername(username.trim())),
      findStaff: async (userId) => (isUuid(userId) ? staffAccount(await users.repo.findById(userId)) : null),
      getGrants: (userId) => org.getGrants(userId),
      findStaffWithGrants: (userId) => staffCache.get(userId, () => loadStaffWithGrants(userId)),
      forgetCachedStaff: () => staffCache.clear(),
      agencySubtree: (agencyId) => org.agencySubtree(agencyId),
      async findAgency(agencyId) {
        const a = isUuid(agencyId) ? await org.repo.findAgency(agencyId) : undefined;
        return a ? agencySummary(a) : null;
      },
      async findAgencies(agencyIds) {
        return (await org.repo.listAgencies(agencyIds.filter(isUuid))).map(agencySummary);
      },
      async findAgencyByCode(code) {
        const a = await org.repo.findAgencyByCode(code);
        return a ? agencySummary(a) : null;
      },
      async staffWithRole(roleCode, agencyId) {
        if (!isUuid(agencyId)) return [];
        // Ancestors whose assignments "with subordinates" reach the agency (the reach of getGrants).
        const ancestors: string[] = [];
        let current = await org.repo.findAgency(agencyId);
        for (let i = 0; i < 20 && current?.parentId && !ancestors.includes(current.parentId); i++) {
          ancestors.push(current.parentId);
          current = await org.repo.findAgency(current.parentId);
        }
        return users.repo.holdersOfRole(roleCode, agencyId, ancestors);
      },
      listProvinces: () => units.listProvinces(),
      listCommunes: (provinceCode) => units.listCommunes(provinceCode),
      resolveOldCommune: (oldCode) => units.resolveOldCommune(oldCode),
    };
    app.decorate('org', port);

    await app.register(async (scope) => {
      // Any write here may change a user's status or roles or an agency's subtree (the grants' reach); it is
      // committed when the reply is sent, so the next request of this node reads it.
      scope.addHook('onSend', async (request, _reply, payload) => {
        if (!SAFE_METHODS.has(request.method)) staffCache.clear();
        return payload;
      });
      await scope.register(unitsRoutes(units), { prefix: '/api/v1' });
      await scope.register(orgRoutes(org), { prefix: '/api/v1' });
      await scope.register(usersRoutes(users), { prefix: '/api/v1' });
    });
  },
  { name: 'saola-org', dependencies: ['saola-database'] },
);
