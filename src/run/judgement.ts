/**
 * Whether a run counts: failed > oversubscribed > disturbed > judged, with a one-line
 * reason. A run is disturbed when any interference reading is beyond its threshold; a
 * reading that is unavailable on this node judges nothing either way.
 */
import type { Interference } from '../model/interference.ts';
import type { Judgement, JudgementThresholds } from '../model/judgement.ts';
import type { RunResult } from '../model/result.ts';

export interface JudgeableRun extends Pick<RunResult, 'status' | 'error' | 'threads'> {
  effectiveCpus: number;
  interference?: Interference | null;
}

/** Up to two decimals, without trailing zeros: 0.9, 1.33, 2. */
function decimal(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** A ratio as a percentage: one decimal below 10 %, whole above ("steal 0.8 %", "CPU pressure 40 %"). */
function percent(ratio: number): string {
  const value = ratio * 100;
  return `${value < 10 ? Math.round(value * 10) / 10 : Math.round(value)} %`;
}

function plural(count: number, one: string, many: string): string {
  return `${decimal(count)} ${count === 1 ? one : many}`;
}

/**
 * CPUs of the watched set that the run does not need: its threads plus one for the
 * runner's main thread. Other processes may use those freely; on a 64-core node an
 * unpinned 2-thread run shares nothing with neighbours that leave 3 CPUs idle.
 */
export function spareCpus(interference: Interference, threads: number): number {
  return interference.cpusWatched === null ? 0 : Math.max(0, interference.cpusWatched - threads - 1);
}

/** Each reading beyond its threshold, as a phrase; [] when none is. */
export function disturbances(interference: Interference, thresholds: JudgementThresholds, threads = 1): string[] {
  const found: string[] = [];
  const { otherCpus, stealRatio, throttledRatio, cpuPressureRatio, involuntarySwitchesPerSecond } = interference;
  const spare = spareCpus(interference, threads);
  if (otherCpus !== null && otherCpus > thresholds.maxOtherCpus + spare) {
    found.push(`other processes used ${plural(otherCpus, 'CPU', 'CPU')}${spare > 0 ? ` (${decimal(spare)} spare)` : ''}`);
  }
  if (stealRatio !== null && stealRatio > thresholds.maxStealRatio) found.push(`steal ${percent(stealRatio)}`);
  if (throttledRatio !== null && throttledRatio > thresholds.maxThrottledRatio) found.push(`throttled ${percent(throttledRatio)} of periods`);
  if (cpuPressureRatio !== null && cpuPressureRatio > thresholds.maxCpuPressureRatio) found.push(`CPU pressure ${percent(cpuPressureRatio)}`);
  const maxWait = thresholds.maxRunQueueWaitRatio;
  const wait = interference.runQueueWaitOnOthersRatio;
  if (maxWait !== null && wait !== null && wait !== undefined && wait > maxWait) found.push(`threads waited ${percent(wait)} of the run for CPUs other processes used`);
  const maxSlow = thresholds.maxSlowCpuShare;
  const slow = interference.slowCpuShare;
  if (maxSlow !== null && slow !== null && slow !== undefined && slow > maxSlow) found.push(`the CPU ran slow for ${percent(slow)} of the run (reference loop)`);
  const maxSwitches = thresholds.maxInvoluntarySwitchesPerSecond;
  if (maxSwitches !== null && involuntarySwitchesPerSecond !== null && involuntarySwitchesPerSecond > maxSwitches) {
    found.push(`${Math.round(involuntarySwitchesPerSecond)} involuntary context switches per thread-second`);
  }
  return found;
}

/** The judgement of a failed run: its failure reason and message, on one line. */
export function judgeFailure(error: RunResult['error']): Judgement {
  const reason = error ? `${error.reason}: ${error.message}` : 'the run failed';
  return { state: 'failed', reason: reason.replace(/\s*\n\s*/g, ' ') };
}

export function judgeRun(run: JudgeableRun, thresholds: JudgementThresholds): Judgement {
  if (run.status === 'failed') return judgeFailure(run.error);
  if (run.threads > run.effectiveCpus) {
    return { state: 'oversubscribed', reason: `${run.threads} threads on ${plural(run.effectiveCpus, 'effective CPU', 'effective CPUs')}` };
  }
  const found = run.interference ? disturbances(run.interference, thresholds, run.threads) : [];
  if (found.length > 0) return { state: 'disturbed', reason: found.join('; ') };
  return { state: 'judged', reason: null };
}
