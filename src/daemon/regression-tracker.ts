/**
 * Each judged run of the daemon judged against its own trailing history: the last
 * `kpiWindow.runs` judged runs of its series (a verdict over several runs, never one)
 * against the rolling baseline of the judged runs before them, the decision rule with
 * Benjamini–Hochberg over the latest comparison of every series, and each regression or
 * improvement labelled with its cause (analysis/change-cause.ts). A run that was not judged
 * is recorded in the history and shown, but moves no verdict, no baseline and no change
 * point. Only a `runtime` regression sets vmsoak_regression_state to 1.
 */
import type { ComparisonReport } from '../analysis/baseline-comparison.ts';
import { benjaminiHochberg } from '../analysis/benjamini-hochberg.ts';
import { MAX_WAIT_RUNS } from '../analysis/node-shift.ts';
import { type CauseVerdict, changeCause } from '../analysis/change-cause.ts';
import { isJudged } from '../analysis/judged-runs.ts';
import { type SeriesComparison, seriesKeyOf, summarize } from '../analysis/matrix-comparison.ts';
import { rollingComparison, type RollingSides } from '../analysis/rolling-baseline.ts';
import { decideSeries, type SeriesTest, testSeries } from '../analysis/series-comparison.ts';
import type { Config } from '../config/types.ts';
import type { RegressionMetrics } from '../export/prometheus/regression-metrics.ts';
import type { ChangePointView, SeriesChangePoints } from '../export/reports/report-model.ts';
import type { KpiWindowVerdict } from '../model/kpi-window.ts';
import type { RunResult } from '../model/result.ts';
import type { DaemonHistoryRun, RunHistory } from './run-history.ts';

interface LatestTest {
  run: RunResult;
  test: SeriesTest;
  /** The interference of the baseline's runs against the current window's; absent without both windows. */
  cause?: CauseVerdict;
}

export type TrackerConfig = Pick<Config, 'baseline' | 'history' | 'judgement' | 'kpiWindow'>;

/** What one run changed: the change points new to the series and its KPI window verdicts. */
export interface Observed {
  changePoints: ChangePointView[];
  kpiWindow: KpiWindowVerdict[];
}

const key = (run: Pick<RunResult, 'workload' | 'threads'>) => `${run.workload}@${run.threads}`;

export class RegressionTracker {
  readonly #config: TrackerConfig;
  readonly #history: RunHistory;
  readonly #metrics: RegressionMetrics;
  readonly #latest = new Map<string, LatestTest>();
  /** Judged runs the tracker has judged, over all series: its clock for #countRegressions. */
  #evaluations = 0;
  /** When each series was last seen regressed, on that clock. */
  readonly #lastRegressed = new Map<string, number>();
  /** Judged runs each series' verdict has waited for the node's other series (see #judge). */
  readonly #waited = new Map<string, number>();
  #comparisons: SeriesComparison[] = [];

  constructor(config: TrackerConfig, history: RunHistory, metrics: RegressionMetrics) {
    this.#config = config;
    this.#history = history;
    this.#metrics = metrics;
  }

