/**
 * The daemon's memory of past runs, per workload × threads: enough of each run for the
 * rolling baseline (statistics, thinned samples), the change points of the per-run mean
 * latency, and the KPI trends. Filled from the results log at start, so a restart keeps
 * the baseline and the trends, and bounded per series so a long-running daemon does not grow.
 */
import { changePointsOver, trendsFromKpis } from '../analysis/history-trends.ts';
import type { ChangePointOptions } from '../analysis/change-point-options.ts';
import { type HistoryRun, thinSamples } from '../analysis/rolling-baseline.ts';
import type { ChangePointView, KpiTrend, SeriesChangePoints } from '../export/reports/report-model.ts';
import type { KpiResult, RunResult } from '../model/result.ts';

/** Runs kept per series for change points and trends (~5 days at a 15-minute schedule). */
export const HISTORY_POINTS = 500;
/** Run-level samples kept per run for the rolling baseline. */
export const SAMPLES_PER_RUN = 100;

interface SeriesHistory {
  workload: string;
  threads: number;
  runs: HistoryRun[];
  kpis: { at: string; kpis: readonly KpiResult[] }[];
  changePoints: ChangePointView[];
}

export function historyRunOf(run: RunResult): HistoryRun {
  return {
    at: run.startedAt,
    statistics: { mean: run.latencyNs.mean, p50: run.latencyNs.p50, p99: run.latencyNs.p99, max: run.latencyNs.max, opsPerSecond: run.opsPerSecond },
    cv: run.cv,
    samples: thinSamples(run.samples, SAMPLES_PER_RUN),
  };
}

export class RunHistory {
  readonly #series = new Map<string, SeriesHistory>();
  readonly #options: ChangePointOptions;

  constructor(options: ChangePointOptions) {
    this.#options = options;
  }

  /** The series' runs, oldest first (the current run is not in it until `add`). */
  runs(workload: string, threads: number): readonly HistoryRun[] {
    return this.#series.get(`${workload}@${threads}`)?.runs ?? [];
  }

  /**
   * Adds a successful run (failed runs are not history) and recomputes the series' change
   * points; returns those that were not known before.
   */
  add(run: RunResult, detect = true): ChangePointView[] {
    if (run.status !== 'ok') return [];
    const key = `${run.workload}@${run.threads}`;
    const series = this.#series.get(key) ?? { workload: run.workload, threads: run.threads, runs: [], kpis: [], changePoints: [] };
    this.#series.set(key, series);
    series.runs.push(historyRunOf(run));
    series.kpis.push({ at: run.startedAt, kpis: run.kpis });
    if (series.runs.length > HISTORY_POINTS) series.runs.shift();
    if (series.kpis.length > HISTORY_POINTS) series.kpis.shift();
    return detect ? this.#detect(series) : [];
  }

  /** Detects the change points of every series once, after loading; returns how many each has. */
  detectAll(): Map<string, ChangePointView[]> {
    const found = new Map<string, ChangePointView[]>();
    for (const [key, series] of this.#series) found.set(key, this.#detect(series));
    return found;
  }

  #detect(series: SeriesHistory): ChangePointView[] {
    const known = new Set(series.changePoints.map((point) => point.at));
    series.changePoints = changePointsOver(series.runs.map((run) => ({ at: run.at, value: run.statistics.mean ?? Number.NaN })), this.#options);
    return series.changePoints.filter((point) => !known.has(point.at));
  }

  changePoints(): SeriesChangePoints[] {
    return [...this.#series.values()]
      .sort((a, b) => a.workload.localeCompare(b.workload) || a.threads - b.threads)
      .map((series) => ({ workload: series.workload, threads: series.threads, points: series.changePoints }));
  }

  kpiTrends(): KpiTrend[] {
    return trendsFromKpis([...this.#series.values()].flatMap((series) => series.kpis), this.#options);
  }
}
