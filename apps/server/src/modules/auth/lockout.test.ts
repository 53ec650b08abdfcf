import { describe, expect, it } from 'vitest';
import { ACCOUNT_RULE, afterFailure, lockedForSeconds, type ThrottleState } from './lockout.js';

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 1, 0, 0) + minutes * 60_000);

function fail(state: ThrottleState | null, times: number, now: Date) {
  let s = state;
  let locked = false;
  for (let i = 0; i < times; i++) ({ state: s, locked } = afterFailure(s, now, ACCOUNT_RULE));
  return { state: s!, locked };
}

describe('lock-out back-off', () => {
  it('locks for one minute at the fifth failure, not before', () => {
    const four = fail(null, 4, at(0));
    expect(four.locked).toBe(false);
    expect(lockedForSeconds(four.state, at(0))).toBe(0);
    const five = fail(four.state, 1, at(0));
    expect(five.locked).toBe(true);
    expect(lockedForSeconds(five.state, at(0))).toBe(60);
    expect(lockedForSeconds(five.state, at(1))).toBe(0);
  });

  it('doubles each further lock and caps it at one hour', () => {
    let state: ThrottleState | null = null;
    let now = 0;
    const locks: number[] = [];
    for (let round = 0; round < 9; round++) {
      const r = fail(state, 5, at(now));
      state = r.state;
      const seconds = lockedForSeconds(state, at(now));
      locks.push(seconds);
      now += seconds / 60;
    }
    expect(locks).toEqual([60, 120, 240, 480, 960, 1920, 3600, 3600, 3600]);
  });

  it('forgets earlier locks after a quiet day', () => {
    const first = fail(null, 5, at(0));
    const second = fail(first.state, 5, at(2));
    expect(lockedForSeconds(second.state, at(2))).toBe(120);
    const later = fail(second.state, 5, at(2 + 25 * 60));
    expect(lockedForSeconds(later.state, at(2 + 25 * 60))).toBe(60);
  });
});
