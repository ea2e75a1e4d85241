/**
 * The rolling baseline of one series: the trailing window of its own history (the runs of
 * the last `windowDays`, at most the last `windowRuns`), as one side of a comparison. Its
 * samples are the runs' mean times per operation, one per run: the run is the unit that
 * repeats. Pooling the runs' batch samples instead (as a comparison of two single runs must)
 * lets a few hundred tight samples per run make any run-to-run difference "significant";
 * in the A/A soak the same contention workload ran at 9.6–19 ns/op from run to run while
 * each run's own batches agreed within a few percent, and the pooled test called 13 runtime
 * regressions in 6 minutes. Its statistics are the medians of the runs' statistics, so one
 * odd run in the window does not move the baseline. Only judged runs enter the window (a
 * disturbed run would drag the baseline towards the node's load).
 */
import { robustCv } from '../measure/robust-stats.ts';
import type { Judgement } from '../model/judgement.ts';
import type { RunResult } from '../model/result.ts';
import type { KpiWindowOptions } from './kpi-window.ts';
import type { ComparedStatistic } from './regression-policy.ts';
import type { SeriesSide } from './series-comparison.ts';
import { median } from '../measure/median.ts';

/** What the history keeps of one run for the rolling baseline. */
export interface HistoryRun {
  /** ISO start time. */
  at: string;
  statistics: Partial<Record<ComparedStatistic, number>>;
  cv: number | null;
  /** Robust CV of the full run-level samples; computed from the thinned `samples` when absent. */
  robustCv?: number | null;
  /** A thinned copy of the run-level samples (see thinSamples). */
  samples: readonly number[];
  /** The run's judgement; a history run without one (recorded before judgement existed) counts as judged. */
  judgement?: Judgement;
}

/** Whether a history run may enter a rolling window. */
export const isJudgedHistoryRun = (run: Pick<HistoryRun, 'judgement'>): boolean => (run.judgement?.state ?? 'judged') === 'judged';

/** What the history keeps of a completed run: its statistics, CVs, judgement and (optionally thinned) samples. */
export function historyRunOf(run: RunResult, maxSamples = Number.POSITIVE_INFINITY): HistoryRun {
  return {
    at: run.startedAt,
    statistics: { mean: run.latencyNs.mean, p50: run.latencyNs.p50, p99: run.latencyNs.p99, max: run.latencyNs.max, opsPerSecond: run.opsPerSecond },
    cv: run.cv,
    robustCv: run.robustCv !== undefined ? run.robustCv : robustCv(run.samples),
    samples: Number.isFinite(maxSamples) ? thinSamples(run.samples, maxSamples) : run.samples,
    ...(run.judgement === undefined ? {} : { judgement: run.judgement }),
  };
}

export interface RollingWindow {
  windowDays: number;
  windowRuns: number;
  minRuns: number;
}

/**
 * Every k-th sample, at most `max`: unlike averaging neighbours, picking keeps the spread
 * of the samples, which the test compares against.
 */
export function thinSamples(samples: readonly number[], max: number): number[] {
  if (samples.length <= max) return [...samples];
  const step = samples.length / max;
  return Array.from({ length: max }, (_, i) => samples[Math.floor(i * step)]);
}


/** The judged runs (or those `include` accepts) of `history` (oldest first) inside the window that ends at `now`. */
export function windowRuns<R extends HistoryRun>(
  history: readonly R[], window: RollingWindow, now: number, include: (run: R) => boolean = isJudgedHistoryRun,
): R[] {
  const since = new Date(now - window.windowDays * 86_400_000).toISOString();
  return history.filter((run) => run.at >= since && include(run)).slice(-window.windowRuns);
}

/** The baseline side from a window of runs, or why there is none. */
export function rollingSide(runs: readonly HistoryRun[], window: RollingWindow, sideOf = runLevelSide): SeriesSide | { missing: string } {
  if (runs.length < window.minRuns) return { missing: `${runs.length} judged run${runs.length === 1 ? '' : 's'} in the rolling window, ${window.minRuns} needed` };
  return sideOf(runs);
}

