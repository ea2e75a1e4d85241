/**
 * Whether a run's figures can be trusted as a measurement of the runtime. Only `judged`
 * runs may move KPI state, baselines, change points and regression verdicts; the others
 * are kept and shown with their reason.
 */

/**
 * - `failed`: the run did not complete (error, timeout, out of memory, exit).
 * - `oversubscribed`: more threads than effective CPUs, so the threads measured the scheduler.
 * - `disturbed`: interference beyond a threshold (other processes, steal, throttling, pressure, a slowed CPU).
 * - `judged`: none of these.
 * When several apply, the first in this list wins.
 */
export type JudgementState = 'judged' | 'disturbed' | 'oversubscribed' | 'failed';

export interface Judgement {
  state: JudgementState;
  /** One line naming the cause(s), e.g. "other processes used 0.9 CPU"; null when judged. */
  reason: string | null;
}

/** Interference a run tolerates and stays `judged`; see docs/judgement.md for how the defaults were measured. */
export interface JudgementThresholds {
  /** CPUs that other processes may keep busy on this run's CPUs (Interference.otherCpus). */
  maxOtherCpus: number;
  /** Share of CPU time stolen by the hypervisor (Interference.stealRatio), 0..1. */
  maxStealRatio: number;
  /** Share of CFS periods in which the cgroup was throttled (Interference.throttledRatio), 0..1. */
  maxThrottledRatio: number;
  /** Share of the run in which some task waited for a CPU (Interference.cpuPressureRatio), 0..1. */
  maxCpuPressureRatio: number;
  /** Preemptions per thread-second of the run's threads (Interference.involuntarySwitchesPerSecond); null: not judged on it. */
  maxInvoluntarySwitchesPerSecond: number | null;
  /** Share of the run threads' time spent waiting for CPUs other processes used (Interference.runQueueWaitOnOthersRatio), 0..1; null: not judged on it. */
  maxRunQueueWaitRatio: number | null;
  /** Share of the run in which the CPU itself ran slow (Interference.slowCpuShare), 0..1; null: not judged on it. */
  maxSlowCpuShare: number | null;
}
