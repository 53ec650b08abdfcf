import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { AuditPort } from './audit.port.js';
import auditRoutes from './audit.routes.js';
import { rootCheckFromOrg } from './audit.scope.js';
import { createAuditService } from './audit.service.js';

/** Audit module: decorates `app.audit` and serves /api/v1/audit (list, CSV export, verify). */
export default fp(
  async (app: FastifyInstance) => {
    const service = createAuditService({ db: app.database.db, clock: () => app.clock() });
    const port: AuditPort = {
      record: (actor, entry, trx) => service.record(actor, entry, trx),
      verify: () => service.verify(),
    };
    app.decorate('audit', port);
    await app.register(auditRoutes, { prefix: '/api/v1', service, isRootAgency: rootCheckFromOrg(app) });
  },
  { name: 'saola-audit', dependencies: ['saola-database'] },
);
