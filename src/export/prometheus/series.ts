/**
 * The workload x threads series a daemon will produce, known before the first run: the
 * union over its suites of each selected workload at each thread count the suite runs it
 * at. Metrics start these series at zero so that `rate()` and `increase()` count the very
 * first run (a counter that appears already at 1 loses that 1 to Prometheus).
 */
import type { SuiteConfig } from '../../config/types.ts';
import { threadCountsFor } from '../../run/plan.ts';
import type { Workload } from '../../workloads/api.ts';
import { selectWorkloads, type LoadedWorkload } from '../../workloads/registry.ts';

export interface PlannedSeries {
  workload: Workload;
  threads: number;
}

/** With no suites, every catalog workload at its own default thread counts. */
export function plannedSeries(catalog: readonly LoadedWorkload[], suites?: readonly SuiteConfig[]): PlannedSeries[] {
  const selections = suites === undefined
    ? [{ entries: catalog, threads: undefined }]
    : suites.map((suite) => ({ entries: selectWorkloads(catalog, suite.workloads), threads: suite.threads }));
  const seen = new Map<string, PlannedSeries>();
  for (const { entries, threads } of selections) {
    for (const entry of entries) {
      for (const count of threadCountsFor(entry, threads)) {
        const key = `${entry.workload.name}@${count}`;
        if (!seen.has(key)) seen.set(key, { workload: entry.workload, threads: count });
      }
    }
  }
  return [...seen.values()];
}
