import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type BoardSignal, PgListenBoardSignal, PollingBoardSignal } from './queue.events.js';
import { queuePages } from './queue.pages.js';
import { QueueRepository } from './queue.repository.js';
import { queueRoutes } from './queue.routes.js';
import { QueueService } from './queue.service.js';

declare module 'fastify' {
  interface FastifyInstance {
    queue: { service: QueueService; signal: BoardSignal };
  }
}

/**
 * Counter queue (máy xếp hàng, issue 4 §2): counters and fields per agency, the kiosk, the officer's
 * desk, the display board with server-sent events, and waiting/serving statistics.
 */
export default fp(
  async (app: FastifyInstance) => {
    const { database } = app;
    const repo = new QueueRepository(database.db, database.engine);
    const service = new QueueService({
      db: database.db,
      repo,
      audit: () => app.audit,
      org: () => app.org,
      clock: () => app.clock(),
    });
    const onError = (err: unknown) => app.log.warn({ err }, 'queue board signal');
    // PostgreSQL: LISTEN on a dedicated connection (needs the URL); PGlite: poll the version counter.
    const signal: BoardSignal =
      database.engine === 'postgresql' && app.config.databaseUrl
        ? new PgListenBoardSignal(app.config.databaseUrl, onError)
        : new PollingBoardSignal(repo, 700, onError);
    app.decorate('queue', { service, signal });
    app.addHook('onClose', async () => signal.close());
    await app.register(queueRoutes(service), { prefix: '/api/v1' });
    await app.register(queuePages(service, signal));
  },
  { name: 'saola-queue', dependencies: ['saola-database'] },
);
