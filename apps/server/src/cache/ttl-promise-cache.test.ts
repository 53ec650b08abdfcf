import { describe, expect, it } from 'vitest';
import { TtlPromiseCache } from './ttl-promise-cache.js';

describe('TtlPromiseCache', () => {
  it('TTL: reuses a value within the TTL only, and never with a TTL of 0', async () => {
    let t = 1000;
    const cache = new TtlPromiseCache<number>(500, 10, () => t);
    expect(await cache.get('k', async () => 1)).toBe(1);
    t += 499;
    expect(await cache.get('k', async () => 2)).toBe(1);
    t += 1;
    expect(await cache.get('k', async () => 3)).toBe(3);
    const off = new TtlPromiseCache<number>(0, 10, () => t);
    expect(await off.get('k', async () => 1)).toBe(1);
    expect(await off.get('k', async () => 2)).toBe(2);
  });

  it('TTL 0: calls made while the same computation runs share it; a later call computes again', async () => {
    const off = new TtlPromiseCache<number>(0, 10, () => 0);
    let loads = 0;
    let release: (v: number) => void = () => undefined;
    const slow = () => {
      loads += 1;
      return new Promise<number>((resolve) => {
        release = resolve;
      });
    };
    const first = off.get('k', slow);
    const second = off.get('k', slow);
    const other = off.get('other', async () => 7);
    expect(loads).toBe(1);
    release(1);
    expect(await first).toBe(1);
    expect(await second).toBe(1);
    expect(await other).toBe(7);
    expect(await off.get('k', async () => 2)).toBe(2);
    await expect(off.get('bad', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await off.get('bad', async () => 3)).toBe(3);
  });

  it('clear: a value cached before a write is not served after it', async () => {
    const cache = new TtlPromiseCache<number>(60_000, 10, () => 0);
    expect(await cache.get('k', async () => 1)).toBe(1);
    cache.clear();
    expect(await cache.get('k', async () => 2)).toBe(2);
  });
});
