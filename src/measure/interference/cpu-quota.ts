/**
 * A cgroup's CPU bandwidth limit in CPUs: quota per period. cgroup v2 writes both in
 * cpu.max ("200000 100000", or "max 100000" for none); v1 has cpu.cfs_quota_us (-1 for
 * none) and cpu.cfs_period_us.
 */
import { cgroupAncestry, type CgroupDirectory } from './cgroup-location.ts';
import { readTextOrNull, underRoot } from './read-text.ts';

/** CPUs allowed by a v2 cpu.max; null when unlimited ("max") or unreadable. */
export function parseCpuMax(text: string): number | null {
  const [quota, period] = text.trim().split(/\s+/);
  if (quota === 'max' || quota === undefined || period === undefined) return null;
  return quotaCpus(Number(quota), Number(period));
}

/** CPUs allowed by v1 cpu.cfs_quota_us and cpu.cfs_period_us; null when unlimited (-1) or unreadable. */
export function parseCfsQuota(quotaText: string, periodText: string): number | null {
  return quotaCpus(Number(quotaText.trim()), Number(periodText.trim()));
}

function quotaCpus(quota: number, period: number): number | null {
  if (!Number.isFinite(quota) || !Number.isFinite(period) || quota <= 0 || period <= 0) return null;
  return quota / period;
}

/** The quota of one cgroup directory, in CPUs; null when it sets none or the files are missing. */
function quotaOfDirectory(root: string, version: 1 | 2, dir: string): number | null {
  if (version === 2) {
    const cpuMax = readTextOrNull(underRoot(root, `${dir}/cpu.max`));
    return cpuMax === null ? null : parseCpuMax(cpuMax);
  }
  const quota = readTextOrNull(underRoot(root, `${dir}/cpu.cfs_quota_us`));
  const period = readTextOrNull(underRoot(root, `${dir}/cpu.cfs_period_us`));
  return quota === null || period === null ? null : parseCfsQuota(quota, period);
}

/**
 * The tightest quota on the cgroup or any ancestor up to the mount point, in CPUs; null
 * when none sets one. Kubernetes puts the limit on the container's cgroup and the pod's
 * cgroup above it, and either may be the smaller.
 */
export function readQuotaCpus(root: string, cgroup: CgroupDirectory): number | null {
  let tightest: number | null = null;
  for (const dir of cgroupAncestry(cgroup)) {
    const cpus = quotaOfDirectory(root, cgroup.version, dir);
    if (cpus !== null && (tightest === null || cpus < tightest)) tightest = cpus;
  }
  return tightest;
}
