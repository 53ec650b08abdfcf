import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModuleTestApp, type ModuleTestApp } from '../notifications/notifications.test-app.js';

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`Hết thời gian chờ: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('app.jobs background loop', () => {
  let t: ModuleTestApp;
  beforeAll(async () => {
    t = await createModuleTestApp();
  });
  afterAll(async () => t.close());

  it('runs enqueued jobs in the background after startBackgroundWork, and stops on close', async () => {
    const done: number[] = [];
    t.app.jobs.handle('test.background', async (payload) => {
      done.push(payload.n as number);
    });
    await t.app.jobs.enqueue('test.background', { n: 1 });
    // Nothing runs jobs before the loop starts (tests drive runDue themselves).
    await new Promise((r) => setTimeout(r, 100));
    expect(done).toEqual([]);

    await t.app.startBackgroundWork!();
    await waitFor(() => done.length === 1, 'first job');
    await t.app.jobs.enqueue('test.background', { n: 2 });
    await waitFor(() => done.length === 2, 'second job');
    expect(done).toEqual([1, 2]);

    await t.app.close();
    // The database is still open (the app does not own it): a job queued now stays queued.
    await t.app.database.db
      .insertInto('jobs')
      .values({ queue: 'test.background', payload: JSON.stringify({ n: 3 }) })
      .execute();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(done).toEqual([1, 2]);
  });
});
