/**
 * The gc.churn-* workloads differ only in their sizes; this builds one from them. Each
 * thread churns its own heap (a worker is its own isolate) at the paced rate, and the GC
 * pauses that start inside the measured window are recorded: every pause into the
 * latency histogram, and per-kind counts, maxima and totals plus mutator utilisation into
 * the metrics.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { getHeapStatistics } from 'node:v8';
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload, type KpiSpec } from '../api.ts';
import { latencyKpi, metricKpi } from '../kpis.ts';
import { defineParams } from '../params.ts';
import { aggregateGcMetrics } from './aggregate.ts';
import { ChurnHeap, type ChurnConfig } from './churn.ts';
import { churnShape } from './churn-params.ts';
import { GcPauseLog } from './gc-pauses.ts';
import { PAUSE_METRIC_KEYS, pauseMetrics, pausesInWindow } from './pause-stats.ts';

/** Allocation happens in slices between 1 ms timer sleeps; each sleep is an event-loop turn that delivers GC entries. */
const SLICE_MS = 1;
const NS_PER_MS = 1e6;

export const GC_KPIS: readonly KpiSpec[] = [
  latencyKpi('max_pause', 'Longest GC pause of any kind during the measurement (seeds: < 100 ms).', 100_000_000, {
    statistic: 'max', severity: 'critical',
  }),
  metricKpi('mutator_utilisation', 'Share of wall time not spent in GC pauses (seeds: GC throughput > 99 %).', 0.99, 'min', 'ratio'),
];

/** Churns until `untilNs`, a slice per timer tick. */
export async function churnUntil(heap: ChurnHeap, untilNs: number): Promise<void> {
  for (let now = nowNs(); now < untilNs; now = nowNs()) {
    heap.catchUp(now);
    await delay(SLICE_MS);
  }
}

export interface ChurnWorkloadSpec extends ChurnConfig {
  name: string;
  description: string;
}

export function defineChurnWorkload(spec: ChurnWorkloadSpec) {
  return defineWorkload({
    name: spec.name,
    category: 'gc',
    tier: 2,
    description: spec.description,
    params: defineParams([1], churnShape(spec)),
    kpis: GC_KPIS,
    metricKeys: PAUSE_METRIC_KEYS,
    async run(ctx) {
      const heap = new ChurnHeap(ctx.params);
      const log = new GcPauseLog();
      heap.start(nowNs());
      await churnUntil(heap, nowNs() + ctx.phases.warmupNs);
      ctx.barrier();
      // `iterations` does not apply: GC pauses are not operations the workload can count
      // out, so the measurement always lasts `durationNs`.
      const fromNs = nowNs();
      heap.start(fromNs);
      await churnUntil(heap, fromNs + ctx.phases.durationNs);
      const toNs = nowNs();
      const pauses = pausesInWindow(await log.stop(), fromNs / NS_PER_MS, toNs / NS_PER_MS);
      const samples: number[] = [];
      for (const pause of pauses) {
        const ns = Math.max(1, Math.round(pause.durationMs * NS_PER_MS));
        ctx.recorder.record(ns);
        samples.push(ns);
      }
      return {
        samples,
        measuredNs: toNs - fromNs,
        metrics: {
          ...pauseMetrics(pauses, toNs - fromNs),
          alloc_rate_mbps: heap.achievedMBps(toNs),
          live_set_mb: (heap.liveNodes * (heap.liveNodeBytes + 8)) / (1024 * 1024),
          live_mutations: heap.mutations,
          garbage_object_bytes: heap.garbageBytes,
          // What the heap took at the end: the basis for sizing resourceLimits.
          heap_total_mb: getHeapStatistics().total_heap_size / (1024 * 1024),
        },
      };
    },
    aggregate: (outputs) => aggregateGcMetrics(outputs),
  });
}
