import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../http/fastify-augment.js';
import type { EnqueueOptions, HandlerOptions, JobContext, JobHandler, JobsPort } from './jobs.port.js';
import type { JobRow, JobsRepository } from './jobs.repository.js';

/** Thrown by a handler when retrying cannot help (bad payload, missing configuration…). */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentJobError';
  }
}

/** Delay before retry number `attempts` (attempts already made ≥ 1): base·2^(n−1), capped. */
export function backoffDelayMs(attempts: number, baseMs = 5_000, maxMs = 60 * 60_000): number {
  const exp = Math.max(0, attempts - 1);
  return Math.min(maxMs, baseMs * 2 ** Math.min(exp, 30));
}

export interface JobQueueOptions {
  repository: JobsRepository;
  clock: Clock;
  log: FastifyBaseLogger;
  /** Identifies this process in locked_by (default host:pid:random). */
  workerId?: string;
  /** Jobs claimed per statement (default 10); a batch runs concurrently. */
  batchSize?: number;
  /** A job 'running' longer than this is considered abandoned (default 10 min). */
  stuckAfterMs?: number;
  /** Default time limit of a handler run (default 2 min; must stay below stuckAfterMs). */
  handlerTimeoutMs?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
}

const MAX_ERROR_LENGTH = 2_000;
const MAX_BATCHES_PER_RUN = 100;
const PURGE_EVERY_MS = 60 * 60_000;
const KEEP_DONE_MS = 7 * 24 * 60 * 60_000;
const KEEP_FAILED_MS = 90 * 24 * 60 * 60_000;

/**
 * The job queue: `enqueue` writes a row; `runDue` claims due rows (FOR UPDATE SKIP LOCKED, so
 * several processes may run it at once), runs their handlers and records the outcome; `start`
 * polls in the background until `stop`.
 */
export class JobQueue implements JobsPort {
  readonly workerId: string;
  private readonly handlers = new Map<string, { handler: JobHandler; timeoutMs: number }>();
  private readonly batchSize: number;
  private readonly stuckAfterMs: number;
  private readonly handlerTimeoutMs: number;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private started = false;
  private stopped = false;
  private intervalMs = 1_000;
  private lastPurge = 0;

  constructor(private readonly opts: JobQueueOptions) {
    this.workerId = opts.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.batchSize = opts.batchSize ?? 10;
    this.stuckAfterMs = opts.stuckAfterMs ?? 10 * 60_000;
    this.handlerTimeoutMs = opts.handlerTimeoutMs ?? 2 * 60_000;
  }

  async enqueue(queue: string, payload: Record<string, unknown>, options: EnqueueOptions = {}): Promise<number> {
    if (!/^[a-z][a-z0-9_.-]{0,99}$/.test(queue)) throw new Error(`Tên hàng đợi không hợp lệ: ${queue}`);
    const now = this.opts.clock();
    const maxAttempts = options.maxAttempts ?? 5;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new Error('maxAttempts phải là số nguyên ≥ 1.');
    const id = await this.opts.repository.insert(
      { queue, payload, runAt: options.runAt ?? now, maxAttempts, now },
      options.trx,
    );
    // A job due now is picked up at once by the background loop (when it runs in this process);
    // inside a transaction it is not visible yet, so the next regular poll takes it.
    if (!options.trx && (options.runAt ?? now) <= now) this.kick();
    return id;
  }

  handle(queue: string, handler: JobHandler, options: HandlerOptions = {}): void {
    if (this.handlers.has(queue)) throw new Error(`Hàng đợi "${queue}" đã có bộ xử lý.`);
    this.handlers.set(queue, { handler, timeoutMs: options.timeoutMs ?? this.handlerTimeoutMs });
  }

  async runDue(): Promise<number> {
    const { repository, clock } = this.opts;
    const now = clock();
    const reclaimed = await repository.reclaimStuck(new Date(now.getTime() - this.stuckAfterMs), now);
    if (reclaimed > 0) this.opts.log.warn({ reclaimed }, 'jobs: reclaimed jobs stuck in running');
    let ran = 0;
    for (let batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
      const jobs = await repository.claimDue({
        now: clock(),
        worker: this.workerId,
        limit: this.batchSize,
        queues: [...this.handlers.keys()],
      });
      if (jobs.length === 0) break;
      await Promise.all(jobs.map((job) => this.runOne(job)));
      ran += jobs.length;
    }
    return ran;
  }

  private async runOne(job: JobRow): Promise<void> {
    const { repository, clock, log } = this.opts;
    const entry = this.handlers.get(job.queue);
    if (!entry) return; // cannot happen: only queues with handlers are claimed
    const controller = new AbortController();
    const ctx: JobContext = {
      id: job.id,
      queue: job.queue,
      attempts: job.attempts,
      maxAttempts: job.max_attempts,
      signal: controller.signal,
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      const run = entry.handler(job.payload, ctx);
      run.catch(() => undefined); // settled below, or abandoned after the time limit
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          // Reject first: a handler that settles on abort must not win the race.
          reject(new Error(`Quá thời gian xử lý cho phép (${Math.round(entry.timeoutMs / 1000)} giây).`));
          controller.abort();
        }, entry.timeoutMs);
      });
      await Promise.race([run, limit]);
      await repository.markDone(job.id, this.workerId, clock());
    } catch (error) {
      const message = errorMessage(error).slice(0, MAX_ERROR_LENGTH);
      const permanent = error instanceof PermanentJobError;
      const last = permanent || job.attempts >= job.max_attempts;
      const now = clock();
      const retryAt = last
        ? null
        : new Date(now.getTime() + backoffDelayMs(job.attempts, this.opts.backoffBaseMs, this.opts.backoffMaxMs));
      await repository.markAttemptFailed(job.id, this.workerId, message, retryAt, now);
      log.warn(
        { jobId: job.id, queue: job.queue, attempts: job.attempts, retryAt, err: message },
        last ? 'job failed for good' : 'job attempt failed; will retry',
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts polling every `intervalMs` (timers are unref'd: they never keep the process alive). */
  start(intervalMs = 1_000): void {
    if (this.started || this.stopped) return;
    this.started = true;
    this.intervalMs = intervalMs;
    this.schedule(0);
  }

  /** Stops polling and waits for the jobs being run to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.ticking;
  }

  /** Asks the loop for an immediate run (no-op when the loop is not started). */
  private kick(): void {
    if (!this.started || this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.ticking = this.tick().finally(() => {
        this.ticking = null;
        const next = this.again ? 0 : this.intervalMs;
        this.again = false;
        this.schedule(next);
      });
    }, ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.runDue();
      const now = this.opts.clock().getTime();
      if (now - this.lastPurge > PURGE_EVERY_MS) {
        this.lastPurge = now;
        await this.opts.repository.purgeFinished(new Date(now - KEEP_DONE_MS), new Date(now - KEEP_FAILED_MS));
      }
    } catch (error) {
      // The database may be briefly unreachable: log and try again at the next tick.
      this.opts.log.error({ err: error }, 'jobs: background run failed');
    }
  }
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
