/**
 * Which runs of a soak overlapped an injected CPU hog, and how they were judged. A run's
 * window is what its interference readings bracket (start-up, warm-up, measurement,
 * teardown), so a run overlaps the hog when that window intersects a hog interval: any
 * part of the hog inside the window could have moved the run's readings.
 */
import { judgementStateOf } from '../src/analysis/judged-runs.ts';
import type { JudgementState } from '../src/model/judgement.ts';
import type { RunResult } from '../src/model/result.ts';

/** A span of wall-clock time, Unix milliseconds, start inclusive and end exclusive. */
export interface Interval {
  fromMs: number;
  toMs: number;
}

export type TalliedRun = Pick<RunResult, 'startedAt' | 'durationSeconds' | 'status' | 'judgement'> & {
  interference?: Pick<NonNullable<RunResult['interference']>, 'windowSeconds'>
    & Partial<Pick<NonNullable<RunResult['interference']>, 'runQueueWaitRatio' | 'runQueueWaitOnOthersRatio' | 'otherCpus' | 'slowCpuShare'>>;
};

/**
 * The run's window. Its interference window where it has one; a result without readings
 * only knows its measured duration, which is then the best lower bound.
 */
export function runWindow(run: TalliedRun): Interval {
  const fromMs = Date.parse(run.startedAt);
  const seconds = run.interference?.windowSeconds ?? run.durationSeconds;
  return { fromMs, toMs: fromMs + seconds * 1000 };
}

/** Milliseconds of `window` that lie inside any of `intervals` (which must not overlap each other). */
export function overlapMs(window: Interval, intervals: readonly Interval[]): number {
  let total = 0;
  for (const interval of intervals) {
    total += Math.max(0, Math.min(window.toMs, interval.toMs) - Math.max(window.fromMs, interval.fromMs));
  }
  return total;
}

export type StateCounts = Record<JudgementState, number>;

export interface OverlapTally {
  runs: number;
  states: StateCounts;
  /** Disturbance reasons with their numbers blanked, and how often each occurred. */
  reasons: Map<string, number>;
  /** Each run's readings where it had them: the distributions that justify the judgement's thresholds. */
  runQueueWaitRatios: number[];
  runQueueWaitOnOthersRatios: number[];
  otherCpus: number[];
  slowCpuShares: number[];
}

export interface RunTally {
  all: OverlapTally;
  /** Runs whose window intersects a hog interval at all. */
  hog: OverlapTally;
  /** Of those, the runs whose whole window lay inside one. */
  hogInside: OverlapTally;
  /** Runs that never met the hog: what the shared machine's other load did on its own. */
  noHog: OverlapTally;
  /** Runs that overlapped the hog and were not disturbed, with their state and reason. */
  hogNotDisturbed: { startedAt: string; overlapShare: number; state: JudgementState; reason: string | null }[];
}

function emptyOverlapTally(): OverlapTally {
  return { runs: 0, states: { judged: 0, disturbed: 0, oversubscribed: 0, failed: 0 }, reasons: new Map(), runQueueWaitRatios: [], runQueueWaitOnOthersRatios: [], otherCpus: [], slowCpuShares: [] };
}

export function emptyRunTally(): RunTally {
  return { all: emptyOverlapTally(), hog: emptyOverlapTally(), hogInside: emptyOverlapTally(), noHog: emptyOverlapTally(), hogNotDisturbed: [] };
}

/**
 * "other processes used 1.6 CPU; CPU pressure 98 %" → "other processes used # CPU",
 * "CPU pressure # %": the kinds of disturbance, countable across runs.
 */
export function reasonKinds(reason: string | null | undefined): string[] {
  if (reason === null || reason === undefined || reason.trim() === '') return [];
  return reason.split(';').map((part) => part.trim().replace(/\d+(?:\.\d+)?/g, '#')).filter((part) => part !== '');
}

function count(tally: OverlapTally, run: TalliedRun, state: JudgementState, reason: string | null | undefined): void {
  tally.runs++;
  tally.states[state]++;
  const wait = run.interference?.runQueueWaitRatio;
  if (typeof wait === 'number') tally.runQueueWaitRatios.push(wait);
  const waitOnOthers = run.interference?.runQueueWaitOnOthersRatio;
  if (typeof waitOnOthers === 'number') tally.runQueueWaitOnOthersRatios.push(waitOnOthers);
  const other = run.interference?.otherCpus;
  if (typeof other === 'number') tally.otherCpus.push(other);
  const slow = run.interference?.slowCpuShare;
  if (typeof slow === 'number') tally.slowCpuShares.push(slow);
  if (state !== 'disturbed') return;
  for (const kind of reasonKinds(reason)) tally.reasons.set(kind, (tally.reasons.get(kind) ?? 0) + 1);
}

/** Adds one run to the tally; streamed, so a soak's tens of thousands of runs need no array. */
export function addRun(tally: RunTally, run: TalliedRun, hogs: readonly Interval[]): void {
  const state = judgementStateOf(run);
  const reason = run.judgement?.reason ?? (run.status === 'failed' ? 'failed' : null);
  const window = runWindow(run);
  const inHog = overlapMs(window, hogs);
  count(tally.all, run, state, reason);
  if (inHog <= 0) {
    count(tally.noHog, run, state, reason);
    return;
  }
  count(tally.hog, run, state, reason);
  const length = window.toMs - window.fromMs;
  if (inHog >= length) count(tally.hogInside, run, state, reason);
  if (state !== 'disturbed') {
    tally.hogNotDisturbed.push({ startedAt: run.startedAt, overlapShare: length > 0 ? inHog / length : 1, state, reason });
  }
}

/**
 * The share of a tally's runs marked disturbed, among those that could have been: failed
 * and oversubscribed runs are set apart before interference is looked at. Null without any.
 */
export function disturbedShare(tally: OverlapTally): number | null {
  const candidates = tally.states.judged + tally.states.disturbed;
  return candidates === 0 ? null : tally.states.disturbed / candidates;
}
