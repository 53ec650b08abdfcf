import { describe, expect, it } from 'vitest';
import { LruPromiseCache } from './dossier-stats.cache.js';
import { liveTtlMs } from './dossier-stats.setup.js';

describe('statistics caches', () => {
  it('LRU: loads once per key, evicts the least recently used beyond capacity', async () => {
    const cache = new LruPromiseCache<number>(2);
    let loads = 0;
    const load = (v: number) => async () => {
      loads += 1;
      return v;
    };
    expect(await cache.get('a', load(1))).toBe(1);
    expect(await cache.get('a', load(99))).toBe(1);
    expect(loads).toBe(1);
    await cache.get('b', load(2));
    await cache.get('a', load(99)); // a is now the most recent
    await cache.get('c', load(3)); // evicts b
    expect(cache.size).toBe(2);
    expect(await cache.get('b', load(20))).toBe(20);
    expect(await cache.get('a', load(99))).toBe(99); // a was evicted by b's reload
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('LRU: a failed load is not kept', async () => {
    const cache = new LruPromiseCache<number>(4);
    await expect(cache.get('k', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(await cache.get('k', async () => 5)).toBe(5);
  });

  it('reads STATISTICS_LIVE_CACHE_SECONDS strictly', () => {
    expect(liveTtlMs(undefined)).toBe(10_000);
    expect(liveTtlMs('')).toBe(10_000);
    expect(liveTtlMs('30')).toBe(30_000);
    expect(liveTtlMs('0')).toBe(0);
    expect(liveTtlMs('-5')).toBe(0);
    expect(liveTtlMs('1.5')).toBe(0);
    expect(liveTtlMs('301')).toBe(0);
    expect(liveTtlMs('abc')).toBe(0);
  });
});
