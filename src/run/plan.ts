/**
 * The run plan of a suite: every selected workload at every thread count it accepts, in a
 * randomised order. Interleaving keeps a slow drift of the machine (thermal, a neighbour's
 * load) from landing on one workload; the seed makes an order reproducible.
 */
import { mulberry32 } from '../measure/mulberry32.ts';
import type { BaseParams } from '../workloads/api.ts';
import { resolveParams } from '../workloads/params.ts';
import type { LoadedWorkload } from '../workloads/registry.ts';

export interface PlannedRun {
  entry: LoadedWorkload;
  threads: number;
  /** The workload's params with the suite's overrides applied; its defaults when absent. */
  params?: BaseParams;
}

/** Per workload name, params over the workload's defaults (a suite's `params`). */
export type ParamOverrides = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export function threadCountsFor(entry: LoadedWorkload, override?: readonly number[]): number[] {
  const { workload } = entry;
  const wanted = override ?? workload.params.threads;
  const min = workload.minThreads ?? 1;
  const max = workload.maxThreads ?? Number.POSITIVE_INFINITY;
  return [...new Set(wanted)].filter((threads) => threads >= min && threads <= max).sort((a, b) => a - b);
}

export function planRuns(
  entries: readonly LoadedWorkload[], threadsOverride: readonly number[] | undefined, seed: number, overrides: ParamOverrides = {},
): PlannedRun[] {
  const runs = entries.flatMap((entry) => {
    // Checked against the schema again here, so a plan never carries params a workload would reject.
    const params = resolveParams(entry.workload, overrides[entry.workload.name]);
    return threadCountsFor(entry, threadsOverride).map((threads) => ({ entry, threads, params }));
  });
  const random = mulberry32(seed);
  for (let i = runs.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [runs[i], runs[j]] = [runs[j], runs[i]];
  }
  return runs;
}
