/**
 * The GC metrics of a measurement window, from the pauses seen in it.
 *
 * GC time is the length of the union of the pause intervals, not the sum of durations:
 * entries of different kinds can nest (weak-callback processing runs inside a major
 * collection), and summing them would count that time twice and could push mutator
 * utilisation below zero.
 */
import type { MetricKeySpec } from '../api.ts';
import { GC_KINDS, type GcPause } from './gc-pauses.ts';

const NS_PER_MS = 1e6;

/** Pauses that start inside [fromMs, toMs]. */
export function pausesInWindow(pauses: readonly GcPause[], fromMs: number, toMs: number): GcPause[] {
  return pauses.filter((pause) => pause.startMs >= fromMs && pause.startMs <= toMs);
}

/** Total length of the union of the pause intervals, in ms. */
export function unionDurationMs(pauses: readonly GcPause[]): number {
  const sorted = [...pauses].sort((a, b) => a.startMs - b.startMs);
  let total = 0;
  let coveredUntil = Number.NEGATIVE_INFINITY;
  for (const pause of sorted) {
    const end = pause.startMs + pause.durationMs;
    if (end <= coveredUntil) continue;
    total += end - Math.max(pause.startMs, coveredUntil);
    coveredUntil = end;
  }
  return total;
}

/** Percentiles of the pauses of each kind (nearest rank, like HDR's value at percentile). */
export const PAUSE_PERCENTILES = [['p50', 0.5], ['p99', 0.99]] as const;

/** The per-kind keys pauseMetrics reports, declared for the GC dashboard. */
export const PAUSE_METRIC_KEYS: readonly MetricKeySpec[] = [
  { key: 'pauses_{kind}', description: 'GC pauses of the kind in the window.', labels: { kind: GC_KINDS } },
  { key: 'pause_total_ns_{kind}', description: 'Total time of the kind\'s pauses, in ns.', labels: { kind: GC_KINDS } },
  {
    key: 'pause_{statistic}_ns_{kind}',
    description: 'A percentile (nearest rank) or the maximum of the kind\'s pauses, in ns.',
    labels: { statistic: [...PAUSE_PERCENTILES.map(([name]) => name), 'max'], kind: GC_KINDS },
  },
];

function nearestRank(sortedAscending: readonly number[], quantile: number): number {
  const rank = Math.max(1, Math.ceil(quantile * sortedAscending.length));
  return sortedAscending[rank - 1];
}

/**
 * Per kind: `pauses_<kind>`, `pause_max_ns_<kind>`, `pause_total_ns_<kind>`, and for a kind
 * that paused at all `pause_p50_ns_<kind>` and `pause_p99_ns_<kind>` (a kind without pauses
 * has no percentile; a 0 would read as a measured pause of 0 ns); overall `gc_time_ns` and
 * `mutator_utilisation` = 1 - GC time / wall time of the window.
 */
export function pauseMetrics(windowPauses: readonly GcPause[], wallNs: number): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const kind of GC_KINDS) {
    metrics[`pauses_${kind}`] = 0;
    metrics[`pause_max_ns_${kind}`] = 0;
    metrics[`pause_total_ns_${kind}`] = 0;
  }
  for (const pause of windowPauses) {
    const ns = pause.durationMs * NS_PER_MS;
    metrics[`pauses_${pause.kind}`] += 1;
    metrics[`pause_total_ns_${pause.kind}`] += ns;
    if (ns > metrics[`pause_max_ns_${pause.kind}`]) metrics[`pause_max_ns_${pause.kind}`] = ns;
  }
  for (const kind of GC_KINDS) {
    const durations = windowPauses.filter((pause) => pause.kind === kind).map((pause) => pause.durationMs * NS_PER_MS);
    if (durations.length === 0) continue;
    durations.sort((a, b) => a - b);
    for (const [name, quantile] of PAUSE_PERCENTILES) metrics[`pause_${name}_ns_${kind}`] = nearestRank(durations, quantile);
  }
  const gcTimeNs = unionDurationMs(windowPauses) * NS_PER_MS;
  metrics.gc_time_ns = gcTimeNs;
  metrics.mutator_utilisation = wallNs > 0 ? Math.max(0, 1 - gcTimeNs / wallNs) : 1;
  return metrics;
}
