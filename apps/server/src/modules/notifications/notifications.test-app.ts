import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Transaction } from 'kysely';
import { type Config, loadConfig } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { registerProblemHandlers } from '../../http/problem.js';
import type { ActorContext } from '../../http/request-context.js';
import { createTestDatabase } from '../../test/test-db.js';
import type { AuditEntry, AuditPort } from '../audit/audit.port.js';
import type { Permission } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import type { OrgPort } from '../org/org.port.js';
import filesModule from '../files/index.js';
import jobsModule from '../jobs/index.js';
import notificationsModule from './index.js';

const PRINCIPAL_HEADER = 'x-test-principal';

/** The one agency the stand-in org port reports as a root (no parent); every other agency has a parent. */
export const ROOT_AGENCY = randomUUID();

/** A staff principal holding `permissions` in one agency (a random commune unless given). */
export function staffWith(
  permissions: Permission[],
  extra: Partial<Extract<Principal, { kind: 'staff' }>> & { agencyId?: string } = {},
): Principal {
  const { agencyId = randomUUID(), ...rest } = extra;
  return {
    kind: 'staff',
    userId: randomUUID(),
    username: 'canbo.thu',
    fullName: 'Cán bộ thử nghiệm',
    sessionId: randomUUID(),
    grants: [{ roleCode: 'test', agencyId, agencyIds: [agencyId], permissions }],
    mustChangePassword: false,
    ...rest,
  };
}

/** Request headers that make the test app treat the request as coming from `p`. */
export const as = (p: Principal | null): Record<string, string> =>
  p ? { [PRINCIPAL_HEADER]: Buffer.from(JSON.stringify(p)).toString('base64url') } : {};

export interface RecordedAudit {
  actor: ActorContext;
  entry: AuditEntry;
  inTransaction: boolean;
}

export interface ModuleTestApp {
  app: FastifyInstance;
  config: Config;
  audits: RecordedAudit[];
  setNow(at: Date): void;
  close(): Promise<void>;
}

/**
 * The jobs, notifications and files modules on a real, migrated database, without the rest of the
 * product: `request.principal` comes from a test header (what the auth module's hook sets in the
 * product), `app.audit` records into `audits`, and `app.org.findAgency` knows one root agency
 * (ROOT_AGENCY; every other id is a commune below it). DATA_DIR is a fresh temporary folder.
 */
export async function createModuleTestApp(
  options: { env?: Record<string, string>; now?: Date } = {},
): Promise<ModuleTestApp> {
  const database = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'saola-notif-'));
  const config = loadConfig({ NODE_ENV: 'test', SEED_DEMO: 'false', DATA_DIR: dataDir, ...options.env });
  let now: Date | null = options.now ?? null;
  const audits: RecordedAudit[] = [];
  const app = Fastify({
    logger: false,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: true, useDefaults: true } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  await app.register(
    fp(
      async (a: FastifyInstance) => {
        a.decorate('config', config);
        a.decorate('database', database);
        a.decorate('clock', () => now ?? new Date());
        a.decorate('appVersion', 'test');
        a.decorateRequest('principal', null);
        const audit: Pick<AuditPort, 'record'> = {
          async record(actor, entry, trx?: Transaction<DB>) {
            audits.push({ actor, entry, inTransaction: trx !== undefined });
            return { id: randomUUID(), seq: audits.length, hash: 'test' };
          },
        };
        a.decorate('audit', audit as AuditPort);
        const org: Pick<OrgPort, 'findAgency'> = {
          async findAgency(id) {
            return Object.assign(
              { id, code: '000.00.00.T00', name: 'Cơ quan thử nghiệm', kind: 'khac' as const, unitCode: null },
              { parentId: id === ROOT_AGENCY ? null : ROOT_AGENCY },
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
  await app.register(jobsModule);
  await app.register(notificationsModule);
  await app.register(filesModule);
  await app.ready();
  return {
    app,
    config,
    audits,
    setNow(at) {
      now = at;
    },
    async close() {
      await app.close();
      await database.dropSchema();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
