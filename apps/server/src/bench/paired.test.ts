import { describe, expect, it } from 'vitest';
import { type LoadResult, mergeLoads } from './load.js';
import { median, runPaired } from './paired.js';

/** A run of `requests` requests in `seconds`, with the given latencies (ms). */
function run(requests: number, seconds: number, latencies: number[] = []): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    requests,
    seconds,
    perSecond: requests / seconds,
    p50Ms: sorted[0] ?? 0,
    p99Ms: sorted[sorted.length - 1] ?? 0,
    errors: 0,
    firstError: null,
    latenciesMs: sorted,
  };
}

describe('paired rounds', () => {
  it('median: middle value, mean of the two middle ones, 0 for none', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('warms the scenario up, alternates ceiling and scenario, splits the requests, judges on the median round', async () => {
    const order: string[] = [];
    // Round 2 is disturbed: the ceiling collapses while the scenario does not.
    const ceilings = [run(100, 0.1), run(100, 0.5), run(100, 0.1)];
    const scenarios = [run(50, 1), run(50, 0.2), run(50, 0.2), run(50, 0.25)];
    const paired = await runPaired(
      async (total) => {
        order.push(`c${total}`);
        return ceilings.shift() as LoadResult;
      },
      async (total) => {
        order.push(`s${total}`);
        return scenarios.shift() as LoadResult;
      },
      { ceiling: 300, scenario: 150 },
    );
    // One unmeasured warm-up round of the scenario first (its slow run is not counted).
    expect(order).toEqual(['s50', 'c100', 's50', 'c100', 's50', 'c100', 's50']);
    expect(paired.ratios.map((r) => Number(r.toFixed(3)))).toEqual([0.25, 1.25, 0.2]);
    expect(paired.ratio).toBeCloseTo(0.25, 10);
    expect(paired.ceiling.requests).toBe(300);
    expect(paired.ceiling.perSecond).toBeCloseTo(300 / 0.7, 6);
  });

  it('mergeLoads: throughput over the summed time, percentiles over every request', () => {
    const merged = mergeLoads([run(2, 1, [10, 30]), run(2, 3, [20, 400])]);
    expect(merged.requests).toBe(4);
    expect(merged.perSecond).toBe(1);
    expect(merged.latenciesMs).toEqual([10, 20, 30, 400]);
    expect(merged.p50Ms).toBe(30);
    expect(merged.p99Ms).toBe(400);
  });
});
