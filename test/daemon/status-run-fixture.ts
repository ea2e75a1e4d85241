/**
 * Runs for the status page's tests: the export tests' fixture workload (real HDR data, KPIs
 * evaluated by the runner's code), placed in any category, at any thread count, breaching
 * its p99 KPI or not, with the judgement and interference a test gives it.
 */
import type { Interference } from '../../src/model/interference.ts';
import type { Judgement } from '../../src/model/judgement.ts';
import type { RunResult } from '../../src/model/result.ts';
import { failedRun, okRun } from '../export/run-fixture.ts';

export interface StatusRunOptions {
  category?: string;
  /** Default `<category>.fixture`. */
  workload?: string;
  threads?: number;
  /** Breach the fixture's p99_latency KPI (≤ 500 ns): a 3 ms tail instead of 100 ns everywhere. */
  breach?: boolean;
  judgement?: Judgement;
  interference?: Interference;
}

export const DISTURBED: Judgement = { state: 'disturbed', reason: 'other processes used 0.9 CPU; CPU pressure 41 %' };
export const OVERSUBSCRIBED: Judgement = { state: 'oversubscribed', reason: '4 threads on 2 effective CPUs' };

export async function statusRun(options: StatusRunOptions = {}): Promise<RunResult> {
  const category = options.category ?? 'contention';
  const run = await okRun({ threads: options.threads ?? 1, recorded: options.breach === true ? undefined : [[100, 10]] });
  return {
    ...run, category, workload: options.workload ?? `${category}.fixture`,
    judgement: options.judgement ?? { state: 'judged', reason: null },
    ...(options.interference === undefined ? {} : { interference: options.interference }),
  };
}

export function failedStatusRun(category = 'contention', threads = 1): RunResult {
  const run = failedRun('timeout', threads);
  return { ...run, category, workload: `${category}.fixture`, judgement: { state: 'failed', reason: 'timeout: the run did not finish within 60 s' } };
}

/** Interference readings with the three figures the page shows; the rest measured and zero. */
export function readings(otherCpus: number | null, stealRatio: number | null, cpuPressureRatio: number | null): Interference {
  return {
    windowSeconds: 1, ownCpuSeconds: 1, otherCpuSeconds: otherCpus, otherCpus, cpusWatched: 2, stealSeconds: stealRatio, stealRatio,
    periods: 0, throttledPeriods: 0, throttledSeconds: 0, throttledRatio: 0,
    cpuPressureSeconds: cpuPressureRatio, cpuPressureRatio, involuntarySwitches: null, involuntarySwitchesPerSecond: null, unavailable: {},
  };
}
