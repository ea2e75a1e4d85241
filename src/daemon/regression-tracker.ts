/**
 * Each run of the daemon judged against its own trailing history: the rolling baseline of
 * its series, the decision rule with Benjamini–Hochberg over the latest comparison of every
 * series, the regression and change-point metrics, and the views `/api/changes` and the
 * reports show.
 */
import type { ComparisonReport } from '../analysis/baseline-comparison.ts';
import { benjaminiHochberg } from '../analysis/benjamini-hochberg.ts';
import { type SeriesComparison, seriesKeyOf, sideOfRun, summarize } from '../analysis/matrix-comparison.ts';
import { rollingSide, windowRuns } from '../analysis/rolling-baseline.ts';
import { decideSeries, type SeriesTest, testSeries } from '../analysis/series-comparison.ts';
import type { Config } from '../config/types.ts';
import type { RegressionMetrics } from '../export/prometheus/regression-metrics.ts';
import type { SeriesChangePoints } from '../export/reports/report-model.ts';
import type { RunResult } from '../model/result.ts';
import type { RunHistory } from './run-history.ts';

interface LatestTest {
  run: RunResult;
  test: SeriesTest;
}

export class RegressionTracker {
  readonly #config: Pick<Config, 'baseline' | 'history'>;
  readonly #history: RunHistory;
  readonly #metrics: RegressionMetrics;
  readonly #latest = new Map<string, LatestTest>();
  #comparisons: SeriesComparison[] = [];

  constructor(config: Pick<Config, 'baseline' | 'history'>, history: RunHistory, metrics: RegressionMetrics) {
    this.#config = config;
    this.#history = history;
    this.#metrics = metrics;
  }

  /** Judges a finished run against the window before it, then adds it to the history. */
  observe(run: RunResult, now = Date.parse(run.startedAt)): void {
    if (run.status !== 'ok') return;
    const policy = this.#config.baseline;
    const tier = policy.tiers[`${run.tier}`];
    const window = rollingSide(windowRuns(this.#history.runs(run.workload, run.threads), this.#config.history, now), this.#config.history);
    const current = sideOfRun(run);
    const test: SeriesTest = 'missing' in window || current === null
      ? { pValue: Number.NaN, shift: 0, changes: [], baselineCv: null, currentCv: null, incomparable: 'missing' in window ? window.missing : 'run failed' }
      : testSeries(window, current, tier, policy);
    this.#latest.set(`${run.workload}@${run.threads}`, { run, test });
    this.#decideAll();
    const fresh = this.#history.add(run);
    this.#metrics.observeChangePoints(run.workload, run.threads, fresh);
  }

  /** The adjustment spans the latest comparison of every series: the matrix as it stands now. */
  #decideAll(): void {
    const entries = [...this.#latest.values()];
    const adjusted = benjaminiHochberg(entries.map((entry) => entry.test.pValue));
    this.#comparisons = entries.map(({ run, test }, index) => ({
      ...seriesKeyOf(run),
      ...decideSeries(test, adjusted[index], this.#config.baseline.tiers[`${run.tier}`], this.#config.baseline),
    }));
    for (const comparison of this.#comparisons) this.#metrics.observeComparison(comparison);
  }

  /** The latest comparison of every series, as a report section. */
  report(): ComparisonReport {
    const series = [...this.#comparisons];
    return {
      against: { name: 'rolling', createdAt: `last ${this.#config.history.windowDays} days, at most ${this.#config.history.windowRuns} runs`, fingerprint: null },
      fingerprintDifferences: [], series, summary: summarize(series), alpha: this.#config.baseline.alpha, gate: this.#config.baseline.gate,
    };
  }

  changePoints(): SeriesChangePoints[] {
    return this.#history.changePoints();
  }
}
