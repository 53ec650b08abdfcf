import type { FastifyReply } from 'fastify';

/**
 * What other modules may ask of the auth module (decorated as `app.auth`). The org module uses
 * it to give a new user a password; the citizens module uses it to start a citizen session.
 */
export interface AuthPort {
  /** Checks the password policy (throws a 422 AppError listing what is wrong) and stores argon2id. */
  setPassword(userId: string, password: string, options: { mustChange: boolean }): Promise<void>;
  /** A random temporary password that must be changed at next sign-in; returns it once. */
  issueTemporaryPassword(userId: string): Promise<string>;
  /** Ends every session of a staff user (lock, password reset, "sign out everywhere"). */
  revokeAllSessions(userId: string): Promise<void>;
  /** Starts a session for a signed-in citizen and sets the cookies on the reply. */
  startCitizenSession(reply: FastifyReply, citizenId: string, meta: { ip: string; userAgent: string | null }): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthPort;
  }
}
