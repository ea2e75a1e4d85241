/**
 * Reads the node's interference counters at one instant. The cgroup directories and the
 * CPU set are located once, when the probe is made; each reading is then a handful of
 * small procfs/cgroupfs reads (see docs/judgement.md for its measured cost), taken before
 * and after a run and never during it.
 */
import os from 'node:os';
import type { InterferenceSource } from '../../model/interference.ts';
import { nowNs } from '../clock.ts';
import { readCgroupThrottling, type CgroupThrottling } from './cgroup-cpu-stat.ts';
import { locateCgroup, type CgroupDirectory } from './cgroup-location.ts';
import { readCgroupMembership } from './cgroup-membership.ts';
import { readCgroupMounts } from './cgroup-mounts.ts';
import { readCpusAllowed } from './cpu-affinity.ts';
import { readCpuPressureSomeUsec } from './cpu-pressure.ts';
import { choosePressureSource, type PressureSource } from './pressure-source.ts';
import { readQuotaCpus } from './cpu-quota.ts';
import { readCpusetCpus } from './cpuset.ts';
import type { CpuLimits } from './effective-cpus.ts';
import { readProcStat, ticksOfCpus, type CpuTicks } from './proc-stat.ts';
import { readProcessCpuUsec } from './process-cpu.ts';

export interface InterferenceReading {
  /** nowNs() at the reading. */
  atNs: number;
  /** This process's user + system CPU time, µs (all threads). */
  ownCpuUsec: number;
  /** /proc/stat ticks summed over the CPUs the process may run on. */
  ticks: CpuTicks | null;
  /** How many CPUs `ticks` sums: the CPUs this process may run on. */
  cpusWatched: number | null;
  throttling: CgroupThrottling | null;
  cpuPressureUsec: number | null;
  /** Why each null source above is null. */
  unavailable: Partial<Record<InterferenceSource, string>>;
}

export interface ProbeOptions {
  /** The file-system root procfs and cgroupfs are read under; a fixture tree in tests. */
  root?: string;
  /** This process tree's CPU time in µs; process.cpuUsage() by default. */
  ownCpuUsec?: () => number;
}

function processCpuUsec(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

export class InterferenceProbe {
  readonly #root: string;
  readonly #ownCpuUsec: () => number;
  readonly #cpus: number[] | null;
  readonly #cpuCgroup: CgroupDirectory | null;
  readonly #cpusetCgroup: CgroupDirectory | null;
  readonly #cgroupMissing: string;
  readonly #pressure: PressureSource;

  constructor(options: ProbeOptions = {}) {
    this.#root = options.root ?? '/';
    this.#ownCpuUsec = options.ownCpuUsec ?? processCpuUsec;
    this.#cpus = readCpusAllowed(this.#root);
    const membership = readCgroupMembership(this.#root);
    const mounts = readCgroupMounts(this.#root);
    this.#cpuCgroup = membership && mounts ? locateCgroup('cpu', membership, mounts) : null;
    this.#cpusetCgroup = membership && mounts ? locateCgroup('cpuset', membership, mounts) : null;
    const onlineCpus = readProcStat(this.#root)?.perCpu.size ?? os.cpus().length;
    this.#pressure = choosePressureSource({ root: this.#root, membership, mounts, allowedCpus: this.#cpus, onlineCpus });
    if (membership === null) this.#cgroupMissing = 'no /proc/self/cgroup';
    else if (mounts === null) this.#cgroupMissing = 'no /proc/self/mountinfo';
    else if (this.#cpuCgroup === null) this.#cgroupMissing = 'no mounted cgroup hierarchy with the cpu controller';
    else this.#cgroupMissing = `no CFS throttling counters in ${this.#cpuCgroup.dir}/cpu.stat`;
  }

  /** The CPUs whose /proc/stat lines are summed; null means the aggregate line. */
  get cpus(): readonly number[] | null {
    return this.#cpus;
  }

  /** Where CPU pressure is read from, or why it is not. */
  get pressureSource(): PressureSource {
    return this.#pressure;
  }

  read(): InterferenceReading {
    const unavailable: Partial<Record<InterferenceSource, string>> = {};
    const stat = readProcStat(this.#root);
    if (stat === null) unavailable.procStat = 'no /proc/stat';
    const throttling = this.#cpuCgroup === null ? null : readCgroupThrottling(this.#root, this.#cpuCgroup.dir);
    if (throttling === null) unavailable.cgroupCpu = this.#cgroupMissing;
    const cpuPressureUsec = this.#pressure.file === null ? null : readCpuPressureSomeUsec(this.#root, this.#pressure.file);
    if (cpuPressureUsec === null) unavailable.psi = this.#pressure.file === null ? this.#pressure.reason : `cannot read ${this.#pressure.file}`;
    return {
      atNs: nowNs(),
      ownCpuUsec: this.#ownCpuUsec(),
      ticks: stat === null ? null : ticksOfCpus(stat, this.#cpus),
      cpusWatched: stat === null ? null : this.#cpus?.length ?? stat.perCpu.size,
      throttling,
      cpuPressureUsec,
      unavailable,
    };
  }

  /** The limits effective CPUs are computed from, read now (a quota can be changed on a running pod). */
  cpuLimits(available = os.availableParallelism()): CpuLimits {
    const cpuset = this.#cpusetCgroup === null ? null : readCpusetCpus(this.#root, this.#cpusetCgroup);
    return {
      available,
      quotaCpus: this.#cpuCgroup === null ? null : readQuotaCpus(this.#root, this.#cpuCgroup),
      cpusetCpus: cpuset === null ? null : cpuset.length,
    };
  }
}

let defaultProbe: InterferenceProbe | null = null;

/**
 * Set by the daemon in a runner's environment: the daemon's pid, whose CPU time belongs to
 * this process tree (a scrape served meanwhile is vmsoak's own work, not a neighbour's).
 */
export const DAEMON_PID_ENV = 'VMSOAK_DAEMON_PID';

/** This process's CPU time plus, in a runner, its daemon's. */
function treeCpuUsec(daemonPid: number): () => number {
  return () => processCpuUsec() + (readProcessCpuUsec('/', daemonPid) ?? 0);
}

/** The probe of this process (and its daemon, in a runner) on the real '/', made on first use. */
export function interferenceProbe(env: NodeJS.ProcessEnv = process.env): InterferenceProbe {
  const daemonPid = Number(env[DAEMON_PID_ENV]);
  defaultProbe ??= new InterferenceProbe(Number.isInteger(daemonPid) && daemonPid > 0 ? { ownCpuUsec: treeCpuUsec(daemonPid) } : {});
  return defaultProbe;
}
