import type { FastifyInstance } from 'fastify';
import { dataKeyBytes, open, seal } from './secret-box.js';

/** TOTP seeds at rest: sealed with DATA_KEY and bound to their user (cannot be copied to another). */
const purpose = (userId: string) => `totp:${userId}`;

export function openTotpSecret(app: FastifyInstance, userId: string, sealed: string): string {
  return open(dataKeyBytes(app.config.dataKey), sealed, purpose(userId));
}

export function sealTotpSecret(app: FastifyInstance, userId: string, secret: string): string {
  return seal(dataKeyBytes(app.config.dataKey), secret, purpose(userId));
}
