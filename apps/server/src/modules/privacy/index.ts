import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { PrivacyRepository } from './privacy.repository.js';
import { privacyRoutes } from './privacy.routes.js';
import { PrivacyService } from './privacy.service.js';

/**
 * Personal data protection (Luật 91/2025/QH15, Nghị định 356/2025/NĐ-CP): decorates `app.privacy`
 * (consents, correction requests, sensitive-data access log) and the staff routes under /privacy.
 */
export default fp(
  async (app: FastifyInstance) => {
    const service = new PrivacyService(app, new PrivacyRepository(app.database.db));
    app.decorate('privacy', service);
    await app.register(privacyRoutes(service), { prefix: '/api/v1' });
  },
  { name: 'saola-privacy', dependencies: ['saola-database'] },
);
