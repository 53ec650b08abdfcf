import type { Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

export type Channel = 'email' | 'sms';

export interface OutgoingMessage {
  channel: Channel;
  /** E-mail address or phone number (0xxxxxxxxx or +84…). */
  to: string;
  /** Template code, e.g. "citizen.otp"; the text comes from the (admin-editable) template. */
  template: string;
  data: Record<string, string | number>;
  /** Do not deliver after this instant (a one-time code that has expired is useless). */
  expiresAt?: Date;
}

export interface SendOptions {
  /**
   * The caller's transaction: the message is queued only if it commits. Pass it whenever you
   * call send() inside a transaction (on PGlite a second connection would wait for ever).
   */
  trx?: Transaction<DB>;
}

/**
 * Notifications (decorated as `app.notifications`): `send` renders the template and only queues
 * a job, so a slow SMTP server or SMS gateway never blocks a request; the job retries with
 * back-off and keeps the error (visible in GET /api/v1/notifications/outbox).
 * Throws a 422 AppError when `to` is not a valid address for the channel, and an Error when the
 * template does not exist or `data` lacks one of its placeholders (a programming error).
 */
export interface NotificationsPort {
  send(message: OutgoingMessage, options?: SendOptions): Promise<{ id: string }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    notifications: NotificationsPort;
  }
}
