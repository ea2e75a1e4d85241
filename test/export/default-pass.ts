/**
 * The metrics of a node after one full default pass, without running a workload: every
 * catalog workload at each of its default thread counts (the daemon's planned series),
 * each with a successful run carrying real HDR data, every metric key the workload
 * declares, every key its KPIs read, and keys it neither declares nor reads (as real
 * workloads report: counters, checks). Optionally the steady state after the rolling
 * baseline and the KPI windows have filled: every series compared against its baseline,
 * every KPI with a window verdict.
 */
import { compareMatrix, sideOfRun } from '../../src/analysis/matrix-comparison.ts';
import { kpiVerdictsOverPasses } from '../../src/analysis/kpi-window.ts';
import { defaultRegressionPolicy } from '../../src/analysis/regression-policy.ts';
import { type MetricsDetail, publicMetricKeys } from '../../src/export/prometheus/detail.ts';
import { VmsoakMetrics } from '../../src/export/prometheus/metrics.ts';
import { RegressionMetrics } from '../../src/export/prometheus/regression-metrics.ts';
import { plannedSeries } from '../../src/export/prometheus/series.ts';
import type { RunResult } from '../../src/model/result.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { okRun, TEST_ENVIRONMENT } from './run-fixture.ts';

/** Keys a workload reports beyond its declared and KPI-read ones; the pipelines report 17 in all. */
const UNDECLARED_KEYS = ['sent', 'received', 'lost', 'duplicated', 'checksum'];

export interface PassOptions {
  detail: MetricsDetail;
  /** Also compare every series against a filled rolling baseline (regression gauges). */
  steadyState?: boolean;
  /** prom-client's process and Node.js metrics; default true, as the daemon serves them. */
  defaultMetrics?: boolean;
}

export interface PassMetrics {
  metrics: VmsoakMetrics;
  /** Planned workload × threads series. */
  series: number;
  workloads: number;
}

export async function metricsAfterDefaultPass(options: PassOptions): Promise<PassMetrics> {
  const catalog = await loadCatalog();
  const planned = plannedSeries(catalog);
  const metrics = new VmsoakMetrics({
    series: planned, workloads: catalog.map((entry) => entry.workload), environment: TEST_ENVIRONMENT,
    detail: options.detail, defaultMetrics: options.defaultMetrics ?? true,
  });
  const regression = new RegressionMetrics(metrics.registry, metrics.detail);
  for (const { workload, threads } of planned) regression.initSeries(workload.name, threads);
  metrics.initSuite('default');
  const runs: RunResult[] = [];
  for (const { workload, threads } of planned) {
    const keys = [...publicMetricKeys(workload), ...UNDECLARED_KEYS];
    const run = await okRun({ workload, threads, metrics: Object.fromEntries(keys.map((key, i) => [key, i + 0.5])) });
    const withSamples = { ...run, samples: [100, 104, 98, 101, 99, 103, 97, 102] };
    metrics.observeRun(withSamples);
    runs.push(withSamples);
  }
  if (options.steadyState === true) {
    const pairs = runs.map((run) => ({
      workload: run.workload, category: run.category, tier: run.tier, threads: run.threads, baseline: sideOfRun(run), current: sideOfRun(run),
    }));
    for (const comparison of compareMatrix(pairs, defaultRegressionPolicy())) regression.observeComparison(comparison);
    metrics.observeKpiWindow(kpiVerdictsOverPasses(runs, () => true));
  }
  return { metrics, series: planned.length, workloads: catalog.length };
}

/** Samples per family (a histogram's buckets, _sum and _count count for its family), from the exposition text. */
export function samplesPerFamily(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)?.[0];
    if (name === undefined) throw new Error(`not a sample line: ${line}`);
    const base = name.replace(/_(bucket|sum|count)$/, '');
    const familyName = counts.has(base) || /_(bucket|sum|count)$/.test(name) ? base : name;
    counts.set(familyName, (counts.get(familyName) ?? 0) + 1);
  }
  return counts;
}
