import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { SYSTEM_ACTOR } from '../../http/request-context.js';
import apiTokenRoutes from './api-token.routes.js';
import * as repo from './auth.repository.js';
import type { AuthPort } from './auth.port.js';
import authRoutes from './auth.routes.js';
import { issueTemporaryPassword, setPassword } from './password.service.js';
import { checkCsrf, resolvePrincipal } from './principal-hook.js';
import { revokeSessionsOf } from './session.repository.js';
import { startSession } from './session.service.js';

/**
 * Accounts and sign-in: sets `request.principal` on every request (session cookie or API token),
 * checks CSRF on cookie-authenticated changes, and serves /auth/* and /api-tokens.
 */
export default fp(
  async (app: FastifyInstance) => {
    const port: AuthPort = {
      setPassword: (userId, password, options) =>
        setPassword(app, options.actor ?? SYSTEM_ACTOR, userId, password, options.mustChange),
      issueTemporaryPassword: (userId, actor) => issueTemporaryPassword(app, actor ?? SYSTEM_ACTOR, userId),
      async revokeAllSessions(userId) {
        const now = app.clock();
        await app.database.db.transaction().execute(async (trx) => {
          await revokeSessionsOf(trx, 'staff', userId, 'revoked_by_admin', now);
          await repo.consumeChallengesOf(trx, userId, now);
        });
      },
      async startCitizenSession(reply, citizenId, meta) {
        await startSession(app, reply, 'citizen', citizenId, meta);
      },
      async lastSignInAt(userId) {
        return (await repo.findCredentials(app.database.db, userId))?.last_login_at ?? null;
      },
    };
    app.decorate('auth', port);
    app.decorateRequest('authSession', null);
    app.addHook('onRequest', (request, reply) => resolvePrincipal(app, request, reply));
    app.addHook('preValidation', checkCsrf);
    await app.register(authRoutes, { prefix: '/api/v1' });
    await app.register(apiTokenRoutes, { prefix: '/api/v1' });
  },
  { name: 'saola-auth', dependencies: ['saola-database'] },
);