/** The current window: the last `runs` judged runs, and more while they span less than `for` ms (kpiWindow). */
export type CurrentWindow = Pick<KpiWindowOptions, 'runs' | 'for'>;

/**
 * How many of the last `counted` runs the current window takes: `runs`, and earlier ones
 * while the window spans less than `spanMs`, leaving the baseline at least one run. In a
 * continuous suite 5 runs are 35 seconds, a slow stretch of the node that no reading shows;
 * a window of 10 minutes needs a change to hold over half of it to move its median.
 */
function currentSize(counted: readonly HistoryRun[], runs: number, spanMs: number): number {
  const last = Date.parse(counted[counted.length - 1].at);
  let size = runs;
  while (size < counted.length - 1 && last - Date.parse(counted[counted.length - size].at) < spanMs) size++;
  return size;
}

/** One side from several runs: their samples pooled, the medians of their statistics and CVs. At least one run. */
export function pooledSide(runs: readonly HistoryRun[]): SeriesSide {
  const statistics: Partial<Record<ComparedStatistic, number>> = {};
  for (const key of Object.keys(runs[0].statistics) as ComparedStatistic[]) {
    const values = runs.map((run) => run.statistics[key]).filter((value): value is number => value !== undefined && Number.isFinite(value));
    if (values.length > 0) statistics[key] = median(values);
  }
  const cvs = runs.map((run) => run.cv).filter((cv): cv is number => cv !== null);
  const robustCvs = runs.map((run) => (run.robustCv !== undefined ? run.robustCv : robustCv(run.samples))).filter((cv): cv is number => cv !== null);
  return {
    samples: runs.flatMap((run) => run.samples), statistics,
    cv: cvs.length > 0 ? median(cvs) : null, robustCv: robustCvs.length > 0 ? median(robustCvs) : null,
  };
}

/** One side from several runs, one sample per run (its mean), with pooledSide's statistics and CVs. */
export function runLevelSide(runs: readonly HistoryRun[]): SeriesSide {
  const means = runs.map((run) => run.statistics.mean).filter((value): value is number => value !== undefined && Number.isFinite(value));
  return { ...pooledSide(runs), samples: means };
}

/** Both sides of a rolling comparison, and the runs each was pooled from (for the change's cause). */
export interface RollingSides<R extends HistoryRun = HistoryRun> {
  baseline: SeriesSide;
  current: SeriesSide;
  baselineRuns: R[];
  currentRuns: R[];
}

/**
 * Both sides of the daemon's judgement of a series, each a window of judged runs: the
 * current side is the last `currentRuns` of them (the KPI window's length), the baseline
 * the rolling window of those before. A verdict over several runs, never one: a single
 * judged run 3σ slow (one in a few hundred at a run-to-run CV of 3 %) would otherwise raise
 * a regression every few days per series.
 */
export function rollingComparison<R extends HistoryRun>(
  history: readonly R[], window: RollingWindow, currentWindow: CurrentWindow, now: number,
  include: (run: R) => boolean = isJudgedHistoryRun,
): RollingSides<R> | { missing: string } {
  const counted = history.filter(include);
  const needed = currentWindow.runs;
  if (counted.length < needed) return { missing: `${counted.length} judged run${counted.length === 1 ? '' : 's'} of the ${needed} the current window needs` };
  const size = currentSize(counted, needed, currentWindow.for ?? 0);
  const current = counted.slice(-size);
  const baselineRuns = windowRuns(counted.slice(0, -size), window, now, include);
  // A current window of fewer runs than a baseline needs has no run-to-run spread to test:
  // its runs' batch samples are pooled, as in a comparison of two single runs.
  const sideOf = current.length >= window.minRuns ? runLevelSide : pooledSide;
  const baseline = rollingSide(baselineRuns, window, sideOf);
  return 'missing' in baseline ? baseline : { baseline, current: sideOf(current), baselineRuns, currentRuns: current };
}
