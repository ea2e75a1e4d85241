/** Other processes as the tests see them: alive or not, and whose children they are. */
/** The daemon's runners: the benchmarks' lister, one reading of /proc for both. */
export { childPids } from '../../bench/process-stats.ts';

/** True while `pid` exists (EPERM: it exists, but belongs to someone else). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whatever a failed test left running: the process, by its own pid only. */
export function killIfAlive(pid: number | undefined): void {
  if (pid !== undefined && isAlive(pid)) process.kill(pid, 'SIGKILL');
}
