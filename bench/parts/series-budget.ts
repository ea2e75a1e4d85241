/**
 * Series per node: what one vmsoak pod adds to Prometheus, at each metrics detail, after
 * one full default pass (every catalog workload at each of its default thread counts) and
 * in the steady state (rolling baselines and KPI windows filled), with the fleet
 * projection. Aim: ≤ 2,000 series per node after a pass at the default detail.
 */
import { kpiVerdictsOverPasses } from '../../src/analysis/kpi-window.ts';
import { compareMatrix, sideOfRun } from '../../src/analysis/matrix-comparison.ts';
import { defaultRegressionPolicy } from '../../src/analysis/regression-policy.ts';
import type { MetricsDetail } from '../../src/export/prometheus/detail.ts';
import { VmsoakMetrics } from '../../src/export/prometheus/metrics.ts';
import { RegressionMetrics } from '../../src/export/prometheus/regression-metrics.ts';
import { plannedSeries, type PlannedSeries } from '../../src/export/prometheus/series.ts';
import type { RunResult } from '../../src/model/result.ts';
import { environment } from '../../src/run/environment.ts';
import { loadCatalog, type LoadedWorkload } from '../../src/workloads/registry.ts';
import { harvestResults, resultFor } from '../harvest-results.ts';
import { markdownTable } from '../markdown.ts';
import type { BenchPart } from '../part.ts';

const BUDGET = 2000;
const FLEETS = [100, 1000, 5000];

/** Samples per family; a histogram's buckets, _sum and _count count for the family. */
function perFamily(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let histograms = new Set<string>();
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) histogram$/.exec(line);
    if (type !== null) histograms = new Set([...histograms, type[1]]);
    if (line === '' || line.startsWith('#')) continue;
    const name = /^[A-Za-z_:][A-Za-z0-9_:]*/.exec(line)?.[0] ?? line;
    const base = name.replace(/_(bucket|sum|count)$/, '');
    const family = histograms.has(base) ? base : name;
    counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  return counts;
}

interface Exposition {
  pass: Map<string, number>;
  steady: Map<string, number>;
}

async function expose(detail: MetricsDetail, catalog: readonly LoadedWorkload[], series: readonly PlannedSeries[], harvested: ReadonlyMap<string, RunResult>): Promise<Exposition> {
  const metrics = new VmsoakMetrics({ series, workloads: catalog.map((entry) => entry.workload), environment: environment(), detail });
  const regression = new RegressionMetrics(metrics.registry, metrics.detail);
  for (const { workload, threads } of series) regression.initSeries(workload.name, threads);
  metrics.initSuite('default');
  const runs = series.map((planned) => resultFor(planned, harvested)).filter((run) => run !== null);
  for (const run of runs) metrics.observeRun(run);
  const pass = perFamily(await metrics.metrics());
  const pairs = runs.map((run) => ({ workload: run.workload, category: run.category, tier: run.tier, threads: run.threads, baseline: sideOfRun(run), current: sideOfRun(run) }));
  for (const comparison of compareMatrix(pairs, defaultRegressionPolicy())) regression.observeComparison(comparison);
  metrics.observeKpiWindow(kpiVerdictsOverPasses(runs, () => true));
  return { pass, steady: perFamily(await metrics.metrics()) };
}

const total = (counts: ReadonlyMap<string, number>): number => [...counts.values()].reduce((sum, count) => sum + count, 0);
const thousands = (n: number): string => n.toLocaleString('en-US');

export const seriesBudgetPart: BenchPart = {
  name: 'series',
  title: 'Series per node: the metric budget',
  inDefaultRun: true,
  async run({ progress }) {
    const catalog = await loadCatalog();
    const series = plannedSeries(catalog);
    progress(`real runs of ${catalog.length} workloads for ${series.length} workload × threads series`);
    const harvested = await harvestResults(catalog, progress);
    const byDetail = { default: await expose('default', catalog, series, harvested), full: await expose('full', catalog, series, harvested) };
    const names = [...new Set([...byDetail.full.steady.keys(), ...byDetail.default.steady.keys()])]
      .sort((a, b) => (byDetail.full.steady.get(b) ?? 0) - (byDetail.full.steady.get(a) ?? 0) || a.localeCompare(b));
    const vmsoak = names.filter((name) => name.startsWith('vmsoak_'));
    const cell = (counts: ReadonlyMap<string, number>, name: string): string => String(counts.get(name) ?? 0);
    const others = (counts: ReadonlyMap<string, number>): number => total(counts) - vmsoak.reduce((sum, name) => sum + (counts.get(name) ?? 0), 0);
    const rows = [
      ...vmsoak.map((name) => [`\`${name}\``, cell(byDetail.default.pass, name), cell(byDetail.default.steady, name), cell(byDetail.full.pass, name), cell(byDetail.full.steady, name)]),
      ['process_* and nodejs_* (prom-client)', ...[byDetail.default.pass, byDetail.default.steady, byDetail.full.pass, byDetail.full.steady].map((counts) => String(others(counts)))],
      ['**total**', ...[byDetail.default.pass, byDetail.default.steady, byDetail.full.pass, byDetail.full.steady].map((counts) => `**${thousands(total(counts))}**`)],
    ];
    const afterPass = total(byDetail.default.pass);
    const projection = [
      ['default, after one pass', afterPass], ['default, steady state', total(byDetail.default.steady)],
      ['full, after one pass', total(byDetail.full.pass)], ['full, steady state', total(byDetail.full.steady)],
    ].map(([label, perNode]) => [String(label), thousands(Number(perNode)), ...FLEETS.map((nodes) => thousands(nodes * Number(perNode)))]);
    const body = [
      `${catalog.length} workloads, ${series.length} workload × thread-count series (the default suite). Each workload ran once for 30 ms at its smallest thread count;`,
      'that result stands for each of its thread counts. "Steady state" adds what a daemon has once its rolling baselines and KPI windows have filled:',
      'every series compared against its baseline and every KPI with a window verdict. Counted: every sample line of /metrics, as Prometheus stores one series per line.',
      '',
      markdownTable(['family', 'default, after a pass', 'default, steady', 'full, after a pass', 'full, steady'], rows, [1, 2, 3, 4]),
      '',
      markdownTable(['per node', 'series', ...FLEETS.map((nodes) => `${thousands(nodes)} nodes`)], projection, [1, 2, 3, 4]),
      '',
      'The default detail (`metrics.detail: default`) keeps every series the generated dashboards and rules read; `full` adds',
      'the 1-2-5 latency buckets, every last-run statistic and metric key, the failure and change-point counters at 0, and more.',
      'See export/prometheus/detail.ts and docs/deploy.md.',
    ].join('\n');
    return {
      body,
      aims: [{ figure: 'series per node after a default pass, default detail', aim: `≤ ${thousands(BUDGET)}`, measured: thousands(afterPass), met: afterPass <= BUDGET }],
    };
  },
};
