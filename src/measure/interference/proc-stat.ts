/**
 * /proc/stat: cumulative CPU time per CPU since boot, in USER_HZ ticks. The columns are
 * user nice system idle iowait irq softirq steal guest guest_nice; guest time is already
 * inside user and nice, so it is not added again.
 */
import { readTextOrNull, underRoot } from './read-text.ts';

/**
 * USER_HZ, the unit of /proc/stat. It is 100 on every Linux architecture Node.js supports
 * (the kernel fixes it for the user ABI whatever CONFIG_HZ is), and Node has no sysconf().
 */
export const TICKS_PER_SECOND = 100;

export interface CpuTicks {
  /** user + nice + system + irq + softirq: time a CPU ran something. */
  busy: number;
  steal: number;
  /** All columns up to steal: the CPU's whole time. */
  total: number;
}

export interface ProcStat {
  /** The aggregate "cpu" line. */
  all: CpuTicks;
  /** "cpuN" lines by N; an offline CPU has no line. */
  perCpu: Map<number, CpuTicks>;
}

function ticksOf(fields: readonly number[]): CpuTicks {
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  const busy = user + nice + system + irq + softirq;
  return { busy, steal, total: busy + idle + iowait + steal };
}

/** Parses the cpu lines of /proc/stat; null when there is no aggregate "cpu" line. */
export function parseProcStat(text: string): ProcStat | null {
  let all: CpuTicks | null = null;
  const perCpu = new Map<number, CpuTicks>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const [label, ...rest] = line.trim().split(/\s+/);
    const fields = rest.map(Number);
    if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) continue;
    if (label === 'cpu') all = ticksOf(fields);
    else if (/^cpu\d+$/.test(label)) perCpu.set(Number(label.slice(3)), ticksOf(fields));
  }
  return all === null ? null : { all, perCpu };
}

/**
 * The ticks of the given CPUs summed, or of all CPUs when `cpus` is null or names a CPU
 * that has no line (offline or hot-unplugged since: the aggregate is then the honest sum).
 */
export function ticksOfCpus(stat: ProcStat, cpus: readonly number[] | null): CpuTicks {
  if (cpus === null) return stat.all;
  const sum: CpuTicks = { busy: 0, steal: 0, total: 0 };
  for (const cpu of cpus) {
    const ticks = stat.perCpu.get(cpu);
    if (ticks === undefined) return stat.all;
    sum.busy += ticks.busy;
    sum.steal += ticks.steal;
    sum.total += ticks.total;
  }
  return sum;
}

export function readProcStat(root = '/'): ProcStat | null {
  const text = readTextOrNull(underRoot(root, '/proc/stat'));
  return text === null ? null : parseProcStat(text);
}
