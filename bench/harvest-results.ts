/**
 * Real run results for every catalog workload, to fill the metrics the exposition
 * benchmark renders: each workload runs once, briefly, on real worker threads at its
 * smallest thread count, and its result is then relabelled for each of its other thread
 * counts (with the KPIs re-evaluated for that count, as their targets depend on it). The
 * metric keys, KPI sets, histogram shapes and failure labels are thus the real ones
 * without running every workload at 16 threads.
 */
import { evaluateKpis } from '../src/run/kpi.ts';
import { defaultConfig } from '../src/config/defaults.ts';
import type { PlannedSeries } from '../src/export/prometheus/series.ts';
import type { RunResult } from '../src/model/result.ts';
import { runPlanned } from '../src/run/suite.ts';
import { threadCountsFor } from '../src/run/plan.ts';
import type { LoadedWorkload } from '../src/workloads/registry.ts';

const MS = 1e6;
const HARVEST_PHASES = { warmupNs: 10 * MS, durationNs: 30 * MS };

/** One real result per workload, keyed by workload name. */
export async function harvestResults(catalog: readonly LoadedWorkload[], progress: (message: string) => void): Promise<Map<string, RunResult>> {
  const config = { ...defaultConfig(), runTimeout: 60_000 };
  const results = new Map<string, RunResult>();
  for (const [index, entry] of catalog.entries()) {
    const threads = threadCountsFor(entry)[0];
    if (threads === undefined) continue;
    progress(`real run ${index + 1}/${catalog.length}: ${entry.workload.name} at ${threads} thread(s)`);
    const result = await runPlanned(config, { entry, threads }, HARVEST_PHASES);
    if (result !== null) results.set(entry.workload.name, result);
  }
  return results;
}

/** The harvested result of the series' workload as if it had run at the series' thread count. */
export function resultFor(series: PlannedSeries, harvested: ReadonlyMap<string, RunResult>): RunResult | null {
  const source = harvested.get(series.workload.name);
  if (source === undefined) return null;
  const { kpis: _kpis, ...measured } = { ...source, threads: series.threads };
  return { ...measured, kpis: evaluateKpis(series.workload, series.threads, source.status === 'ok' ? measured : null, {}) };
}
