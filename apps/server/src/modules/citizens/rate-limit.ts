import { createHmac } from 'node:crypto';
import { tooManyRequests } from '../../http/errors.js';
import type { CitizensRepository } from './citizens.repository.js';

/**
 * Fixed-window counters in the database (shared by every app node, kept across restarts). The key
 * is an HMAC so the counter table does not hold phone numbers or e-mail addresses in clear.
 */
export async function enforceLimit(
  repo: CitizensRepository,
  secret: string,
  rule: { name: string; subject: string; max: number; windowMinutes: number },
  now: Date,
  detail: string,
): Promise<void> {
  const windowMs = rule.windowMinutes * 60_000;
  const start = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
  const key = `${rule.name}:${createHmac('sha256', secret).update(rule.subject).digest('hex').slice(0, 32)}`;
  const count = await repo.hit(key, start, now);
  if (count > rule.max) {
    const retryAfter = Math.max(1, Math.ceil((start.getTime() + windowMs - now.getTime()) / 1000));
    throw tooManyRequests(detail, retryAfter);
  }
}
