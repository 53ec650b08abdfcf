import type { FastifyReply } from 'fastify';
import type { ActorContext } from '../../http/request-context.js';

/**
 * What other modules may ask of the auth module (decorated as `app.auth`). The org module uses
 * it to give a new user a password; the citizens module uses it to start a citizen session.
 * `actor` (optional) is who did it, for the audit row; without it the row names the system.
 */
export interface AuthPort {
  /** Checks the password policy (throws a 422 AppError listing what is wrong) and stores argon2id. */
  setPassword(userId: string, password: string, options: { mustChange: boolean; actor?: ActorContext }): Promise<void>;
  /**
   * A random temporary password that must be changed at next sign-in; returns it once. Also ends
   * the user's sessions and clears a sign-in lock-out (an administrator's reset unlocks the user).
   */
  issueTemporaryPassword(userId: string, actor?: ActorContext): Promise<string>;
  /** Ends every session of a staff user (lock, password reset, "sign out everywhere"). */
  revokeAllSessions(userId: string): Promise<void>;
  /** Starts a session for a signed-in citizen and sets the cookies on the reply. */
  startCitizenSession(
    reply: FastifyReply,
    citizenId: string,
    meta: { ip: string; userAgent: string | null },
  ): Promise<void>;
  /** When the staff user last signed in successfully (null = never). */
  lastSignInAt(userId: string): Promise<Date | null>;
}

declare module 'fastify' {
  interface FastifyInstance {
    auth: AuthPort;
  }
}
