/**
 * The daemon's memory of past runs, per workload × threads: enough of each run for the
 * rolling baseline (statistics, thinned samples), the change points of the per-run mean
 * latency, the KPI trends and the KPI windows. Every completed run is kept, with its
 * judgement and interference; only the judged ones are searched for change points, enter
 * a baseline or a KPI window (analysis/judged-runs.ts). Filled from the results log at
 * start, so a restart keeps the baseline, the windows and the trends, and bounded per series
 * so a long-running daemon does not grow.
 */
import type { CauseVerdict, WithInterference } from '../analysis/change-cause.ts';
import type { ChangePointOptions } from '../analysis/change-point-options.ts';
import { changePointsOver, trendsFromKpis } from '../analysis/history-trends.ts';
import { isJudged } from '../analysis/judged-runs.ts';
import { type KpiWindowOptions, type KpiWindowRun, kpiWindowVerdicts } from '../analysis/kpi-window.ts';
import { MAX_WAIT_RUNS, nodeCause, nodeShift, type NodePoint, type Span } from '../analysis/node-shift.ts';
import { type HistoryRun, historyRunOf as analysisHistoryRunOf, isJudgedHistoryRun } from '../analysis/rolling-baseline.ts';
import type { ChangePointView, KpiTrend, SeriesChangePoints } from '../export/reports/report-model.ts';
import type { JudgementThresholds } from '../model/judgement.ts';
import type { KpiWindowVerdict } from '../model/kpi-window.ts';
import type { RunResult } from '../model/result.ts';

/** Runs kept per series for change points and trends (~5 days at a 15-minute schedule). */
export const HISTORY_POINTS = 500;
/** Run-level samples kept per run for the rolling baseline. */
export const SAMPLES_PER_RUN = 100;

/** A history run with what the node did during it (for the cause of a change). */
export type DaemonHistoryRun = HistoryRun & WithInterference;

type KpiEntry = KpiWindowRun & WithInterference;

interface SeriesHistory {
  workload: string;
  threads: number;
  runs: DaemonHistoryRun[];
  kpis: KpiEntry[];
  changePoints: ChangePointView[];
  /** Every change point already reported (by its time), so one that drops out and comes back is not new. */
  reported: Set<string>;
}

export function historyRunOf(run: RunResult): DaemonHistoryRun {
  return { ...analysisHistoryRunOf(run, SAMPLES_PER_RUN), ...(run.interference === undefined ? {} : { interference: run.interference }) };
}

function kpiEntryOf(run: RunResult): KpiEntry {
  return {
    workload: run.workload, threads: run.threads, startedAt: run.startedAt, status: run.status, kpis: run.kpis,
    ...(run.judgement === undefined ? {} : { judgement: run.judgement }),
    ...(run.interference === undefined ? {} : { interference: run.interference }),
  };
}

export interface RunHistoryOptions {
  changePoints: ChangePointOptions;
  /** Labels each change point with its cause; without them change points have none. */
  judgement?: JudgementThresholds;
  /** The KPI windows' size and hold time (config kpiWindow). */
  kpiWindow: KpiWindowOptions;
  /**
   * When this daemon started (ISO): a change that the node's other series share is the
   * node's only between runs made since then (analysis/node-shift.ts). Without it, never.
   */
  since?: string;
}

export class RunHistory {
  readonly #series = new Map<string, SeriesHistory>();
  /** Each series' KPI window verdicts, computed once per run added (/api/results asks on every request). */
  readonly #windows = new Map<string, KpiWindowVerdict[]>();
  readonly #options: RunHistoryOptions;

  constructor(options: RunHistoryOptions) {
    this.#options = options;
  }

  /** The series' runs, oldest first, judged or not (the current run is not in it until `add`). */
  runs(workload: string, threads: number): readonly DaemonHistoryRun[] {
    return this.#series.get(`${workload}@${threads}`)?.runs ?? [];
  }

  /**
   * Adds a completed run (failed runs are not history) and recomputes the series' change
   * points; returns those that were not known before. A run that was not judged is kept
   * (trends show it) but moves no change point.
   */
  add(run: RunResult, detect = true): ChangePointView[] {
    if (run.status !== 'ok') return [];
    const key = `${run.workload}@${run.threads}`;
    const series = this.#series.get(key) ?? { workload: run.workload, threads: run.threads, runs: [], kpis: [], changePoints: [], reported: new Set<string>() };
    this.#series.set(key, series);
    series.runs.push(historyRunOf(run));
    series.kpis.push(kpiEntryOf(run));
    if (series.runs.length > HISTORY_POINTS) series.runs.shift();
    if (series.kpis.length > HISTORY_POINTS) series.kpis.shift();
    this.#windows.delete(key);
    return detect && isJudged(run) ? this.#detect(series) : [];
  }

