/**
 * Lock-out with back-off after repeated sign-in failures (QĐ 742/QĐ-BTTTT: lock the account after
 * a number of wrong attempts). Counted per account and per source IP: after `threshold` failures
 * the key is locked for 1 minute, each further lock doubles the time, capped at 1 hour. A quiet day
 * forgets earlier locks. Pure: the service stores the state and passes the clock in.
 */
export interface ThrottleState {
  failures: number;
  lockCount: number;
  lockedUntil: Date | null;
  lastFailureAt: Date | null;
}

export interface ThrottleRule {
  threshold: number;
  baseLockMs: number;
  maxLockMs: number;
  /** After this long without a failure, earlier locks are forgotten. */
  forgetAfterMs: number;
}

const MINUTE = 60_000;
export const ACCOUNT_RULE: ThrottleRule = {
  threshold: 5,
  baseLockMs: MINUTE,
  maxLockMs: 60 * MINUTE,
  forgetAfterMs: 24 * 60 * MINUTE,
};
/** An address may try more (several people behind one NAT), but is locked the same way. */
export const IP_RULE: ThrottleRule = {
  threshold: 20,
  baseLockMs: MINUTE,
  maxLockMs: 60 * MINUTE,
  forgetAfterMs: 24 * 60 * MINUTE,
};

export const EMPTY_THROTTLE: ThrottleState = { failures: 0, lockCount: 0, lockedUntil: null, lastFailureAt: null };

/** Seconds until the key may try again, or 0 when it is not locked. */
export function lockedForSeconds(state: ThrottleState | null, now: Date): number {
  if (!state?.lockedUntil) return 0;
  const ms = state.lockedUntil.getTime() - now.getTime();
  return ms > 0 ? Math.ceil(ms / 1000) : 0;
}

/** The state after one more failure; `locked` tells whether this failure started a lock. */
export function afterFailure(
  state: ThrottleState | null,
  now: Date,
  rule: ThrottleRule,
): { state: ThrottleState; locked: boolean } {
  let { failures, lockCount } = state ?? EMPTY_THROTTLE;
  if (state?.lastFailureAt && now.getTime() - state.lastFailureAt.getTime() > rule.forgetAfterMs) {
    failures = 0;
    lockCount = 0;
  }
  failures += 1;
  if (failures < rule.threshold) {
    return {
      state: { failures, lockCount, lockedUntil: state?.lockedUntil ?? null, lastFailureAt: now },
      locked: false,
    };
  }
  lockCount += 1;
  const lockMs = Math.min(rule.baseLockMs * 2 ** Math.min(lockCount - 1, 30), rule.maxLockMs);
  return {
    state: { failures: 0, lockCount, lockedUntil: new Date(now.getTime() + lockMs), lastFailureAt: now },
    locked: true,
  };
}
