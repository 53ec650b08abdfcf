import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { assertCan, can } from '../../modules/auth/policy.js';
import type { TestApp } from '../test-app.js';
import { createTestDatabase } from '../test-db.js';
import { createAgency as createOrgAgency, createUser } from './org.js';

/**
 * Test factories of the auth module. Agencies and users come from the org module's factories
 * (its own repositories); the password is set through `app.auth.setPassword`.
 */
export const TEST_PASSWORD = 'Saola@Kiem-tra-2025';

export async function createAgency(app: FastifyInstance, overrides: { name?: string; parentId?: string | null } = {}) {
  return (await createOrgAgency(app, overrides)).id;
}

export interface TestStaff {
  id: string;
  username: string;
  password: string;
  agencyId: string;
}

export async function createStaffUser(
  app: FastifyInstance,
  options: {
    username?: string;
    password?: string;
    agencyId?: string;
    /** Role codes held in `agencyId` (e.g. 'quan_tri', 'chuyen_vien'). */
    roles?: string[];
    mustChangePassword?: boolean;
    status?: 'active' | 'locked';
  } = {},
): Promise<TestStaff> {
  const agencyId = options.agencyId ?? (await createAgency(app));
  const user = await createUser(app, {
    agencyId,
    roles: (options.roles ?? []).map((roleCode) => ({ roleCode })),
    password: options.password ?? TEST_PASSWORD,
    mustChangePassword: options.mustChangePassword ?? false,
    ...(options.username ? { username: options.username } : {}),
  });
  if (options.status === 'locked') await setUserStatus(app, user.id, 'locked');
  return user;
}

/** Locks or unlocks a user as an administrator would (org's users table; test code only). */
export async function setUserStatus(app: FastifyInstance, userId: string, status: 'active' | 'locked') {
  await app.database.db
    .updateTable('users')
    .set({
      status,
      locked_reason: status === 'locked' ? 'Kiểm thử' : null,
      locked_at: status === 'locked' ? new Date() : null,
    })
    .where('id', '=', userId)
    .execute();
  app.org.forgetCachedStaff();
}

/**
 * Like createTestApp, plus probe routes that exercise request.principal and assertCan exactly as
 * other modules' routes do (they let the auth tests run without depending on those modules):
 *   GET  /api/v1/_probe/whoami                 → { kind, permissions }
 *   POST /api/v1/_probe/agencies/:agencyId/act → assertCan(principal, 'org.read', agencyId)
 *   POST /api/v1/_probe/form (form-encoded, `_csrf` field) → { ok: true }
 */
export async function createAuthTestApp(options: { env?: Record<string, string>; now?: Date } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: `/tmp/saola-test-${process.pid}`,
    SEED_DEMO: 'false',
    ...options.env,
  });
  let now: Date | null = options.now ?? null;
  const app = await buildApp({ config, database, clock: () => now ?? new Date() });
  app.get('/api/v1/_probe/whoami', async (request) => {
    const p = request.principal;
    const permissions =
      p && p.kind !== 'citizen' ? [...new Set(p.grants.flatMap((g) => g.permissions))].filter((x) => can(p, x)) : [];
    return { kind: p?.kind ?? null, permissions };
  });
  app.post<{ Params: { agencyId: string } }>('/api/v1/_probe/agencies/:agencyId/act', async (request) => {
    assertCan(request.principal, 'org.read', request.params.agencyId);
    return { ok: true };
  });
  app.post('/api/v1/_probe/form', async () => ({ ok: true }));
  await app.ready();
  return {
    app,
    database,
    config,
    setNow(at) {
      now = at;
    },
    async close() {
      await app.close();
      await database.dropSchema();
    },
  };
}
