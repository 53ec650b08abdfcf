import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { Type } from 'typebox';

const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  database: Type.Union([Type.Literal('pglite'), Type.Literal('postgresql')]),
  version: Type.String(),
});

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health',
    {
      schema: {
        tags: ['Hệ thống'],
        summary: 'Tình trạng hoạt động',
        response: { 200: Health, 503: Health },
      },
    },
    async (_request, reply) => {
      const { database, appVersion: version } = app;
      try {
        await sql`select 1`.execute(database.db);
        return { status: 'ok' as const, database: database.engine, version };
      } catch {
        return reply.code(503).send({ status: 'degraded' as const, database: database.engine, version });
      }
    },
  );
};

export default healthRoutes;
