import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

// Module entry: decorates its service and registers its routes (filled in by the module's owner).
export default fp(async (_app: FastifyInstance) => {}, { name: 'saola-calendar', dependencies: ['saola-database'] });
