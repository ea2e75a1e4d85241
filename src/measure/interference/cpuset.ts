/**
 * The CPUs a cgroup's cpuset grants: cpuset.cpus.effective in v2, cpuset.effective_cpus
 * in v1 (cpuset.cpus on kernels without it). In v2 a cgroup without the cpuset controller
 * enabled has no such file and inherits its parent's set, so the nearest ancestor with one
 * decides.
 */
import { cgroupAncestry, type CgroupDirectory } from './cgroup-location.ts';
import { parseCpuList } from './cpu-list.ts';
import { readTextOrNull, underRoot } from './read-text.ts';

const FILES: Readonly<Record<1 | 2, readonly string[]>> = {
  1: ['cpuset.effective_cpus', 'cpuset.cpus'],
  2: ['cpuset.cpus.effective'],
};

/** The CPU numbers of the cpuset; null when no readable, non-empty list was found. */
export function readCpusetCpus(root: string, cgroup: CgroupDirectory): number[] | null {
  for (const dir of cgroupAncestry(cgroup)) {
    for (const file of FILES[cgroup.version]) {
      const text = readTextOrNull(underRoot(root, `${dir}/${file}`));
      const cpus = text === null ? null : parseCpuList(text);
      if (cpus !== null && cpus.length > 0) return cpus;
    }
  }
  return null;
}
