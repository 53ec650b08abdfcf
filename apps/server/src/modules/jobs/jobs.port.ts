export type JobHandler = (payload: Record<string, unknown>, job: { id: number; attempts: number }) => Promise<void>;

/** The Postgres-backed job queue (decorated as `app.jobs`); works on PGlite too. */
export interface JobsPort {
  enqueue(queue: string, payload: Record<string, unknown>, options?: { runAt?: Date; maxAttempts?: number }): Promise<number>;
  /** Registers the handler of a queue (at plugin registration time). */
  handle(queue: string, handler: JobHandler): void;
  /** Runs every due job once, in this process; returns how many ran. Tests call it directly. */
  runDue(): Promise<number>;
}

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobsPort;
  }
}
