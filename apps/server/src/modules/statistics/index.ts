import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PublicAgencyList } from './statistics.agencies.js';
import { statisticsPages } from './statistics.pages.js';
import { statisticsRoutes } from './statistics.routes.js';
import { StatisticsService } from './statistics.service.js';

/**
 * Statistics (issue 3 §5, issue 4 §3): counts of dossiers per agency, field and procedure, rates, satisfaction and
 * the indicators of QĐ 766/QĐ-TTg; JSON, XLSX, the public JSON and CSV (open data, CC BY 4.0) and the portal pages
 * /thong-ke and /du-lieu-mo. Reads dossiers only through `app.dossiers.statistics`. No port.
 */
export default fp(
  async (app: FastifyInstance) => {
    const service = new StatisticsService({
      dossiers: () => app.dossiers,
      org: () => app.org,
      procedures: () => app.procedures,
      clock: () => app.clock(),
    });
    const agencies = new PublicAgencyList({ org: () => app.org, procedures: () => app.procedures });
    await app.register(statisticsRoutes(service, agencies), { prefix: '/api/v1' });
    await app.register(statisticsPages(service, agencies));
  },
  { name: 'saola-statistics', dependencies: ['saola-database', 'saola-org', 'saola-procedures', 'saola-dossiers'] },
);
