/**
 * The CPUs a run can really use: the host's count as the scheduler offers it
 * (os.availableParallelism(), which honours the affinity mask), bounded by the cgroup's
 * CPU quota and its cpuset. A pod limited to 2 CPUs on a 64-core node has 2.
 */

export interface CpuLimits {
  /** os.availableParallelism(). */
  available: number;
  /** The tightest quota of the cgroup and its ancestors, in CPUs; null when there is none. */
  quotaCpus: number | null;
  /** CPUs in the cgroup's effective cpuset; null when unknown. */
  cpusetCpus: number | null;
}

/**
 * The smallest of the limits. A quota can be fractional (1.5 CPUs lets 2 threads run only
 * three quarters of the time), so it is kept to two decimals rather than rounded up.
 */
export function effectiveCpus(limits: CpuLimits): number {
  let cpus = limits.available;
  if (limits.quotaCpus !== null) cpus = Math.min(cpus, Math.round(limits.quotaCpus * 100) / 100);
  if (limits.cpusetCpus !== null && limits.cpusetCpus > 0) cpus = Math.min(cpus, limits.cpusetCpus);
  // A quota below 0.01 CPU still runs the process.
  return Math.max(cpus, 0.01);
}
