import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { eservicesPages } from './eservices.pages.js';
import { eservicesRoutes } from './eservices.routes.js';
import { EservicesService } from './eservices.service.js';

/**
 * Dịch vụ công trực tuyến (issue 4 §1, §3): the portal's procedure search and pages, online filing page by page
 * (drafts kept server-side), my dossiers, lookup by code and phone, and the public API /api/v1/public/files and
 * /api/v1/public/dossiers. Files online through `app.dossiers.citizen` (dossier-citizen.port.ts); "Hồ sơ của tôi"
 * shows the fee from `app.payments.feeStatus` (payments.port.ts), read at request time and optional: saola-payments
 * is registered after this plugin in app.ts, so it is not listed in `dependencies` (eservices.pages.ts, feeOf).
 */
export default fp(
  async (app: FastifyInstance) => {
    const service = new EservicesService({
      db: app.database.db,
      files: () => app.files,
      dossiers: () => app.dossiers,
      procedures: () => app.procedures,
      org: () => app.org,
      citizens: () => app.citizens,
      audit: () => app.audit,
      clock: () => app.clock(),
    });
    await app.register(eservicesRoutes(service), { prefix: '/api/v1' });
    await app.register(eservicesPages(service));
  },
  { name: 'saola-eservices', dependencies: ['saola-database'] },
);
