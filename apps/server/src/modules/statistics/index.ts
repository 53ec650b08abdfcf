import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { statisticsRoutes } from './statistics.routes.js';
import { StatisticsService } from './statistics.service.js';

/**
 * Statistics (issue 3 §5): counts of dossiers per agency, field and procedure, rates, satisfaction and the
 * indicators of QĐ 766/QĐ-TTg; JSON, XLSX and a public JSON for the portal. Reads dossiers only through
 * `app.dossiers.statistics`. No port.
 */
export default fp(
  async (app: FastifyInstance) => {
    const service = new StatisticsService({
      dossiers: () => app.dossiers,
      org: () => app.org,
      procedures: () => app.procedures,
      clock: () => app.clock(),
    });
    await app.register(statisticsRoutes(service), { prefix: '/api/v1' });
  },
  { name: 'saola-statistics', dependencies: ['saola-database', 'saola-org', 'saola-procedures', 'saola-dossiers'] },
);
