/**
 * Combines the GC metrics of several threads (each thread is its own heap): maxima stay
 * maxima, counts and times add up, everything else (utilisation, rates) is averaged.
 */
import type { ThreadOutput } from '../api.ts';

function combineRule(key: string): 'max' | 'sum' | 'mean' {
  // A percentile of several threads' pauses is not known from theirs; the largest is an
  // upper bound of it (and the GC workloads run one thread by default).
  if (key.startsWith('pause_max_ns_') || key.startsWith('max_') || /^pause_p\d+_ns_/.test(key)) return 'max';
  if (key.startsWith('pauses_') || key.startsWith('pause_total_ns_') || key === 'gc_time_ns' || key.endsWith('_count')) {
    return 'sum';
  }
  return 'mean';
}

export function aggregateGcMetrics(outputs: readonly ThreadOutput[]): Record<string, number> {
  const combined: Record<string, number> = {};
  const seen: Record<string, number> = {};
  for (const output of outputs) {
    for (const [key, value] of Object.entries(output.metrics ?? {})) {
      const rule = combineRule(key);
      if (!(key in combined)) {
        combined[key] = value;
      } else if (rule === 'max') {
        combined[key] = Math.max(combined[key], value);
      } else {
        combined[key] += value;
      }
      seen[key] = (seen[key] ?? 0) + 1;
    }
  }
  for (const key of Object.keys(combined)) {
    if (combineRule(key) === 'mean') combined[key] /= seen[key];
  }
  return combined;
}
