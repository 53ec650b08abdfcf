import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

/** What a handler learns about the job it runs. */
export interface JobContext {
  id: number;
  queue: string;
  /** 1 on the first try, 2 on the first retry… (counted when the job is claimed). */
  attempts: number;
  maxAttempts: number;
  /** Aborted when the handler exceeds its time limit: pass it to fetch and friends. */
  signal: AbortSignal;
}

/**
 * Runs one job. Resolve = done. Throw = the attempt failed: the job is retried with exponential
 * back-off until max_attempts, then marked 'failed'. Throw `PermanentJobError` to fail at once.
 */
export type JobHandler = (payload: Record<string, unknown>, job: JobContext) => Promise<void>;

export interface EnqueueOptions {
  /** When the job becomes due (default: now, by `app.clock()`). */
  runAt?: Date;
  /** Tries before the job is marked failed (default 5). */
  maxAttempts?: number;
  /** Enqueue inside the caller's transaction: the job exists only if the transaction commits. */
  trx?: Transaction<DB>;
}

export interface HandlerOptions {
  /** Time limit of one run of the handler, ms (default 120 000); the signal aborts after it. */
  timeoutMs?: number;
}

/** The Postgres-backed job queue (decorated as `app.jobs`); works on PGlite too. */
export interface JobsPort {
  enqueue(queue: string, payload: Record<string, unknown>, options?: EnqueueOptions): Promise<number>;
  /** Registers the handler of a queue (at plugin registration time). One handler per queue. */
  handle(queue: string, handler: JobHandler, options?: HandlerOptions): void;
  /**
   * Runs every due job once, in this process (first returning jobs stuck in 'running' past the
   * stuck timeout to the queue); returns how many ran. Tests call it directly.
   */
  runDue(): Promise<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobsPort;
  }
}
