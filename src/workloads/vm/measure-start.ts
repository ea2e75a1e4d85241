/**
 * measureBatched and measureInterleaved call `ctx.barrier()` exactly once, between warm-up
 * and measurement. A context whose barrier also runs `onStart` lets a workload reset its
 * counters (TLB, cache statistics) at that moment, so they cover the measured phase only.
 */
import type { BaseParams, WorkerContext } from '../api.ts';

export function onMeasureStart<P extends BaseParams>(ctx: WorkerContext<P>, onStart: () => void): WorkerContext<P> {
  return {
    workload: ctx.workload,
    threadIndex: ctx.threadIndex,
    threads: ctx.threads,
    params: ctx.params,
    shared: ctx.shared,
    phases: ctx.phases,
    timerCostNs: ctx.timerCostNs,
    recorder: ctx.recorder,
    barrier(): void {
      ctx.barrier();
      onStart();
    },
  };
}
