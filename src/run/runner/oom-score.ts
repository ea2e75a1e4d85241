/**
 * Makes this process the kernel OOM killer's first choice: when the node or the pod's
 * cgroup runs out of memory, the runner dies (a `crash` the daemon records) and the daemon,
 * with /metrics and the history, stays. Raising one's own oom_score_adj needs no privilege.
 */
import { writeFileSync } from 'node:fs';

const MOST_LIKELY = 1000;

/** False off Linux or where /proc is read-only. */
export function preferOwnOomKill(): boolean {
  try {
    writeFileSync('/proc/self/oom_score_adj', String(MOST_LIKELY));
    return true;
  } catch {
    return false;
  }
}
