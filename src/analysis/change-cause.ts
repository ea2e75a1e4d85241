/**
 * Whether a change (a change point, or a regression against a baseline) was caused by the
 * node or by the code and runtime under test. The runs before and after the change are
 * compared reading by reading with the judgement thresholds, over every completed run of
 * the two spans, judged or not: the change points themselves are found on judged runs only,
 * so it is the disturbed runs around them that show a node that got busier.
 *
 * `environment` when, for any reading, the median of one span is beyond its threshold and
 * the other's within it (the typical run went from quiet to disturbed, or back), or the two
 * medians differ by more than the threshold. Otherwise `runtime`: only those raise
 * VmsoakRegressionDetected.
 */
import type { Interference } from '../model/interference.ts';
import type { JudgementThresholds } from '../model/judgement.ts';

export type ChangeCause = 'environment' | 'runtime';

export interface CauseVerdict {
  cause: ChangeCause;
  /** "other CPUs 0.05 -> 0.92 (threshold 0.5)", or why nothing differed. */
  reason: string;
}

type Reading = 'otherCpus' | 'stealRatio' | 'throttledRatio' | 'cpuPressureRatio' | 'involuntarySwitchesPerSecond';

/** Each reading and the threshold that bounds it for a judged run. */
const READINGS: readonly (readonly [Reading, keyof JudgementThresholds, string])[] = [
  ['otherCpus', 'maxOtherCpus', 'other processes\' CPUs'],
  ['stealRatio', 'maxStealRatio', 'steal'],
  ['throttledRatio', 'maxThrottledRatio', 'throttled periods'],
  ['cpuPressureRatio', 'maxCpuPressureRatio', 'CPU pressure'],
  ['involuntarySwitchesPerSecond', 'maxInvoluntarySwitchesPerSecond', 'preemptions per second'],
];

export type WithInterference = { interference?: Interference | null };

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function medianReading(runs: readonly WithInterference[], reading: Reading): number | null {
  const values = runs.map((run) => run.interference?.[reading]).filter((value): value is number => typeof value === 'number' && Number.isFinite(value));
  return values.length === 0 ? null : median(values);
}

const short = (value: number) => String(Number(value.toPrecision(2)));

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
    if (crossed || Math.abs(is - was) > threshold) differences.push(`${label} ${short(was)} -> ${short(is)} (threshold ${short(threshold)})`);
  }
  if (differences.length > 0) return { cause: 'environment', reason: differences.join(', ') };
  return { cause: 'runtime', reason: compared === 0 ? 'no interference readings on both sides' : 'interference did not differ beyond the thresholds' };
}
