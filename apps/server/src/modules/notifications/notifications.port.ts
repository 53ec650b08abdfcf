export type Channel = 'email' | 'sms';

export interface OutgoingMessage {
  channel: Channel;
  /** E-mail address or phone number (0xxxxxxxxx or +84…). */
  to: string;
  /** Template code, e.g. "citizen.otp"; the text comes from the (admin-editable) template. */
  template: string;
  data: Record<string, string | number>;
}

/**
 * Notifications (decorated as `app.notifications`): `send` only queues a job, so a slow SMTP
 * server or SMS gateway never blocks a request; the job retries with back-off and keeps the error.
 */
export interface NotificationsPort {
  send(message: OutgoingMessage): Promise<{ id: string }>;
}

declare module 'fastify' {
  interface FastifyInstance {
    notifications: NotificationsPort;
  }
}
