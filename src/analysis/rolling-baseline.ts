/**
 * The rolling baseline of one series: the trailing window of its own history (the runs of
 * the last `windowDays`, at most the last `windowRuns`), as one side of a comparison. Its
 * samples are the window's run-level samples pooled; its statistics are the medians of the
 * runs' statistics, so one odd run in the window does not move the baseline.
 */
import type { ComparedStatistic } from './regression-policy.ts';
import type { SeriesSide } from './series-comparison.ts';

/** What the history keeps of one run for the rolling baseline. */
export interface HistoryRun {
  /** ISO start time. */
  at: string;
  statistics: Partial<Record<ComparedStatistic, number>>;
  cv: number | null;
  /** A thinned copy of the run-level samples (see thinSamples). */
  samples: readonly number[];
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

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The runs of `history` (oldest first) inside the window that ends at `now`. */
export function windowRuns(history: readonly HistoryRun[], window: RollingWindow, now: number): HistoryRun[] {
  const since = new Date(now - window.windowDays * 86_400_000).toISOString();
  return history.filter((run) => run.at >= since).slice(-window.windowRuns);
}

/** The baseline side from a window of runs, or why there is none. */
export function rollingSide(runs: readonly HistoryRun[], window: RollingWindow): SeriesSide | { missing: string } {
  if (runs.length < window.minRuns) return { missing: `${runs.length} run${runs.length === 1 ? '' : 's'} in the rolling window, ${window.minRuns} needed` };
  const statistics: Partial<Record<ComparedStatistic, number>> = {};
  for (const key of Object.keys(runs[0].statistics) as ComparedStatistic[]) {
    const values = runs.map((run) => run.statistics[key]).filter((value): value is number => value !== undefined && Number.isFinite(value));
    if (values.length > 0) statistics[key] = median(values);
  }
  const cvs = runs.map((run) => run.cv).filter((cv): cv is number => cv !== null);
  return { samples: runs.flatMap((run) => run.samples), statistics, cv: cvs.length > 0 ? median(cvs) : null };
}
