/**
 * Run-queue wait of the calling thread: the time it was ready to run but waited for a CPU
 * (/proc/thread-self/schedstat, second field, ns; CONFIG_SCHED_INFO). Unlike node-wide
 * readings, it is what the run's own threads suffered, whatever the node's size, the
 * process's pinning or the cause (another process, a sibling thread, the hypervisor).
 */
import { readTextOrNull, underRoot } from './read-text.ts';

export const THREAD_SCHEDSTAT_FILE = '/proc/thread-self/schedstat';

/** The run-queue wait in ns of a schedstat line ("<on-cpu ns> <wait ns> <timeslices>"); null when malformed. */
export function parseRunQueueWaitNs(text: string): number | null {
  const fields = text.trim().split(/\s+/);
  if (fields.length < 3) return null;
  const waitNs = Number(fields[1]);
  return Number.isFinite(waitNs) && waitNs >= 0 ? waitNs : null;
}

export function readThreadRunQueueWaitNs(root = '/'): number | null {
  const text = readTextOrNull(underRoot(root, THREAD_SCHEDSTAT_FILE));
  return text === null ? null : parseRunQueueWaitNs(text);
}
