import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Principal } from '../modules/auth/principal.js';

/** The clock every service reads (tests move it; production is the wall clock). */
export type Clock = () => Date;

declare module 'fastify' {
  interface FastifyInstance {
    config: Config;
    database: Database;
    clock: Clock;
    appVersion: string;
    /** Starts the job worker and scheduled scans; set by the jobs module, called by main only. */
    startBackgroundWork?: () => Promise<void>;
  }
  interface FastifyRequest {
    /** Set by the auth module's onRequest hook; null for anonymous callers. */
    principal: Principal | null;
  }
}
