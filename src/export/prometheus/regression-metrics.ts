/**
 * The regression metrics: each run against its series' rolling baseline, and the change
 * points of each series' history. Registered into vmsoak's own registry next to the other
 * metrics; labels are workload and threads (plus statistic), all bounded by the catalog.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { SeriesComparison } from '../../analysis/matrix-comparison.ts';
import type { ChangePointView } from '../reports/report-model.ts';

/** The statistics of vmsoak_baseline_ratio. */
export const RATIO_STATISTICS = ['mean', 'p50', 'p99', 'max'] as const;

const STATE: Readonly<Record<SeriesComparison['verdict'], number | null>> = {
  regressed: 1, improved: -1, unchanged: 0, noisy: 0, incomparable: null,
};

type SeriesLabel = 'workload' | 'threads';

export class RegressionMetrics {
  readonly #ratio: Gauge<SeriesLabel | 'statistic'>;
  readonly #state: Gauge<SeriesLabel>;
  readonly #pValue: Gauge<SeriesLabel>;
  readonly #changePoints: Counter<SeriesLabel>;
  readonly #lastChangePoint: Gauge<SeriesLabel>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.#ratio = new Gauge({
      name: 'vmsoak_baseline_ratio',
      help: 'Last run\'s statistic divided by the rolling baseline\'s (the median of the trailing window\'s runs); above 1 is slower for latency statistics.',
      labelNames: ['workload', 'threads', 'statistic'], registers,
    });
    this.#state = new Gauge({
      name: 'vmsoak_regression_state',
      help: 'Last run against the rolling baseline: 1 regressed, -1 improved, 0 unchanged or noisy; absent while the window has too few runs.',
      labelNames: ['workload', 'threads'], registers,
    });
    this.#pValue = new Gauge({
      name: 'vmsoak_regression_p_value',
      help: 'Mann-Whitney p-value of the last run\'s samples against the rolling baseline\'s, Benjamini-Hochberg adjusted across the series.',
      labelNames: ['workload', 'threads'], registers,
    });
    this.#changePoints = new Counter({
      name: 'vmsoak_change_points_total',
      help: 'Change points found in the series\' per-run mean latency since the daemon started (E-Divisive with a t-test).',
      labelNames: ['workload', 'threads'], registers,
    });
    this.#lastChangePoint = new Gauge({
      name: 'vmsoak_last_change_point_timestamp_seconds',
      help: 'Unix time of the run at which the series\' most recent change point starts.',
      labelNames: ['workload', 'threads'], registers,
    });
  }

  /** Starts the change-point counter of a planned series at zero. */
  initSeries(workload: string, threads: number): void {
    this.#changePoints.inc({ workload, threads: String(threads) }, 0);
  }

  observeComparison(comparison: SeriesComparison): void {
    const labels = { workload: comparison.workload, threads: String(comparison.threads) };
    for (const statistic of RATIO_STATISTICS) {
      const change = comparison.changes.find((c) => c.statistic === statistic);
      if (change === undefined) this.#ratio.remove({ ...labels, statistic });
      else this.#ratio.set({ ...labels, statistic }, change.ratio);
    }
    const state = STATE[comparison.verdict];
    if (state === null) this.#state.remove(labels);
    else this.#state.set(labels, state);
    if (Number.isFinite(comparison.adjustedPValue)) this.#pValue.set(labels, comparison.adjustedPValue);
    else this.#pValue.remove(labels);
  }

  /**
   * Counts change points new to the daemon; `known` sets the last timestamp without
   * counting (those found in the history loaded at start).
   */
  observeChangePoints(workload: string, threads: number, points: readonly ChangePointView[], known = false): void {
    if (points.length === 0) return;
    const labels = { workload, threads: String(threads) };
    if (!known) this.#changePoints.inc(labels, points.length);
    const latest = Math.max(...points.map((point) => Date.parse(point.at)));
    this.#lastChangePoint.set(labels, latest / 1000);
  }
}
