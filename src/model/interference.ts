/**
 * What else the node did while a run executed, read before and after the run (never during
 * it). Raw deltas come first (the counters a metrics exporter accumulates), then the
 * ratios a judgement compares with thresholds. A field whose source this node lacks is
 * null and `unavailable` says why; 0 always means "measured, and none".
 */

/** The sources a reading comes from; each can be missing on its own. */
export type InterferenceSource = 'procStat' | 'cgroupCpu' | 'psi' | 'threadStatus' | 'schedstat' | 'canary';

export interface Interference {
  /** Seconds between the before and after readings: the run's worker start-up, warm-up, measurement and teardown. */
  windowSeconds: number;
  /** CPU seconds vmsoak used in the window: this process (all its threads, process.cpuUsage()) plus, in a runner, its daemon (/proc/<pid>/stat). */
  ownCpuSeconds: number;
  /**
   * CPU seconds that everything else used on the CPUs this process may run on: the busy
   * time (/proc/stat user+nice+system+irq+softirq) of those CPUs less `ownCpuSeconds`,
   * floored at 0. /proc/stat counts in 10 ms ticks per CPU, so expect ±0.01 s per CPU.
   */
  otherCpuSeconds: number | null;
  /** `otherCpuSeconds / windowSeconds`: how many CPUs other processes kept busy on average (0.9 = 0.9 of one CPU). */
  otherCpus: number | null;
  /** How many CPUs `otherCpus` was summed over: those this process may run on (its affinity). */
  cpusWatched: number | null;
  /** CPU seconds the hypervisor gave to other guests on those CPUs (/proc/stat steal). */
  stealSeconds: number | null;
  /** `stealSeconds` over all the time of those CPUs in the window, 0..1. */
  stealRatio: number | null;
  /** CFS enforcement periods that elapsed for this process's cgroup (cpu.stat nr_periods); 0 when no quota is set. */
  periods: number | null;
  /** Of those, the periods in which the cgroup had used its quota and was throttled (cpu.stat nr_throttled). */
  throttledPeriods: number | null;
  /** Seconds the cgroup's tasks spent throttled (cpu.stat throttled_usec in v2, throttled_time in ns in v1). */
  throttledSeconds: number | null;
  /** `throttledPeriods / periods`, 0..1; 0 when no period elapsed. */
  throttledRatio: number | null;
  /** Seconds in which at least one task on the node waited for a CPU (/proc/pressure/cpu `some` total). */
  cpuPressureSeconds: number | null;
  /** `cpuPressureSeconds / windowSeconds`, 0..1. */
  cpuPressureRatio: number | null;
  /** Times the run's own worker threads were preempted (nonvoluntary_ctxt_switches), summed over the threads, from just before the start barrier until the workload returned. */
  involuntarySwitches: number | null;
  /** `involuntarySwitches` per second of one thread's measured wall time (summed over threads). */
  involuntarySwitchesPerSecond: number | null;
  /**
   * Seconds the run's own worker threads were ready to run but waited for a CPU, summed over
   * the threads (/proc/thread-self/schedstat), from the start barrier until the workload
   * returned. Absent in results from before it was read.
   */
  runQueueWaitSeconds?: number | null;
  /** `runQueueWaitSeconds` over the threads' summed wall time, 0..1: the share of the run its threads lost to waiting. */
  runQueueWaitRatio?: number | null;
  /**
   * The part of `runQueueWaitRatio` other processes can have caused: the wait, capped at the
   * CPU time other processes used on the watched CPUs (`otherCpuSeconds`, once per thread).
   * The rest is the run's own process: its main thread, V8's compiler and GC threads, which
   * a run pinned to one CPU waits for on every run. Equal to `runQueueWaitRatio` where
   * `otherCpuSeconds` is unavailable. What the judgement compares with maxRunQueueWaitRatio.
   */
  runQueueWaitOnOthersRatio?: number | null;
  /**
   * Share of the run in which the CPU itself ran slow: of the reference-loop timings taken
   * between the workload's batches (src/measure/cpu-canary.ts), those more than 1.25x the
   * run's fast ones, for the worst thread. A host that halves a vCPU's speed shows here and
   * nowhere else. Null for workloads that time no batches; absent in results from before it
   * was measured.
   */
  slowCpuShare?: number | null;
  /** For each missing source, why it is missing (e.g. `psi: 'no /proc/pressure/cpu'`). */
  unavailable: Partial<Record<InterferenceSource, string>>;
}
