import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { FormValidator } from './form-validation.js';
import type { ProceduresPort } from './procedures.port.js';
import { ProceduresExchange } from './procedures.exchange.js';
import { proceduresRoutes } from './procedures.routes.js';
import { proceduresXlsxRoutes } from './procedures-xlsx.routes.js';
import { ProceduresService } from './procedures.service.js';
import { PublicProceduresService } from './public.service.js';
import { publicProceduresRoutes } from './public.routes.js';

const isUuid = (s: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

/**
 * Procedure catalogue (thủ tục hành chính, issue 3 §1): procedures with their versions and
 * implementing agencies. Decorates `app.procedures` (procedures.port.ts), serves /procedures (staff)
 * and /public/procedures (public, stable).
 */
export default fp(
  async (app: FastifyInstance) => {
    const deps = {
      db: app.database.db,
      audit: () => app.audit,
      org: () => app.org,
      clock: () => app.clock(),
      onCatalogueChange: () => publicService.invalidate(),
    };
    const service = new ProceduresService(deps);
    const exchange = new ProceduresExchange(deps, service);
    const publicService = new PublicProceduresService(service.repo, () => app.org);
    const forms = new FormValidator();
    const port: ProceduresPort = {
      async findPublished(code) {
        const p = await service.repo.findPublishedWithAgencies(code);
        if (!p) return null;
        return { ...p.content, procedureId: p.procedureId, revision: p.revision, agencyIds: p.agencyIds };
      },
      async findRevision(procedureId, revision) {
        if (!isUuid(procedureId)) return null;
        const p = await service.repo.findRevision(procedureId, revision);
        if (!p) return null;
        return { ...p.content, procedureId, revision, agencyIds: await service.repo.agencyIds(procedureId) };
      },
      validateForm(procedure, data) {
        return forms.validate(procedure, data);
      },
      publicCatalogue: publicService,
    };
    app.decorate('procedures', port);
    await app.register(proceduresRoutes(service, exchange), { prefix: '/api/v1' });
    await app.register(
      proceduresXlsxRoutes(service, exchange, () => app.clock()),
      { prefix: '/api/v1' },
    );
    await app.register(publicProceduresRoutes(publicService), { prefix: '/api/v1' });
  },
  { name: 'saola-procedures', dependencies: ['saola-database', 'saola-org'] },
);
