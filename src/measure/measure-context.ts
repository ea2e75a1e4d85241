/**
 * What the measuring loops need from the thread they run in: the phases, the timer's cost,
 * the run's barrier and the recorder. The workload API's WorkerContext extends it; the
 * loops ask for no more, so they serve a workload's run and a scratch reference timing alike.
 */
import type { CpuCanary } from './cpu-canary.ts';
import type { LatencyRecorder } from './recorder.ts';

export interface Phases {
  warmupNs: number;
  durationNs: number;
  /** When set, the measurement ends after this many operations per thread instead of after `durationNs`. */
  iterations?: number;
}

export interface MeasureContext {
  readonly phases: Phases;
  /** Calibrated cost of one timestamp read, in ns. */
  readonly timerCostNs: number;
  /**
   * Blocks until all threads of this run have called it the same number of times. The
   * harness calls it once before `run`; `measureBatched` calls it once between warm-up and
   * measurement. Every thread must call it equally often.
   */
  barrier(): void;
  /** Raw and coordinated-omission-corrected HDR histograms of this thread, in integer ns. */
  readonly recorder: LatencyRecorder;
  /** Times a reference loop between batches (cpu-canary.ts); absent where nobody reads it. */
  readonly cpuCanary?: CpuCanary;
}
