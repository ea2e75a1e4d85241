/**
 * The CPUs the scheduler may run this process on (sched_getaffinity), as
 * /proc/self/status lists them. Worker threads inherit the main thread's mask, so it is
 * the set of CPUs whose /proc/stat lines matter for the run.
 */
import { parseCpuList } from './cpu-list.ts';
import { readTextOrNull, underRoot } from './read-text.ts';

/** The CPUs of the `Cpus_allowed_list` field; null when the status text has none. */
export function parseCpusAllowed(statusText: string): number[] | null {
  const match = /^Cpus_allowed_list:\s*(.*)$/m.exec(statusText);
  return match ? parseCpuList(match[1]) : null;
}

export function readCpusAllowed(root = '/'): number[] | null {
  const text = readTextOrNull(underRoot(root, '/proc/self/status'));
  return text === null ? null : parseCpusAllowed(text);
}
