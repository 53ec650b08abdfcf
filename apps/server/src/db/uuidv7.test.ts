import { describe, expect, it } from 'vitest';
import { uuidv7 } from './uuidv7.js';

describe('uuidv7', () => {
  it('is an RFC 9562 version 7 UUID carrying the time in milliseconds', () => {
    const at = Date.UTC(2026, 10, 24, 21, 30, 0, 123);
    const id = uuidv7(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('orders by time (text order, as PostgreSQL compares uuids) and differs within one millisecond', () => {
    const times = [0, 1, 1_000, 1_764_000_000_000, 1_764_000_000_001, 2 ** 48 - 1];
    const ids = times.map((t) => uuidv7(t));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => uuidv7(1_764_000_000_000)));
    expect(same.size).toBe(1000);
  });
});
