/**
 * Whether a change (a change point, or a regression against a baseline) was caused by the
 * node or by the code and runtime under test. The runs that made the change (the judged
 * runs before and after it) are compared reading by reading with the judgement thresholds.
 *
 * `environment` when, for any reading, the medians of the two sides differ by more than
 * half its threshold, or one side's median is beyond the threshold and the other's within.
 * Half, because judged runs all lie below the thresholds: a shift of a whole threshold
 * between them cannot happen, while other processes going from 0.05 to 0.3 CPUs under a
 * 0.5 threshold is the background load that can still move a judged run by several percent.
 * Otherwise `runtime`: only those raise VmsoakRegressionDetected.
 *
 * Why the judged runs and not every run around the change: a short interference episode
 * just after a real step would make the median of the few runs since then look disturbed,
 * and the label would hide the step until enough runs came in (measured in
 * test/analysis/simulation.test.ts).
 */
import type { Interference } from '../model/interference.ts';
import type { JudgementThresholds } from '../model/judgement.ts';
import { median } from '../measure/median.ts';

export type ChangeCause = 'environment' | 'runtime';

export interface CauseVerdict {
  cause: ChangeCause;
  /** "other CPUs 0.05 -> 0.92 (threshold 0.5)", or why nothing differed. */
  reason: string;
}

type Reading = 'otherCpus' | 'stealRatio' | 'throttledRatio' | 'cpuPressureRatio' | 'involuntarySwitchesPerSecond' | 'slowCpuShare';

/** Each reading and the threshold that bounds it for a judged run. */
const READINGS: readonly (readonly [Reading, keyof JudgementThresholds, string])[] = [
  ['otherCpus', 'maxOtherCpus', 'other processes\' CPUs'],
  ['stealRatio', 'maxStealRatio', 'steal'],
  ['throttledRatio', 'maxThrottledRatio', 'throttled periods'],
  ['cpuPressureRatio', 'maxCpuPressureRatio', 'CPU pressure'],
  ['involuntarySwitchesPerSecond', 'maxInvoluntarySwitchesPerSecond', 'preemptions per second'],
  ['slowCpuShare', 'maxSlowCpuShare', 'slow-CPU share'],
];

export type WithInterference = { interference?: Interference | null };


function medianReading(runs: readonly WithInterference[], reading: Reading): number | null {
  const values = runs.map((run) => run.interference?.[reading]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  return values.length === 0 ? null : median(values);
}

const short = (value: number) => String(Number(value.toPrecision(2)));

/** The share of a threshold by which the two sides' medians may differ and the cause still be `runtime`. */
export const ENVIRONMENT_SHIFT = 0.5;

export function changeCause(
  before: readonly WithInterference[], after: readonly WithInterference[], thresholds: JudgementThresholds,
): CauseVerdict {
  const differences: string[] = [];
  let compared = 0;
  for (const [reading, key, label] of READINGS) {
    const threshold = thresholds[key];
    if (threshold === null || !Number.isFinite(threshold)) continue;
    const was = medianReading(before, reading);
    const is = medianReading(after, reading);
    if (was === null || is === null) continue;
    compared++;
    const crossed = (was > threshold) !== (is > threshold);
    if (crossed || Math.abs(is - was) > ENVIRONMENT_SHIFT * threshold) differences.push(`${label} ${short(was)} -> ${short(is)} (threshold ${short(threshold)})`);
  }
  if (differences.length > 0) return { cause: 'environment', reason: differences.join(', ') };
  return { cause: 'runtime', reason: compared === 0 ? 'no interference readings on both sides' : 'interference did not differ beyond the thresholds' };
}
