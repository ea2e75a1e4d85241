/**
 * /proc/self/cgroup: which cgroup this process is in, per hierarchy. Each line is
 * `hierarchy-id:controllers:path`; the cgroup v2 (unified) line is `0::path`, a v1 line
 * names its controllers (`4:cpu,cpuacct:/kubepods/...`).
 */
import { readTextOrNull, underRoot } from './read-text.ts';

export interface CgroupMembership {
  /** The path in the unified (v2) hierarchy; null on a v1-only node. */
  unifiedPath: string | null;
  /** The path in each v1 hierarchy, by controller name ("cpu", "cpuset", "name=systemd", ...). */
  v1Paths: Map<string, string>;
}

export function parseCgroupMembership(text: string): CgroupMembership {
  let unifiedPath: string | null = null;
  const v1Paths = new Map<string, string>();
  for (const line of text.split('\n')) {
    // The path may itself contain ':', so split on the first two only.
    const first = line.indexOf(':');
    const second = first < 0 ? -1 : line.indexOf(':', first + 1);
    if (second < 0) continue;
    const controllers = line.slice(first + 1, second);
    const cgroupPath = line.slice(second + 1).trim();
    if (line.slice(0, first) === '0' && controllers === '') unifiedPath = cgroupPath;
    else for (const controller of controllers.split(',')) if (controller !== '') v1Paths.set(controller, cgroupPath);
  }
  return { unifiedPath, v1Paths };
}

export function readCgroupMembership(root = '/'): CgroupMembership | null {
  const text = readTextOrNull(underRoot(root, '/proc/self/cgroup'));
  return text === null ? null : parseCgroupMembership(text);
}
