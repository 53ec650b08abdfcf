import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import healthRoutes from './health.routes.js';

export default fp(
  async (app: FastifyInstance) => {
    await app.register(healthRoutes, { prefix: '/api/v1' });
  },
  { name: 'saola-health', dependencies: ['saola-database'] },
);
