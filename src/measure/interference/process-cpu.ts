/**
 * CPU time of another process of this tree, from /proc/<pid>/stat. A runner process reads
 * its daemon's this way: the daemon (HTTP, scrapes, the results log) is part of vmsoak, so
 * its CPU must not count as "other processes" in the runner's interference reading.
 */
import { readTextOrNull, underRoot } from './read-text.ts';
import { TICKS_PER_SECOND } from './proc-stat.ts';

/**
 * utime + stime (fields 14 and 15) of a /proc/<pid>/stat line, in µs; null when the line
 * cannot be parsed. The command name (field 2) may hold spaces and parentheses, so fields
 * are counted from the last ')'.
 */
export function parseProcessCpuUsec(text: string): number | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state), so utime (14) and stime (15) are fields[11] and fields[12].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return ((utime + stime) / TICKS_PER_SECOND) * 1e6;
}

/** The CPU time of process `pid` in µs, or null when /proc/<pid>/stat is unreadable (gone, another OS). */
export function readProcessCpuUsec(root: string, pid: number): number | null {
  const text = readTextOrNull(underRoot(root, `/proc/${pid}/stat`));
  return text === null ? null : parseProcessCpuUsec(text);
}
