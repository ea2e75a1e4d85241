/**
 * Resident memory read from Linux's /proc: another process's current RSS (the parent
 * watching its runner) and this process's peak since the last reset (the runner timing
 * one run). Elsewhere the readers return null and the callers do without.
 */
import { readFileSync, writeFileSync } from 'node:fs';

function statusField(pid: number | 'self', field: 'VmRSS' | 'VmHWM'): number | null {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status);
  return match === null ? null : Number(match[1]) * 1024;
}

/** Current resident set of a process in bytes; null off Linux or once the process is gone. */
export function readRssBytes(pid: number): number | null {
  return statusField(pid, 'VmRSS');
}

/**
 * Starts a new peak for this process: writing 5 to clear_refs resets VmHWM to the current
 * RSS (Linux ≥ 4.0). False where that is not possible.
 */
export function resetOwnPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/**
 * This process's peak resident set in bytes: since the last resetOwnPeakRss() on Linux,
 * else since the process started (getrusage's maxrss).
 */
export function ownPeakRssBytes(): number {
  return statusField('self', 'VmHWM') ?? process.resourceUsage().maxRSS * 1024;
}
