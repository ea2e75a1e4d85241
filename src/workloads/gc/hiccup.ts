/**
 * A jHiccup-style meter: sleep 1 ms (Atomics.wait with a timeout, so no timer and no
 * event loop is involved), do a small slice of allocation churn, and record how much
 * longer the iteration took than the shortest iteration seen. Whatever stops the thread
 * shows up as a hiccup: GC pauses, but also the OS not scheduling the thread in time,
 * page faults, a noisy neighbour.
 *
 * The churn runs in the same thread, between the sleeps, on purpose. A worker is its own
 * V8 isolate, and a GC pause stops only the isolate's own thread, so a meter in another
 * worker would never see this heap's pauses. And the pauses are triggered by allocation,
 * so they land in the churn slice, not the sleep: the timed iteration therefore covers
 * both. The GC entries of the same window are then matched against the stalls (every
 * iteration that took `stallThresholdNs` or more beyond the shortest); stalls no pause
 * overlaps are counted separately, as the ones GC cannot explain.
 *
 * Each hiccup is recorded with the 1 ms interval as expected interval, so the corrected
 * histogram also holds the samples the meter would have taken during a long stall
 * (coordinated omission), while the raw histogram holds what was measured.
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { latencyKpi } from '../kpis.ts';
import { defineParams, numberParam } from '../params.ts';
import { sleepNs } from '../lib/sync/sleep.ts';
import { aggregateGcMetrics } from './aggregate.ts';
import { ChurnHeap } from './churn.ts';
import { churnShape } from './churn-params.ts';
import { GcPauseLog } from './gc-pauses.ts';
import { PAUSE_METRIC_KEYS, pauseMetrics, pausesInWindow } from './pause-stats.ts';
import { attributeStalls, type Stall } from './stall-attribution.ts';

/**
 * Every so often an iteration also yields to the event loop, so GC entries get delivered.
 * That iteration is measured like the others, on purpose: V8 runs scavenges it has
 * scheduled as tasks (and other GC work) on the event loop, so a turn of it can hold a
 * GC pause, and leaving those iterations out hid every pause from the meter (seen: 8
 * minor pauses up to 6.6 ms, none inside a measured iteration).
 */
const YIELD_EVERY_NS = 100_000_000;
const MAX_STALLS_KEPT = 100_000;
const NS_PER_MS = 1e6;

export default defineWorkload({
  name: 'gc.hiccup',
  category: 'gc',
  tier: 2,
  description: 'jHiccup-style meter: 1 ms sleeps with a modest allocation churn in the same thread; records the overshoot beyond the shortest iteration and counts stalls no GC pause explains.',
  params: defineParams([1], {
    /** The meter's sleep per iteration. */
    intervalNs: numberParam({ min: 10_000, max: 1_000_000_000, default: 1_000_000 }),
    /** An iteration this much longer than the shortest one counts as a stall. */
    stallThresholdNs: numberParam({ min: 1, max: 1e12, default: 1_000_000 }),
    ...churnShape({ allocationMBps: 20, liveSetMB: 16, mutateFractionPerSecond: 0.05 }),
  }),
  kpis: [
    latencyKpi('max_hiccup', 'Longest stall of the hiccup meter beyond its shortest iteration (vmsoak\'s own target, after the GC max-pause KPI).', 100_000_000, {
      statistic: 'max',
    }),
  ],
  metricKeys: PAUSE_METRIC_KEYS,
  async run(ctx) {
    const { intervalNs, stallThresholdNs } = ctx.params;
    const heap = new ChurnHeap(ctx.params);
    const log = new GcPauseLog();
    const recorder = ctx.recorder;
    let shortestNs = Number.POSITIVE_INFINITY;
    const stalls: Stall[] = [];
    const windowMaxima: number[] = [];

    /** Runs the meter until `untilNs`; records only when `measuring`. */
    const meter = async (untilNs: number, measuring: boolean): Promise<void> => {
      heap.start(nowNs());
      let previous = nowNs();
      let nextYieldNs = previous + YIELD_EVERY_NS;
      let windowMax = 0;
      while (previous < untilNs) {
        sleepNs(intervalNs);
        heap.catchUp(nowNs());
        if (previous >= nextYieldNs) {
          await yieldToEventLoop();
          nextYieldNs = previous + YIELD_EVERY_NS;
          if (measuring) windowMaxima.push(windowMax);
          windowMax = 0;
        }
        const now = nowNs();
        const iterationNs = now - previous;
        if (iterationNs < shortestNs) shortestNs = iterationNs;
        const hiccupNs = Math.round(iterationNs - shortestNs);
        if (measuring) {
          recorder.recordWithExpectedInterval(hiccupNs, intervalNs);
          if (hiccupNs > windowMax) windowMax = hiccupNs;
          if (hiccupNs >= stallThresholdNs && stalls.length < MAX_STALLS_KEPT) {
            stalls.push({ startMs: previous / NS_PER_MS, endMs: now / NS_PER_MS, hiccupNs });
          }
        }
        previous = now;
      }
      if (measuring) windowMaxima.push(windowMax);
    };

    await meter(nowNs() + ctx.phases.warmupNs, false);
    ctx.barrier();
    // Duration only: `iterations` would make the meter's length depend on its own stalls.
    const fromNs = nowNs();
    await meter(fromNs + ctx.phases.durationNs, true);
    const toNs = nowNs();
    const pauses = pausesInWindow(await log.stop(), fromNs / NS_PER_MS, toNs / NS_PER_MS);
    const attribution = attributeStalls(stalls, pauses);
    return {
      samples: windowMaxima,
      measuredNs: toNs - fromNs,
      metrics: {
        ...pauseMetrics(pauses, toNs - fromNs),
        shortest_iteration_ns: shortestNs,
        stalls_count: stalls.length,
        gc_explained_stalls_count: attribution.explained,
        unexplained_stalls_count: attribution.unexplained,
        max_unexplained_stall_ns: attribution.maxUnexplainedNs,
        alloc_rate_mbps: heap.achievedMBps(toNs),
      },
    };
  },
  aggregate: (outputs) => aggregateGcMetrics(outputs),
});
