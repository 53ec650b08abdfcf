import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sql } from 'kysely';
import { loadConfig } from '../../config.js';
import type { Database } from '../../db/database.js';
import { registerProblemHandlers } from '../../http/problem.js';
import { type ActorContext, SYSTEM_ACTOR } from '../../http/request-context.js';
import type { AuditEntry } from '../../modules/audit/audit.port.js';
import auditModule from '../../modules/audit/index.js';
import type { Permission } from '../../modules/auth/permissions.js';
import type { Grant, Principal } from '../../modules/auth/principal.js';
import type { OrgPort } from '../../modules/org/org.port.js';
import { createTestDatabase } from '../test-db.js';

/** A small agency tree: province P (root) with communes A and B below it. */
export interface AuditWorld {
  province: string;
  communeA: string;
  communeB: string;
}

export function auditWorld(): AuditWorld {
  return { province: randomUUID(), communeA: randomUUID(), communeB: randomUUID() };
}

export function staff(
  grants: { agencyId: string; reaches?: string[]; permissions: Permission[] }[],
  extra: Partial<Extract<Principal, { kind: 'staff' }>> = {},
): Principal {
  const g: Grant[] = grants.map((x) => ({
    roleCode: 'test',
    agencyId: x.agencyId,
    agencyIds: x.reaches ?? [x.agencyId],
    permissions: x.permissions,
  }));
  return {
    kind: 'staff',
    userId: randomUUID(),
    username: `u${Math.random().toString(36).slice(2, 8)}`,
    fullName: 'Cán bộ thử nghiệm',
    sessionId: randomUUID(),
    grants: g,
    mustChangePassword: false,
    ...extra,
  };
}

const PRINCIPAL_HEADER = 'x-test-principal';

/** Header that makes the test app treat the request as coming from `p`. */
export const as = (p: Principal | null): Record<string, string> =>
  p ? { [PRINCIPAL_HEADER]: Buffer.from(JSON.stringify(p)).toString('base64url') } : {};

export interface AuditTestApp {
  app: FastifyInstance;
  database: Database;
  world: AuditWorld;
  close(): Promise<void>;
}

/**
 * The audit module on a real, migrated database, with the pieces it relies on replaced by small
 * stand-ins: `request.principal` comes from a test header (what the auth module's hook sets in
 * the product) and the org port knows the three agencies of `world` (P has no parent).
 */
export async function createAuditTestApp(): Promise<AuditTestApp> {
  const database = await createTestDatabase();
  const world = auditWorld();
  const parents = new Map<string, string | null>([
    [world.province, null],
    [world.communeA, world.province],
    [world.communeB, world.province],
  ]);
  const config = loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false', DATA_DIR: `/tmp/saola-test-${process.pid}` });
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: true, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(
    fp(
      async (a: FastifyInstance) => {
        a.decorate('config', config);
        a.decorate('database', database);
        a.decorate('clock', () => new Date());
        a.decorate('appVersion', 'test');
        a.decorateRequest('principal', null);
        const org: Pick<OrgPort, 'findAgency'> = {
          async findAgency(id) {
            if (!parents.has(id)) return null;
            return Object.assign(
              { id, code: id.slice(0, 8), name: 'Cơ quan', kind: 'khac' as const, unitCode: null },
              { parentId: parents.get(id) ?? null },
            );
          },
        };
        a.decorate('org', org as OrgPort);
        a.addHook('onRequest', async (request) => {
          const raw = request.headers[PRINCIPAL_HEADER];
          if (typeof raw === 'string')
            request.principal = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Principal;
        });
      },
      { name: 'saola-database' },
    ),
  );
  registerProblemHandlers(app);
  await app.register(auditModule);
  await app.ready();
  return {
    app,
    database,
    world,
    async close() {
      await app.close();
      await database.dropSchema();
    },
  };
}

export function actor(overrides: Partial<ActorContext> = {}): ActorContext {
  return {
    ...SYSTEM_ACTOR,
    actorKind: 'staff',
    actorId: randomUUID(),
    actorName: 'canbo',
    ip: '10.0.0.1',
    userAgent: 'vitest',
    requestId: randomUUID(),
    ...overrides,
  };
}

export function entry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    action: 'user.update',
    entityType: 'user',
    entityId: randomUUID(),
    agencyId: null,
    before: { fullName: 'A' },
    after: { fullName: 'B' },
    ...overrides,
  };
}

/**
 * Runs `change` on audit_log with the append-only trigger switched off, as a superuser or the
 * table owner could: the way an attacker would tamper with the log.
 */
export async function tamper(database: Database, change: string): Promise<void> {
  await database.execScript(`
    alter table audit_log disable trigger audit_log_no_update_delete;
    ${change};
    alter table audit_log enable trigger audit_log_no_update_delete;`);
}

/** Empties the log and resets the chain head (tests only: the triggers forbid it otherwise). */
export async function resetAuditLog(database: Database): Promise<void> {
  await database.execScript(`
    alter table audit_log disable trigger user;
    truncate audit_log;
    alter table audit_log enable trigger user;
    alter sequence audit_log_seq restart with 1;
    alter table audit_chains disable trigger user;
    delete from audit_chains;
    alter table audit_chains enable trigger user;
    insert into audit_chains (chain_key, seq, hash) values ('system', 0, repeat('0', 64));`);
}

export async function auditCount(database: Database): Promise<number> {
  const r = await sql<{ n: number }>`select count(*)::int as n from audit_log`.execute(database.db);
  return r.rows[0]?.n ?? 0;
}
