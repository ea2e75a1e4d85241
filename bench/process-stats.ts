/**
 * CPU time and resident memory of another process, read from Linux's /proc without
 * touching the process: asking the daemon itself (a scrape) would cost it CPU inside the
 * very window being measured.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** True where /proc/<pid>/stat can be read (Linux). */
export function canReadProcessStats(pid: number): boolean {
  return existsSync(`/proc/${pid}/stat`);
}

let ticksPerSecond: number | null = null;

/** USER_HZ, the unit of utime and stime; 100 on every common Linux build. */
function clockTicksPerSecond(): number {
  if (ticksPerSecond === null) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** User plus system CPU time of all threads of the process so far, in seconds. */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may contain spaces; fields after the
  // last ')' start at field 3 (state). utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond();
}

/** Resolution of processCpuSeconds, in seconds. */
export function cpuTickSeconds(): number {
  return 1 / clockTicksPerSecond();
}

/** Resident set size in bytes (VmRSS). */
export function processRssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (match === null) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

/** The pids whose parent is `parent` (a daemon's runners), from each process's /proc/<pid>/stat. */
export function childPids(parent: number): number[] {
  const children: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      // After the command name (in parentheses, may contain spaces): state, then ppid.
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) children.push(Number(name));
    } catch {
      // exited meanwhile
    }
  }
  return children;
}
