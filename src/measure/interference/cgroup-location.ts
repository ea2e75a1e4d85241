/**
 * The directory of this process's cgroup for one controller ("cpu" or "cpuset"), in the
 * hierarchy that controller is bound to: a v1 hierarchy when one has it (a controller
 * bound to v1 is absent from v2, as on hybrid nodes), else the unified v2 hierarchy.
 */
import path from 'node:path';
import type { CgroupMembership } from './cgroup-membership.ts';
import type { CgroupMount } from './cgroup-mounts.ts';

export interface CgroupDirectory {
  version: 1 | 2;
  /** Absolute path of the process's cgroup directory (before any test root is prepended). */
  dir: string;
  /** The hierarchy's mount point: the highest ancestor that can be read. */
  mountPoint: string;
}

/** The cgroup path as seen under a mount whose root is `mountRoot`; null when the cgroup is outside the mount. */
function relativeToMount(cgroupPath: string, mountRoot: string): string | null {
  if (mountRoot === '/') return cgroupPath;
  if (cgroupPath === mountRoot) return '/';
  if (cgroupPath.startsWith(`${mountRoot}/`)) return cgroupPath.slice(mountRoot.length);
  return null;
}

function directoryIn(mount: CgroupMount, cgroupPath: string): CgroupDirectory | null {
  const relative = relativeToMount(cgroupPath, mount.root);
  if (relative === null) return null;
  const dir = relative === '/' ? mount.mountPoint : path.posix.join(mount.mountPoint, relative).replace(/\/$/, '');
  return { version: mount.version, dir, mountPoint: mount.mountPoint };
}

export function locateCgroup(
  controller: 'cpu' | 'cpuset', membership: CgroupMembership, mounts: readonly CgroupMount[],
): CgroupDirectory | null {
  const v1Path = membership.v1Paths.get(controller);
  if (v1Path !== undefined) {
    for (const mount of mounts) {
      if (mount.version !== 1 || !mount.controllers.includes(controller)) continue;
      const found = directoryIn(mount, v1Path);
      if (found) return found;
    }
  }
  if (membership.unifiedPath !== null) {
    for (const mount of mounts) {
      if (mount.version !== 2) continue;
      const found = directoryIn(mount, membership.unifiedPath);
      if (found) return found;
    }
  }
  return null;
}

/** The cgroup's directory and each ancestor's up to the mount point: a limit set on any of them applies. */
export function cgroupAncestry(cgroup: CgroupDirectory): string[] {
  const dirs = [cgroup.dir];
  let dir = cgroup.dir;
  while (dir !== cgroup.mountPoint && dir.startsWith(`${cgroup.mountPoint}/`)) {
    dir = path.posix.dirname(dir);
    dirs.push(dir);
  }
  return dirs;
}
