/**
 * How much /metrics carries: `metrics.detail: default` keeps a node within the fleet budget
 * (≤ 2,000 series for the full default catalog, see BENCHMARKS.md), `full` exports
 * everything vmsoak has. The default keeps every series a generated dashboard or rule reads;
 * what it cuts is duplication or detail nothing reads:
 * - the latency histogram's buckets: one bound per decade from 10 ns to 1 s instead of
 *   1-2-5 per decade to 10 s (both derived exactly from the HDR data). The buckets carry
 *   the heatmaps and rough fleet-wide percentiles; exact percentiles are the last-run
 *   statistics, the KPIs and the HDR interval logs;
 * - the last-run latency statistics: p99 only (the trend rule reads it); full adds p50,
 *   p90, p999 and max, which the histogram and the KPIs already approximate;
 * - a workload's computed metrics: the keys it declares (`metricKeys`, what dashboards read)
 *   and the keys its KPIs read; full exports every key;
 * - the failure counters: created by the first failure of their reason, instead of four per
 *   series at 0 (`rate()` misses only each series' first failure of a reason);
 * - the change-point counter: created by the series' first change point instead of at 0;
 * - the baseline ratio: mean (a statistic of the regression gate); full adds p50, p99 and max;
 * - prom-client's per-V8-space heap gauges (nodejs_heap_space_size_*, 39 series) and its
 *   GC pause histogram of the daemon's own main thread (nodejs_gc_duration_seconds, 36);
 * - families marked `fullDetailOnly` in the family table.
 */
import type { MetricsDetail } from '../../model/config.ts';
import type { LatencySummaryNs } from '../../model/result.ts';
import type { Workload } from '../../workloads/api.ts';
import type { MetricFamily } from '../metric-families.ts';

export type { MetricsDetail } from '../../model/config.ts';

export const METRICS_DETAILS = ['default', 'full'] as const satisfies readonly MetricsDetail[];

export const DEFAULT_METRICS_DETAIL: MetricsDetail = 'default';

/**
 * Upper bounds in ns, `steps` per decade from `lowest` to `highest` (both powers of ten),
 * rounded to integers so every bound below HDR's 2048 ns is exact. The step multipliers are
 * rounded to 3 significant digits: 10^(1/2) → 3.16.
 */
export function logSpacedBoundsNs(lowest: number, highest: number, multipliers: readonly number[]): number[] {
  const bounds: number[] = [];
  for (let decade = lowest; decade <= highest; decade *= 10) {
    for (const multiplier of multipliers) {
      const bound = Math.round(decade * multiplier);
      if (bound <= highest) bounds.push(bound);
    }
  }
  return bounds;
}

/** 1-2-5 per decade, 10 ns to 10 s: 28 bounds. */
export const FULL_LATENCY_BOUNDS_NS: readonly number[] = Object.freeze(logSpacedBoundsNs(10, 1e10, [1, 2, 5]));

/**
 * One per decade, 10 ns to 1 s: 9 bounds, 12 samples a series with +Inf, `_sum` and
 * `_count`. The catalog's operations span about 1 ns to 100 ms; longer ones are counted
 * in +Inf (and `_sum`, `_count`).
 */
export const DEFAULT_LATENCY_BOUNDS_NS: readonly number[] = Object.freeze(logSpacedBoundsNs(10, 1e9, [1]));

type LatencyField = keyof LatencySummaryNs;

/** The last-run statistics: `statistic` label value and the LatencySummaryNs field it reads. */
const ALL_LAST_RUN_STATISTICS: ReadonlyArray<readonly [string, LatencyField]> = [
  ['p50', 'p50'], ['p90', 'p90'], ['p99', 'p99'], ['p999', 'p999'], ['max', 'max'],
];

/** The last-run statistic the trend rule reads, exported at every detail. */
export const TREND_STATISTIC = 'p99';

const DETAILED_DEFAULT_METRICS = [
  'nodejs_heap_space_size_total_bytes', 'nodejs_heap_space_size_used_bytes', 'nodejs_heap_space_size_available_bytes',
  'nodejs_gc_duration_seconds',
];

const ALL_RATIO_STATISTICS = ['mean', 'p50', 'p99', 'max'] as const;

export type RatioStatistic = (typeof ALL_RATIO_STATISTICS)[number];

export interface DetailPolicy {
  readonly detail: MetricsDetail;
  readonly latencyBoundsNs: readonly number[];
  readonly lastRunStatistics: ReadonlyArray<readonly [string, LatencyField]>;
  readonly ratioStatistics: readonly RatioStatistic[];
  /**
   * Every failure reason and the change-point counter of every planned series start at 0
   * (else a series appears with its first event, which `rate()` then misses).
   */
  readonly preCreateCounters: boolean;
  /** prom-client default metrics left out (nothing vmsoak generates reads them). */
  readonly droppedDefaultMetrics: readonly string[];
  /** Whether the family is registered at all. */
  includes(family: MetricFamily): boolean;
  /** Whether `workload`'s computed metric `key` is exported. */
  exportsMetricKey(workload: Workload, key: string): boolean;
}

/** The keys a workload declares in `metricKeys` (placeholders expanded) and those its KPIs read. */
export function publicMetricKeys(workload: Workload): Set<string> {
  const keys = new Set<string>();
  for (const spec of workload.metricKeys ?? []) {
    let expanded = [spec.key];
    for (const [placeholder, values] of Object.entries(spec.labels)) {
      expanded = expanded.flatMap((key) => (key.includes(`{${placeholder}}`) ? values.map((value) => key.replaceAll(`{${placeholder}}`, value)) : [key]));
    }
    for (const key of expanded) keys.add(key);
  }
  for (const kpi of workload.kpis) {
    if (kpi.statistic.startsWith('metric:')) keys.add(kpi.statistic.slice('metric:'.length));
  }
  return keys;
}

export function detailPolicy(detail: MetricsDetail = DEFAULT_METRICS_DETAIL): DetailPolicy {
  const full = detail === 'full';
  const publicKeys = new WeakMap<Workload, Set<string>>();
  return {
    detail,
    latencyBoundsNs: full ? FULL_LATENCY_BOUNDS_NS : DEFAULT_LATENCY_BOUNDS_NS,
    lastRunStatistics: full ? ALL_LAST_RUN_STATISTICS : ALL_LAST_RUN_STATISTICS.filter(([name]) => name === TREND_STATISTIC),
    ratioStatistics: full ? ALL_RATIO_STATISTICS : ['mean'],
    preCreateCounters: full,
    droppedDefaultMetrics: full ? [] : DETAILED_DEFAULT_METRICS,
    includes: (family) => full || family.fullDetailOnly !== true,
    exportsMetricKey(workload, key) {
      if (full) return true;
      let keys = publicKeys.get(workload);
      if (keys === undefined) {
        keys = publicMetricKeys(workload);
        publicKeys.set(workload, keys);
      }
      return keys.has(key);
    },
  };
}
