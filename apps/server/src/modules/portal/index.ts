import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ASSET_PREFIX, PUBLIC_DIR } from './assets.js';
import portalRoutes from './portal.routes.js';

/**
 * The public portal: server-rendered Vietnamese HTML at "/", working with JavaScript off (ADR
 * "portal rendering"). Its stylesheet is served from apps/server/public under /assets/ with a
 * one-year immutable cache; every link carries the file's hash (?v=…), so a new build is fetched.
 */
export default fp(
  async (app: FastifyInstance) => {
    await app.register(async (scope) => {
      await scope.register(fastifyStatic, {
        root: PUBLIC_DIR,
        prefix: ASSET_PREFIX,
        decorateReply: false,
        index: false,
        maxAge: '365d',
        immutable: true,
      });
    });
    await app.register(portalRoutes);
  },
  { name: 'saola-portal', dependencies: ['saola-database'] },
);
