/**
 * A WorkerContext whose barrier() also runs a hook once it has passed. measureBatched calls
 * ctx.barrier() exactly once, between its warm-up and calibration and the measured
 * batches, so a workload that counts something inside its op (CAS retries, lock waits)
 * can reset the count there and report the measured phase alone.
 */
import type { BaseParams, WorkerContext } from '../../api.ts';

export function withBarrierHook<P extends BaseParams>(ctx: WorkerContext<P>, afterBarrier: () => void): WorkerContext<P> {
  return {
    workload: ctx.workload,
    threadIndex: ctx.threadIndex,
    threads: ctx.threads,
    params: ctx.params,
    shared: ctx.shared,
    phases: ctx.phases,
    timerCostNs: ctx.timerCostNs,
    recorder: ctx.recorder,
    barrier: () => {
      ctx.barrier();
      afterBarrier();
    },
  };
}
