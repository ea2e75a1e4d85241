/**
 * How often a suite is expected to complete a pass, exported as
 * vmsoak_suite_schedule_interval_seconds so that VmsoakDaemonStalled can fire when no pass
 * completed within 3 intervals.
 *
 * - A cron schedule: the longest gap between consecutive fire times among the next
 *   FIRES_LOOKED_AT, so a schedule that pauses overnight or at weekends is measured by its
 *   longest pause and does not page every night.
 * - "continuous": a pass has no fixed period; it is the pass's own length plus the pause
 *   after it. Before the first pass that length is estimated as runs x (warm-up + duration);
 *   afterwards the last pass's wall time is used when it was longer.
 */
import { createTask } from 'node-cron';
import { CONTINUOUS } from '../config/cron.ts';
import type { SuiteConfig } from '../config/types.ts';

const FIRES_LOOKED_AT = 100;

export function cronIntervalSeconds(expression: string): number {
  // An unstarted task only computes fire times; it is destroyed before it could run.
  const task = createTask(expression, () => undefined, { timezone: 'UTC' });
  try {
    const fires = task.getNextRuns(FIRES_LOOKED_AT).map((date) => date.getTime());
    let longest = 0;
    for (let i = 1; i < fires.length; i++) longest = Math.max(longest, fires[i] - fires[i - 1]);
    return longest / 1000;
  } finally {
    void task.destroy();
  }
}

export interface PassEstimate {
  /** Runs (workload x thread count) per pass. */
  runs: number;
  pauseMs: number;
  /** Wall time of the last completed pass, if any. */
  lastPassMs?: number;
}

export function suiteIntervalSeconds(suite: SuiteConfig, estimate: PassEstimate): number {
  if (suite.schedule !== CONTINUOUS) return cronIntervalSeconds(suite.schedule);
  const plannedMs = estimate.runs * (suite.warmup + suite.duration);
  return (Math.max(plannedMs, estimate.lastPassMs ?? 0) + estimate.pauseMs) / 1000;
}
