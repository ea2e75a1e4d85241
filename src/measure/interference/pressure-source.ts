/**
 * Which CPU pressure file speaks for this process. /proc/pressure/cpu is node-wide: on a
 * big node, or when this process is pinned to some CPUs, it counts tasks waiting on CPUs
 * the runs never touch, and would call every run disturbed. So, in order:
 *   1. the process's own cgroup v2 `cpu.pressure` (a pod's cgroup: only its tasks count);
 *   2. /proc/pressure/cpu, but only when this process may run on every online CPU;
 *   3. none, with the reason (otherCpus, which is scoped to the allowed CPUs, still judges).
 */
import path from 'node:path';
import type { CgroupMembership } from './cgroup-membership.ts';
import type { CgroupMount } from './cgroup-mounts.ts';
import { CPU_PRESSURE_FILE } from './cpu-pressure.ts';
import { readTextOrNull, underRoot } from './read-text.ts';

export type PressureSource = { file: string; scope: 'cgroup' | 'node' } | { file: null; reason: string };

/** The v2 cgroup directory of a non-root cgroup (the root's cpu.pressure is the node's). */
function ownUnifiedCgroup(membership: CgroupMembership | null, mounts: readonly CgroupMount[] | null): string | null {
  if (membership?.unifiedPath == null || membership.unifiedPath === '/' || mounts === null) return null;
  for (const mount of mounts) {
    if (mount.version !== 2) continue;
    const cgroupPath = membership.unifiedPath;
    if (mount.root !== '/' && !(cgroupPath === mount.root || cgroupPath.startsWith(`${mount.root}/`))) continue;
    const relative = mount.root === '/' ? cgroupPath : cgroupPath.slice(mount.root.length);
    if (relative === '' || relative === '/') continue;
    return path.posix.join(mount.mountPoint, relative);
  }
  return null;
}

export function choosePressureSource(options: {
  root: string;
  membership: CgroupMembership | null;
  mounts: readonly CgroupMount[] | null;
  allowedCpus: readonly number[] | null;
  onlineCpus: number;
}): PressureSource {
  const cgroupDir = ownUnifiedCgroup(options.membership, options.mounts);
  if (cgroupDir !== null) {
    const file = `${cgroupDir}/cpu.pressure`;
    if (readTextOrNull(underRoot(options.root, file)) !== null) return { file, scope: 'cgroup' };
  }
  if (readTextOrNull(underRoot(options.root, CPU_PRESSURE_FILE)) === null) return { file: null, reason: `no ${CPU_PRESSURE_FILE}` };
  const allowed = options.allowedCpus?.length ?? options.onlineCpus;
  if (allowed < options.onlineCpus) {
    return { file: null, reason: `${CPU_PRESSURE_FILE} is node-wide and this process may use only ${allowed} of ${options.onlineCpus} CPUs` };
  }
  return { file: CPU_PRESSURE_FILE, scope: 'node' };
}
