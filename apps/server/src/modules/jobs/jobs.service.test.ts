import { setTimeout as sleep } from 'node:timers/promises';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/test-db.js';
import { JobsRepository } from './jobs.repository.js';
import { JobQueue, PermanentJobError, backoffDelayMs } from './jobs.service.js';

type TestDb = Awaited<ReturnType<typeof createTestDatabase>>;

describe('backoffDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelayMs(n, 1000, 60_000))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelayMs(20, 1000, 60_000)).toBe(60_000);
    expect(backoffDelayMs(10_000, 1000, 60_000)).toBe(60_000);
  });
});

describe('JobQueue on the database', () => {
  let database: TestDb;
  let repository: JobsRepository;
  let now: Date;
  const log = pino({ level: 'silent' });
  const makeQueue = (workerId: string, extra: Partial<ConstructorParameters<typeof JobQueue>[0]> = {}) =>
    new JobQueue({ repository, clock: () => now, log, workerId, backoffBaseMs: 5_000, ...extra });
  const job = async (id: number) => (await repository.findById(id))!;
  const advance = (ms: number) => {
    now = new Date(now.getTime() + ms);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    repository = new JobsRepository(database.db);
  });
  afterAll(async () => database.dropSchema());
  beforeEach(async () => {
    now = new Date('2026-03-02T08:00:00+07:00');
    await database.db.deleteFrom('jobs').execute();
  });

  it('runs a due job once with its payload and marks it done', async () => {
    const q = makeQueue('w1');
    const seen: unknown[] = [];
    q.handle('test.echo', async (payload, ctx) => {
      seen.push({ payload, attempts: ctx.attempts, maxAttempts: ctx.maxAttempts });
    });
    const id = await q.enqueue('test.echo', { hello: 'Xin chào' }, { maxAttempts: 3 });
    expect(await q.runDue()).toBe(1);
    expect(seen).toEqual([{ payload: { hello: 'Xin chào' }, attempts: 1, maxAttempts: 3 }]);
    expect(await job(id)).toMatchObject({ status: 'done', attempts: 1, locked_by: null, last_error: null });
    expect(await q.runDue()).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it('waits for run_at by the injected clock, not the database clock', async () => {
    const q = makeQueue('w1');
    let runs = 0;
    q.handle('test.later', async () => {
      runs++;
    });
    const id = await q.enqueue('test.later', {}, { runAt: new Date(now.getTime() + 60_000) });
    expect(await q.runDue()).toBe(0);
    advance(59_999);
    expect(await q.runDue()).toBe(0);
    advance(1);
    expect(await q.runDue()).toBe(1);
    expect(runs).toBe(1);
    expect((await job(id)).status).toBe('done');
  });

  it('retries a failing job with exponential back-off, then marks it failed after max_attempts', async () => {
    const q = makeQueue('w1');
    let runs = 0;
    q.handle('test.flaky', async () => {
      runs++;
      throw new Error(`hỏng lần ${runs}`);
    });
    const id = await q.enqueue('test.flaky', {}, { maxAttempts: 3 });
    expect(await q.runDue()).toBe(1);
    let row = await job(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 1, last_error: 'hỏng lần 1' });
    expect(row.run_at.getTime()).toBe(now.getTime() + 5_000);

    advance(4_999);
    expect(await q.runDue()).toBe(0);
    advance(1);
    expect(await q.runDue()).toBe(1);
    row = await job(id);
    expect(row).toMatchObject({ status: 'pending', attempts: 2, last_error: 'hỏng lần 2' });
    expect(row.run_at.getTime()).toBe(now.getTime() + 10_000);

    advance(10_000);
    expect(await q.runDue()).toBe(1);
    expect(await job(id)).toMatchObject({ status: 'failed', attempts: 3, last_error: 'hỏng lần 3' });
    advance(24 * 3600_000);
    expect(await q.runDue()).toBe(0);
    expect(runs).toBe(3);
  });

  it('fails at once on PermanentJobError', async () => {
    const q = makeQueue('w1');
    q.handle('test.permanent', async () => {
      throw new PermanentJobError('thiếu cấu hình');
    });
    const id = await q.enqueue('test.permanent', {});
    await q.runDue();
    expect(await job(id)).toMatchObject({ status: 'failed', attempts: 1, last_error: 'thiếu cấu hình' });
  });

  it('aborts a handler that exceeds its time limit and counts the attempt as failed', async () => {
    const q = makeQueue('w1');
    let aborted = false;
    q.handle(
      'test.hang',
      (_payload, ctx) =>
        new Promise<void>((resolve) => {
          ctx.signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
      { timeoutMs: 50 },
    );
    const id = await q.enqueue('test.hang', {});
    await q.runDue();
    expect(aborted).toBe(true);
    expect(await job(id)).toMatchObject({ status: 'pending', attempts: 1 });
    expect((await job(id)).last_error).toMatch(/Quá thời gian/);
  });

  it('leaves jobs of queues it has no handler for', async () => {
    const q = makeQueue('w1');
    q.handle('test.mine', async () => undefined);
    const other = await q.enqueue('test.someone-else', {});
    expect(await q.runDue()).toBe(0);
    expect((await job(other)).status).toBe('pending');
  });

  it('reclaims a job stuck in running after the stuck timeout, and fails it when no attempts remain', async () => {
    const q = makeQueue('w-alive', { stuckAfterMs: 60_000 });
    let runs = 0;
    q.handle('test.stuck', async () => {
      runs++;
    });
    const a = await q.enqueue('test.stuck', {}, { maxAttempts: 3 });
    const b = await q.enqueue('test.stuck', {}, { maxAttempts: 1 });
    // A worker that claims both and then dies.
    const claimed = await repository.claimDue({ now, worker: 'w-dead', limit: 10, queues: ['test.stuck'] });
    expect(claimed.map((j) => j.id).sort()).toEqual([a, b].sort());

    advance(59_000);
    expect(await q.runDue()).toBe(0);
    expect((await job(a)).status).toBe('running');

    advance(2_000);
    expect(await q.runDue()).toBe(1);
    expect(runs).toBe(1);
    expect(await job(a)).toMatchObject({ status: 'done', attempts: 2 });
    expect(await job(b)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await job(b)).last_error).toMatch(/treo/);

    // The dead worker waking up later cannot overwrite the outcome.
    expect(await repository.markDone(b, 'w-dead', now)).toBe(false);
    expect((await job(b)).status).toBe('failed');
  });

  it('enqueues inside a transaction: a rolled-back transaction leaves no job', async () => {
    const q = makeQueue('w1');
    q.handle('test.trx', async () => undefined);
    await database.db
      .transaction()
      .execute(async (trx) => {
        await q.enqueue('test.trx', {}, { trx });
        throw new Error('rollback');
      })
      .catch(() => undefined);
    const id = await database.db.transaction().execute((trx) => q.enqueue('test.trx', { ok: true }, { trx }));
    const rows = await database.db.selectFrom('jobs').select(['id']).execute();
    expect(rows.map((r) => r.id)).toEqual([id]);
  });

  it('two workers running at the same time never run one job twice', async () => {
    const runs = new Map<number, string[]>();
    const workers = ['w-a', 'w-b'].map((name) => {
      const q = makeQueue(name, { batchSize: 3 });
      q.handle('test.parallel', async (payload) => {
        const n = payload.n as number;
        runs.set(n, [...(runs.get(n) ?? []), name]);
        await sleep(5);
      });
      return q;
    });
    for (let n = 0; n < 40; n++) await workers[0]!.enqueue('test.parallel', { n });
    const counts = await Promise.all([...workers, ...workers].map((w) => w.runDue()));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
    expect(runs.size).toBe(40);
    for (const [, by] of runs) expect(by).toHaveLength(1);
    const pending = await database.db.selectFrom('jobs').select('id').where('status', '!=', 'done').execute();
    expect(pending).toEqual([]);
  });
});
