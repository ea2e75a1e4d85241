/**
 * The run plan of a suite: every selected workload at every thread count it accepts, in a
 * randomised order. Interleaving keeps a slow drift of the machine (thermal, a neighbour's
 * load) from landing on one workload; the seed makes an order reproducible.
 */
import type { LoadedWorkload } from '../workloads/registry.ts';
import { mulberry32 } from '../measure/mulberry32.ts';

export interface PlannedRun {
  entry: LoadedWorkload;
  threads: number;
}

export function threadCountsFor(entry: LoadedWorkload, override?: readonly number[]): number[] {
  const { workload } = entry;
  const wanted = override ?? workload.params.threads;
  const min = workload.minThreads ?? 1;
  const max = workload.maxThreads ?? Number.POSITIVE_INFINITY;
  return [...new Set(wanted)].filter((threads) => threads >= min && threads <= max).sort((a, b) => a - b);
}

export function planRuns(entries: readonly LoadedWorkload[], threadsOverride: readonly number[] | undefined, seed: number): PlannedRun[] {
  const runs = entries.flatMap((entry) => threadCountsFor(entry, threadsOverride).map((threads) => ({ entry, threads })));
  const random = mulberry32(seed);
  for (let i = runs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [runs[i], runs[j]] = [runs[j], runs[i]];
  }
  return runs;
}
