/**
 * Where the cgroup hierarchies are mounted, from /proc/self/mountinfo. A container may
 * mount them anywhere, a hybrid node has v1 controllers beside a v2 mount at
 * /sys/fs/cgroup/unified, and without a cgroup namespace the mount's root is the
 * container's own cgroup rather than "/", so /sys/fs/cgroup cannot simply be assumed.
 */
import { readTextOrNull, underRoot } from './read-text.ts';

export interface CgroupMount {
  version: 1 | 2;
  /** The cgroup the mount shows at its mount point (mountinfo field 4). */
  root: string;
  mountPoint: string;
  /** For v1, the controllers bound to the hierarchy (from the super options); [] for v2. */
  controllers: string[];
}

/** mountinfo escapes space, tab, newline and backslash as 3-digit octal. */
function unescapeOctal(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(Number.parseInt(octal, 8)));
}

export function parseCgroupMounts(text: string): CgroupMount[] {
  const mounts: CgroupMount[] = [];
  for (const line of text.split('\n')) {
    // Optional fields of variable number precede the " - " separator.
    const separator = line.indexOf(' - ');
    if (separator < 0) continue;
    const before = line.slice(0, separator).split(' ');
    const [fsType, , superOptions = ''] = line.slice(separator + 3).split(' ');
    if (before.length < 5 || (fsType !== 'cgroup' && fsType !== 'cgroup2')) continue;
    mounts.push({
      version: fsType === 'cgroup2' ? 2 : 1,
      root: unescapeOctal(before[3]),
      mountPoint: unescapeOctal(before[4]),
      controllers: fsType === 'cgroup2' ? [] : superOptions.split(','),
    });
  }
  return mounts;
}

export function readCgroupMounts(root = '/'): CgroupMount[] | null {
  const text = readTextOrNull(underRoot(root, '/proc/self/mountinfo'));
  return text === null ? null : parseCgroupMounts(text);
}
