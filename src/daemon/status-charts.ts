/**
 * The status page's charts from the latest results: one percentile plot per workload (a
 * line per thread count) and the contention scaling chart with the KPI targets in force
 * (config overrides included, as the results carry them).
 *
 * Decoding an HDR histogram into percentile points costs about a millisecond; a result
 * object is immutable once recorded, so its points are computed once and remembered for
 * as long as the result is the latest of its series (a WeakMap, nothing to evict).
 */
import { percentileDistribution } from '../export/charts/percentile-distribution.ts';
import { percentilePlot, type PercentilePoint, type PercentileSeries } from '../export/charts/percentile-plot.ts';
import { scalingChart, type ScalingSeries, type ScalingTarget } from '../export/charts/scaling-chart.ts';
import type { RunResult } from '../model/result.ts';

const pointsOf = new WeakMap<RunResult, PercentilePoint[]>();

/**
 * The daemon calls this as each result arrives, so the decoding is spread over the runs
 * (a millisecond or two each) instead of landing all at once, for every workload, on the
 * first request of the status page, where it held the main thread (and any scrape behind
 * it) for about 250 ms with 100 results.
 */
export function percentilePoints(result: RunResult): PercentilePoint[] {
  let points = pointsOf.get(result);
  if (points === undefined) {
    points = result.histogram === null ? [] : percentileDistribution(result.histogram);
    pointsOf.set(result, points);
  }
  return points;
}

/** The chart is about contention already: "contention.atomic-add" is "atomic-add" in it. */
function shortName(workload: string): string {
  return workload.replace(/^contention\./, '');
}

function threadsLabel(threads: number): string {
  return threads === 1 ? '1 thread' : `${threads} threads`;
}

/** A DOM id from a workload name; names are [a-z0-9.-], the rest is replaced anyway. */
function chartId(prefix: string, name: string): string {
  return `${prefix}-${name.replace(/[^A-Za-z0-9-]/g, '-')}`;
}

function byWorkload(results: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const result of results) {
    if (result.status !== 'ok') continue;
    const group = groups.get(result.workload) ?? [];
    group.push(result);
    groups.set(result.workload, group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.threads - b.threads);
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

/** One SVG per workload with a successful run, in workload order. */
export function percentilePlots(results: readonly RunResult[]): string[] {
  return [...byWorkload(results)].map(([workload, group]) => {
    const series: PercentileSeries[] = group.map((result) => ({ label: threadsLabel(result.threads), points: percentilePoints(result) }));
    return percentilePlot(series, { title: workload, id: chartId('percentiles', workload) });
  });
}

/**
 * The targets of the contention KPIs measured in ns, one line per KPI when every
 * workload has the same targets (the catalog's defaults), else one per workload and KPI.
 */
function scalingTargets(groups: ReadonlyMap<string, RunResult[]>): ScalingTarget[] {
  const lines = new Map<string, { kpi: string; workload: string; severity: ScalingTarget['severity']; points: Map<number, number> }>();
  for (const [workload, group] of groups) {
    for (const result of group) {
      for (const kpi of result.kpis) {
        if (kpi.unit !== 'ns') continue;
        const key = `${workload}\u0000${kpi.name}`;
        const line = lines.get(key) ?? { kpi: kpi.name, workload, severity: kpi.severity, points: new Map<number, number>() };
        line.points.set(result.threads, kpi.target);
        lines.set(key, line);
      }
    }
  }
  const byKpi = Map.groupBy(lines.values(), (line) => line.kpi);
  const targets: ScalingTarget[] = [];
  for (const [kpi, perWorkload] of byKpi) {
    // Thread counts a workload did not run at do not make its targets differ.
    const merged = new Map<number, number>();
    let agree = true;
    for (const line of perWorkload) {
      for (const [threads, target] of line.points) {
        if (merged.has(threads) && merged.get(threads) !== target) agree = false;
        merged.set(threads, target);
      }
    }
    const label = (workload?: string) => `${workload === undefined ? '' : `${shortName(workload)} `}${kpi} target`;
    if (agree) {
      targets.push({ label: label(), severity: perWorkload[0].severity, points: [...merged].map(([threads, nsPerOp]) => ({ threads, nsPerOp })) });
    } else {
      for (const line of perWorkload) {
        targets.push({ label: label(line.workload), severity: line.severity, points: [...line.points].map(([threads, nsPerOp]) => ({ threads, nsPerOp })) });
      }
    }
  }
  return targets;
}

/** ns/op per thread (the mean of the raw latencies, what the contention KPIs read) against threads. */
export function contentionScalingChart(results: readonly RunResult[], size: { width?: number; height?: number } = {}): string {
  const groups = byWorkload(results.filter((result) => result.category === 'contention'));
  const series: ScalingSeries[] = [...groups].map(([workload, group]) => ({
    label: shortName(workload), points: group.map((result) => ({ threads: result.threads, nsPerOp: result.latencyNs.mean })),
  }));
  return scalingChart(series, scalingTargets(groups), { title: 'Contention scaling: ns per op per thread', id: 'scaling-contention', ...size });
}
