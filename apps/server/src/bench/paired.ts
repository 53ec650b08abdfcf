import { type LoadResult, mergeLoads } from './load.js';

/** Rounds of ceiling-then-scenario that a throughput ratio is judged on. */
export const PAIRED_ROUNDS = 3;

export interface PairedResult {
  /** All rounds of the ceiling as one run. */
  ceiling: LoadResult;
  /** All rounds of the scenario as one run. */
  scenario: LoadResult;
  /** scenario ÷ ceiling throughput of each round, in the order run. */
  ratios: number[];
  /** The median of `ratios`: the figure the target is judged on. */
  ratio: number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * A throughput ratio measured in alternating rounds: the ceiling, then the scenario, `rounds` times, each with
 * its share of the requests. On a shared virtual machine the throughput of the same run moved by a factor of 5
 * within a minute (docs/performance.md); measured once each, the ceiling and the scenario saw different
 * machines. Paired rounds see nearly the same one, and the median round ignores one disturbed pair.
 */
export async function runPaired(
  runCeiling: (total: number) => Promise<LoadResult>,
  runScenario: (total: number) => Promise<LoadResult>,
  totals: { ceiling: number; scenario: number },
  rounds = PAIRED_ROUNDS,
): Promise<PairedResult> {
  const ceilings: LoadResult[] = [];
  const scenarios: LoadResult[] = [];
  const ratios: number[] = [];
  // The ceiling has just run its own full measurement; one unmeasured round of the scenario makes both warm
  // (compiled code, open pool connections, caches) before they are compared. The first measured round of the
  // lookup was half the later ones without it.
  await runScenario(Math.max(1, Math.round(totals.scenario / rounds)));
  for (let i = 0; i < rounds; i++) {
    const c = await runCeiling(Math.max(1, Math.round(totals.ceiling / rounds)));
    const s = await runScenario(Math.max(1, Math.round(totals.scenario / rounds)));
    ceilings.push(c);
    scenarios.push(s);
    ratios.push(c.perSecond > 0 ? s.perSecond / c.perSecond : 0);
  }
  return { ceiling: mergeLoads(ceilings), scenario: mergeLoads(scenarios), ratios, ratio: median(ratios) };
}

/** "5.9 / 6.1 / 7.0 %": the rounds' ratios as printed beside the median. */
export const formatRatios = (ratios: readonly number[]) => ratios.map((r) => (r * 100).toFixed(1)).join(' / ') + ' %';
