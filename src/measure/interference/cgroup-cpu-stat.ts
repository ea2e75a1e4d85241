/**
 * The CFS bandwidth counters of a cgroup's cpu.stat. cgroup v2 has nr_periods,
 * nr_throttled and throttled_usec; v1 has nr_periods, nr_throttled and throttled_time in
 * ns. The v2 file of a cgroup without the cpu controller enabled has only the usage lines.
 */
import { readTextOrNull, underRoot } from './read-text.ts';

export interface CgroupThrottling {
  periods: number;
  throttledPeriods: number;
  throttledUsec: number;
}

/** Parses either version's cpu.stat; null when it has no throttling counters. */
export function parseCgroupCpuStat(text: string): CgroupThrottling | null {
  const fields = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) fields.set(key, Number(value));
  }
  const periods = fields.get('nr_periods');
  const throttledPeriods = fields.get('nr_throttled');
  const v2Usec = fields.get('throttled_usec');
  const v1Ns = fields.get('throttled_time');
  const throttledUsec = v2Usec ?? (v1Ns === undefined ? undefined : v1Ns / 1000);
  if (periods === undefined || throttledPeriods === undefined || throttledUsec === undefined) return null;
  return { periods, throttledPeriods, throttledUsec };
}

export function readCgroupThrottling(root: string, cgroupDir: string): CgroupThrottling | null {
  const text = readTextOrNull(underRoot(root, `${cgroupDir}/cpu.stat`));
  return text === null ? null : parseCgroupCpuStat(text);
}