  /** Detects the change points of every series once, after loading; returns how many each has. */
  detectAll(): Map<string, ChangePointView[]> {
    const found = new Map<string, ChangePointView[]>();
    for (const [key, series] of this.#series) found.set(key, this.#detect(series));
    return found;
  }

  #detect(series: SeriesHistory): ChangePointView[] {
    const points = series.runs.map((run) => ({
      at: run.at, value: run.statistics.mean ?? Number.NaN, judged: isJudgedHistoryRun(run),
      ...(run.interference == null ? {} : { interference: run.interference }),
    }));
    const views = changePointsOver(points, this.#options.changePoints, this.#options.judgement);
    const first = series.runs[0]?.at ?? '';
    const decided: ChangePointView[] = [];
    for (const [k, view] of views.entries()) {
      if (view.cause !== 'runtime') {
        decided.push(view);
        continue;
      }
      const before = { from: views[k - 1]?.at ?? first, to: view.at };
      const after = { from: view.at, ...(views[k + 1] === undefined ? {} : { to: views[k + 1].at }) };
      const node = this.nodeCause(series.workload, series.threads, view.change, before, after);
      // Found in the last few runs, before the other series ran after it: its cause is not known yet.
      if (node === 'waiting' && this.#judgedSince(series, view.at) < MAX_WAIT_RUNS) continue;
      decided.push(node === null || node === 'waiting' ? view : { ...view, cause: node.cause, causeReason: node.reason });
    }
    series.changePoints = decided;
    for (const at of series.reported) if (at < first) series.reported.delete(at);
    const fresh = decided.filter((point) => !series.reported.has(point.at));
    for (const point of fresh) series.reported.add(point.at);
    return fresh;
  }

  #judgedSince(series: SeriesHistory, at: string): number {
    return series.runs.filter((run) => run.at >= at && isJudgedHistoryRun(run)).length;
  }

  /**
   * `environment` when the node's other series moved with this one between `before` and
   * `after` (analysis/node-shift.ts); `waiting` while they have not run enough after it yet;
   * null when they did not move with it, or when a run compared predates this daemon (`since`).
   */
  nodeCause(workload: string, threads: number, change: number, before: Span, after: Span): CauseVerdict | 'waiting' | null {
    const since = this.#options.since;
    if (since === undefined || before.from < since) return null;
    const key = `${workload}@${threads}`;
    const others: NodePoint[][] = [];
    for (const [otherKey, other] of this.#series) {
      if (otherKey === key) continue;
      others.push(other.runs.filter((run) => run.at >= since && isJudgedHistoryRun(run) && Number.isFinite(run.statistics.mean))
        .map((run) => ({ at: run.at, value: run.statistics.mean as number })));
    }
    const shift = nodeShift(others, before, after);
    return shift === 'waiting' ? shift : nodeCause(change, shift);
  }

  /** The KPI window verdicts of one series: each KPI over its last judged runs. */
  kpiWindow(workload: string, threads: number): KpiWindowVerdict[] {
    const key = `${workload}@${threads}`;
    const series = this.#series.get(key);
    if (series === undefined) return [];
    let verdicts = this.#windows.get(key);
    if (verdicts === undefined) {
      verdicts = kpiWindowVerdicts(series.kpis, this.#options.kpiWindow);
      this.#windows.set(key, verdicts);
    }
    return verdicts;
  }

  /** The KPI window verdicts of every series. */
  kpiWindows(): KpiWindowVerdict[] {
    return [...this.#series.values()].flatMap((series) => this.kpiWindow(series.workload, series.threads));
  }

  changePoints(): SeriesChangePoints[] {
    return [...this.#series.values()]
      .sort((a, b) => a.workload.localeCompare(b.workload) || a.threads - b.threads)
      .map((series) => ({ workload: series.workload, threads: series.threads, points: series.changePoints }));
  }

  kpiTrends(): KpiTrend[] {
    const entries = [...this.#series.values()].flatMap((series) => series.kpis).map((entry) => ({
      at: entry.startedAt, kpis: entry.kpis, judged: isJudged(entry),
      ...(entry.interference == null ? {} : { interference: entry.interference }),
    }));
    return trendsFromKpis(entries, this.#options.changePoints, this.#options.judgement);
  }
}
