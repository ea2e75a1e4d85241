/**
 * The facts about the measuring process that every suite result carries. run/environment.ts
 * reads them from the machine; everything above only reads them from a result.
 */
export interface Environment {
  vmsoak: string;
  node: string;
  v8: string;
  cpus: number;
  /** `cpus` bounded by the cgroup CPU quota and cpuset when the process started; absent from results from before it existed. */
  effectiveCpus?: number;
  timerCostNs: number;
  timerResolutionNs: number;
}
