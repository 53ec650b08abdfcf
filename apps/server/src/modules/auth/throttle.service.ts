import type { FastifyInstance } from 'fastify';
import { AppError } from '../../http/errors.js';
import * as repo from './auth.repository.js';
import { ACCOUNT_RULE, afterFailure, IP_RULE, lockedForSeconds } from './lockout.js';

/** Stored sign-in failure counters, per account and per source address (see lockout.ts). */
export const accountKey = (username: string) => `user:${username.trim().toLowerCase()}`;
export const ipKey = (ip: string) => `ip:${ip}`;

export function lockedError(seconds: number, byAddress: boolean): AppError {
  const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} phút` : `${seconds} giây`;
  const detail = byAddress
    ? `Có quá nhiều lần đăng nhập sai từ địa chỉ mạng của bạn. Vui lòng thử lại sau ${wait}.`
    : `Tài khoản tạm thời bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau ${wait}.`;
  return new AppError(429, 'account_locked', detail, [], { retryAfter: seconds });
}

/** Throws 429 account_locked when the account or the address is locked right now. */
export async function assertNotLocked(app: FastifyInstance, username: string, ip: string) {
  const now = app.clock();
  const db = app.database.db;
  const account = lockedForSeconds(await repo.findThrottle(db, accountKey(username)), now);
  if (account > 0) throw lockedError(account, false);
  const address = lockedForSeconds(await repo.findThrottle(db, ipKey(ip)), now);
  if (address > 0) throw lockedError(address, true);
}

/** Counts one failure for both keys; returns the lock that this failure started, if any. */
export async function recordFailure(
  app: FastifyInstance,
  username: string,
  ip: string,
): Promise<{ seconds: number; byAddress: boolean } | null> {
  const now = app.clock();
  let started: { seconds: number; byAddress: boolean } | null = null;
  await app.database.db.transaction().execute(async (trx) => {
    for (const [key, rule, byAddress] of [
      [accountKey(username), ACCOUNT_RULE, false],
      [ipKey(ip), IP_RULE, true],
    ] as const) {
      await repo.lockThrottleRow(trx, key, now);
      const next = afterFailure(await repo.findThrottle(trx, key), now, rule);
      await repo.saveThrottle(trx, key, next.state, now);
      if (next.locked && !started) started = { seconds: lockedForSeconds(next.state, now), byAddress };
    }
  });
  return started;
}

export async function clearAccountFailures(app: FastifyInstance, username: string) {
  await repo.clearThrottle(app.database.db, accountKey(username));
}
