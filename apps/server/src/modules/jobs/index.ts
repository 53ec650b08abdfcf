import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { JobsRepository } from './jobs.repository.js';
import { JobQueue } from './jobs.service.js';

/**
 * The job queue, decorated as `app.jobs`. Handlers are registered by other modules at plugin
 * time; `app.startBackgroundWork()` (called by main, never by tests) starts polling every
 * second, and closing the app stops the loop after the jobs in hand finish.
 */
export default fp(
  async (app: FastifyInstance) => {
    const queue = new JobQueue({
      repository: new JobsRepository(app.database.db),
      clock: () => app.clock(),
      log: app.log.child({ module: 'jobs' }),
    });
    app.decorate('jobs', queue);
    const previous = app.startBackgroundWork;
    app.startBackgroundWork = async () => {
      await previous?.();
      queue.start(1_000);
    };
    app.addHook('onClose', async () => {
      await queue.stop();
    });
  },
  { name: 'saola-jobs', dependencies: ['saola-database'] },
);
