import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { DossierPapers } from './dossier-papers.js';
import { dossiersRoutes } from './dossiers.routes.js';
import { DossiersService } from './dossiers.service.js';

/**
 * Dossiers (hồ sơ thủ tục hành chính, issue 3 §2, §4): counter reception with national codes,
 * the officers' inbox, the state machine's actions and the papers. No port yet.
 */
export default fp(
  async (app: FastifyInstance) => {
    const service = new DossiersService({
      db: app.database.db,
      audit: () => app.audit,
      org: () => app.org,
      procedures: () => app.procedures,
      calendar: () => app.calendar,
      clock: () => app.clock(),
    });
    const papers = new DossierPapers(service, {
      org: () => app.org,
      clock: () => app.clock(),
      publicUrl: app.config.publicUrl,
    });
    await app.register(dossiersRoutes(service, papers), { prefix: '/api/v1' });
  },
  { name: 'saola-dossiers', dependencies: ['saola-database', 'saola-org', 'saola-procedures', 'saola-calendar'] },
);