  /** Adds a finished run to the history and, when it was judged, judges its series' current window. */
  observe(run: RunResult, now = Date.parse(run.startedAt)): Observed {
    if (run.status !== 'ok') return { changePoints: [], kpiWindow: [] };
    const changePoints = this.#history.add(run);
    this.#metrics.observeChangePoints(run.workload, run.threads, changePoints);
    if (isJudged(run)) this.#judge(run, now);
    return { changePoints, kpiWindow: this.#history.kpiWindow(run.workload, run.threads) };
  }

  #judge(run: RunResult, now: number): void {
    const policy = this.#config.baseline;
    const tier = policy.tiers[`${run.tier}`];
    const sides = rollingComparison(this.#history.runs(run.workload, run.threads), this.#config.history, this.#config.kpiWindow, now);
    const latest: LatestTest = 'missing' in sides
      ? { run, test: { pValue: Number.NaN, shift: 0, changes: [], baselineCv: null, currentCv: null, incomparable: sides.missing } }
      : { run, test: testSeries(sides.baseline, sides.current, tier, policy) };
    if (!('missing' in sides)) {
      const cause = this.#causeOf(run, sides);
      // The node's other series have not run enough in this window yet (disturbed runs): the
      // series' verdict stands as it was until they have, for up to MAX_WAIT_RUNS judged runs.
      const waited = this.#waited.get(key(run)) ?? 0;
      if (cause === 'waiting' && waited < MAX_WAIT_RUNS && this.#latest.has(key(run))) {
        this.#waited.set(key(run), waited + 1);
        return;
      }
      this.#waited.delete(key(run));
      latest.cause = cause === 'waiting' ? changeCause(sides.baselineRuns, sides.currentRuns, this.#config.judgement) : cause;
    }
    this.#evaluations++;
    this.#latest.set(key(run), latest);
    this.#decideAll();
  }

  /**
   * Counts each regression once: a series that turns regressed (its own run, or the
   * Benjamini–Hochberg adjustment moved by another series' run) after at least a KPI window's
   * worth of the matrix's judged runs per series without a regressed verdict. As the rolling
   * baseline takes in a step, the test's p-value drifts back over alpha and the verdict
   * flickers; that is the same regression fading, not a new one. Once per cause: a real step
   * that lands in a slow stretch of the node is first the node's (analysis/node-shift.ts)
   * and, still regressed when the node is back, the runtime's. Counted once for both
   * causes, a step of +40 % replayed into the 11:54 A/A soak's log was lost in 5 of 45 tries
   * (docs/judgement.md).
   */
  #countRegressions(): void {
    const quietFor = this.#config.kpiWindow.runs * Math.max(1, this.#latest.size);
    for (const comparison of this.#comparisons) {
      if (comparison.verdict !== 'regressed') continue;
      const counted = `${key(comparison)} ${comparison.cause ?? 'runtime'}`;
      const last = this.#lastRegressed.get(counted);
      this.#lastRegressed.set(counted, this.#evaluations);
      if (last === undefined || this.#evaluations - last > quietFor) {
        this.#metrics.observeRegression(comparison.workload, comparison.threads, comparison.cause ?? 'runtime');
      }
    }
  }

  /** The interference first; where that says `runtime`, whether the node's other series moved with it. */
  #causeOf(run: RunResult, sides: RollingSides<DaemonHistoryRun>): CauseVerdict | 'waiting' {
    const byInterference = changeCause(sides.baselineRuns, sides.currentRuns, this.#config.judgement);
    const was = sides.baseline.statistics.mean;
    const is = sides.current.statistics.mean;
    if (byInterference.cause !== 'runtime' || was === undefined || is === undefined || !(was > 0)) return byInterference;
    const firstCurrent = sides.currentRuns[0].at;
    const node = this.#history.nodeCause(run.workload, run.threads, is / was - 1, { from: sides.baselineRuns[0].at, to: firstCurrent }, { from: firstCurrent });
    return node ?? byInterference;
  }

  /** The adjustment spans the latest comparison of every series: the matrix as it stands now. */
  #decideAll(): void {
    const entries = [...this.#latest.values()];
    const adjusted = benjaminiHochberg(entries.map((entry) => entry.test.pValue));
    this.#comparisons = entries.map(({ run, test, cause }, index) => {
      const decision = decideSeries(test, adjusted[index], this.#config.baseline.tiers[`${run.tier}`], this.#config.baseline);
      const changed = cause !== undefined && (decision.verdict === 'regressed' || decision.verdict === 'improved');
      return { ...seriesKeyOf(run), ...decision, ...(changed ? { cause: cause.cause, causeReason: cause.reason } : {}) };
    });
    for (const comparison of this.#comparisons) this.#metrics.observeComparison(comparison);
    this.#countRegressions();
  }

  /** The latest comparison of every series, as a report section. */
  report(): ComparisonReport {
    const series = [...this.#comparisons];
    const { windowDays, windowRuns } = this.#config.history;
    return {
      against: {
        name: 'rolling',
        createdAt: `last ${this.#config.kpiWindow.runs} judged runs against the judged runs before them (last ${windowDays} days, at most ${windowRuns} runs)`,
        fingerprint: null,
      },
      fingerprintDifferences: [], series, summary: summarize(series), alpha: this.#config.baseline.alpha, gate: this.#config.baseline.gate,
    };
  }

  changePoints(): SeriesChangePoints[] {
    return this.#history.changePoints();
  }
}
