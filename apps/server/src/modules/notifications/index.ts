import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { NotificationsRepository } from './notifications.repository.js';
import { notificationsRoutes } from './notifications.routes.js';
import { DELIVER_QUEUE, NotificationsService } from './notifications.service.js';
import { transportsFromConfig } from './notifications.transports.js';

/**
 * Notifications: decorates `app.notifications` (send = render + queue a job), handles the
 * delivery queue, and serves the admin routes (outbox, templates) under /api/v1.
 */
export default fp(
  async (app: FastifyInstance) => {
    const log = app.log.child({ module: 'notifications' });
    const transports = transportsFromConfig(app.config, log);
    const service = new NotificationsService({
      db: app.database.db,
      repository: new NotificationsRepository(app.database.db),
      jobs: () => app.jobs,
      audit: () => app.audit,
      transports,
      config: app.config,
      clock: () => app.clock(),
      log,
    });
    app.decorate('notifications', { send: (message, options) => service.send(message, options) });
    app.jobs.handle(DELIVER_QUEUE, (payload, job) => service.deliver(payload, job), { timeoutMs: 60_000 });
    app.addHook('onClose', async () => {
      for (const t of Object.values(transports)) t.close?.();
    });
    // Resolved at request time through the org port. Until findAgency returns parentId, nobody
    // counts as root and the admin routes answer 403 (fail closed).
    const isRoot = async (agencyId: string) => {
      const agency: object | null = await app.org.findAgency(agencyId);
      return agency !== null && 'parentId' in agency && agency.parentId === null;
    };
    await app.register(notificationsRoutes(service, isRoot), { prefix: '/api/v1' });
  },
  { name: 'saola-notifications', dependencies: ['saola-database', 'saola-jobs'] },
);
