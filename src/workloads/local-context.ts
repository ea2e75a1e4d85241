/**
 * A single-thread WorkerContext for running a workload's measuring code in the current
 * thread: unit tests and the benchmark use it instead of a worker pool. The barrier returns
 * at once (there is nobody to wait for) and counts its calls so tests can check them.
 */
import { CpuCanary } from '../measure/cpu-canary.ts';
import { LatencyRecorder } from '../measure/recorder.ts';
import type { BaseParams, Phases, WorkerContext } from './api.ts';

export interface LocalContextOptions<P extends BaseParams> {
  phases: Phases;
  /** Cost of one timer read, usually `calibrateClock().timerCostNs`. */
  timerCostNs: number;
  params?: P;
  workload?: string;
  sharedBytes?: number;
}

export interface LocalContext<P extends BaseParams> extends WorkerContext<P> {
  /** How often `barrier()` was called. */
  readonly barrierCalls: number;
}

/** Needs `await initHdr()` first (it creates a LatencyRecorder); `recorder.destroy()` when done. */
export function createLocalContext<P extends BaseParams = BaseParams>(
  options: LocalContextOptions<P>,
): LocalContext<P> {
  let barrierCalls = 0;
  return {
    workload: options.workload ?? 'local',
    threadIndex: 0,
    threads: 1,
    params: options.params ?? ({ threads: [1] } as BaseParams as P),
    shared: new SharedArrayBuffer(options.sharedBytes ?? 0),
    phases: options.phases,
    timerCostNs: options.timerCostNs,
    barrier(): void {
      barrierCalls++;
    },
    get barrierCalls(): number {
      return barrierCalls;
    },
    recorder: new LatencyRecorder(),
    cpuCanary: new CpuCanary(),
  };
}
