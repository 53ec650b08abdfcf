import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { requireAdminNetwork } from './admin-network.js';
import { createToken, listTokens, revokeToken } from './api-token.service.js';
import { ApiTokenBody, ApiTokenCreated, ApiTokenView, IdParams, TOKEN_TAG } from './auth.schemas.js';

/** API tokens (tokens.manage), administration: only from ADMIN_NETWORKS. */
const apiTokenRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api-tokens',
    {
      preHandler: requireAdminNetwork,
      schema: {
        tags: [TOKEN_TAG],
        summary: 'Danh sách khóa API',
        response: { 200: Type.Object({ items: Type.Array(ApiTokenView) }) },
      },
    },
    async (request) => ({ items: await listTokens(app, request) }),
  );

  app.post(
    '/api-tokens',
    {
      preHandler: requireAdminNetwork,
      schema: {
        tags: [TOKEN_TAG],
        summary: 'Tạo khóa API (khóa chỉ hiển thị một lần)',
        body: ApiTokenBody,
        response: { 201: ApiTokenCreated },
      },
    },
    async (request, reply) => reply.code(201).send(await createToken(app, request, request.body)),
  );

  app.delete(
    '/api-tokens/:id',
    {
      preHandler: requireAdminNetwork,
      schema: { tags: [TOKEN_TAG], summary: 'Thu hồi khóa API', params: IdParams, response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      await revokeToken(app, request, request.params.id);
      return reply.code(204).send(null);
    },
  );
};

export default apiTokenRoutes;
