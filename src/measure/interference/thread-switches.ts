/**
 * Involuntary context switches of the calling thread: how often the scheduler took the
 * CPU away from it while it still wanted to run. Read in each worker thread through
 * /proc/thread-self/status (Linux 3.17+), which, unlike /proc/self/status, is the
 * calling thread's own counter.
 */
import { readTextOrNull, underRoot } from './read-text.ts';

export const THREAD_STATUS_FILE = '/proc/thread-self/status';

/** The `nonvoluntary_ctxt_switches` count of a status file; null when it has none. */
export function parseInvoluntarySwitches(statusText: string): number | null {
  const match = /^nonvoluntary_ctxt_switches:\s*(\d+)\s*$/m.exec(statusText);
  return match ? Number(match[1]) : null;
}

export function readThreadInvoluntarySwitches(root = '/'): number | null {
  const text = readTextOrNull(underRoot(root, THREAD_STATUS_FILE));
  return text === null ? null : parseInvoluntarySwitches(text);
}
