/**
 * The regression metrics: each run against its series' rolling baseline, and the change
 * points of each series' history. Registered into vmsoak's own registry next to the other
 * metrics; labels are workload and threads (plus statistic), all bounded by the catalog.
 */
import type { Counter, Gauge, Registry } from 'prom-client';
import type { ChangeCause } from '../../analysis/change-cause.ts';
import type { SeriesComparison } from '../../analysis/matrix-comparison.ts';
import type { ChangePointView } from '../reports/report-model.ts';
import { FAMILIES } from '../metric-families.ts';
import { detailPolicy, type DetailPolicy, type RatioStatistic } from './detail.ts';
import { counterOf, gaugeOf } from './instruments.ts';

const STATE: Readonly<Record<SeriesComparison['verdict'], number | null>> = {
  regressed: 1, improved: -1, unchanged: 0, noisy: 0, incomparable: null,
};

type SeriesLabel = 'workload' | 'threads';

export const CHANGE_CAUSES: readonly ChangeCause[] = ['runtime', 'environment'];

/**
 * The state a comparison sets: only a runtime regression is 1 (VmsoakRegressionDetected
 * fires on it); one whose cause is the node's interference is 0, and counted in
 * vmsoak_regressions_total{cause="environment"} instead. A change without a cause (no
 * interference readings) counts as runtime: nothing says the node did it.
 */
export function regressionStateOf(comparison: Pick<SeriesComparison, 'verdict' | 'cause'>): number | null {
  if (comparison.cause === 'environment' && (comparison.verdict === 'regressed' || comparison.verdict === 'improved')) return 0;
  return STATE[comparison.verdict];
}

export class RegressionMetrics {
  readonly #ratio: Gauge<SeriesLabel | 'statistic'>;
  readonly #state: Gauge<SeriesLabel>;
  readonly #pValue: Gauge<SeriesLabel> | null;
  readonly #changePoints: Counter<SeriesLabel | 'cause'>;
  readonly #regressions: Counter<SeriesLabel | 'cause'>;
  readonly #lastChangePoint: Gauge<SeriesLabel>;
  readonly #ratioStatistics: readonly RatioStatistic[];
  readonly #preCreate: boolean;

  /** `detail`: the registry's detail policy (VmsoakMetrics.detail); default detail unless given. */
  constructor(registry: Registry, detail: DetailPolicy = detailPolicy()) {
    this.#ratioStatistics = detail.ratioStatistics;
    this.#preCreate = detail.preCreateCounters;
    this.#ratio = gaugeOf(FAMILIES.baselineRatio, registry);
    this.#state = gaugeOf(FAMILIES.regressionState, registry);
    this.#pValue = detail.includes(FAMILIES.regressionPValue) ? gaugeOf(FAMILIES.regressionPValue, registry) : null;
    this.#changePoints = counterOf(FAMILIES.changePoints, registry);
    this.#regressions = counterOf(FAMILIES.regressions, registry);
    this.#lastChangePoint = gaugeOf(FAMILIES.lastChangePointTimestamp, registry);
  }

  /** Starts the change-point counter of a planned series at zero (full detail; see detail.ts). */
  initSeries(workload: string, threads: number): void {
    if (!this.#preCreate) return;
    for (const cause of CHANGE_CAUSES) {
      this.#changePoints.inc({ workload, threads: String(threads), cause }, 0);
      this.#regressions.inc({ workload, threads: String(threads), cause }, 0);
    }
  }

  observeComparison(comparison: SeriesComparison): void {
    const labels = { workload: comparison.workload, threads: String(comparison.threads) };
    for (const statistic of this.#ratioStatistics) {
      const change = comparison.changes.find((c) => c.statistic === statistic);
      if (change === undefined) this.#ratio.remove({ ...labels, statistic });
      else this.#ratio.set({ ...labels, statistic }, change.ratio);
    }
    const state = regressionStateOf(comparison);
    if (state === null) this.#state.remove(labels);
    else this.#state.set(labels, state);
    if (this.#pValue === null) return;
    if (Number.isFinite(comparison.adjustedPValue)) this.#pValue.set(labels, comparison.adjustedPValue);
    else this.#pValue.remove(labels);
  }

  /** A series that turned regressed, with the cause its judged runs' interference gives. */
  observeRegression(workload: string, threads: number, cause: ChangeCause): void {
    this.#regressions.inc({ workload, threads: String(threads), cause });
  }

  /**
   * Counts change points new to the daemon, by cause; `known` sets the last timestamp without
   * counting (those found in the history loaded at start).
   */
  observeChangePoints(workload: string, threads: number, points: readonly ChangePointView[], known = false): void {
    if (points.length === 0) return;
    const labels = { workload, threads: String(threads) };
    for (const cause of CHANGE_CAUSES) {
      const found = points.filter((point) => (point.cause ?? 'runtime') === cause).length;
      // Known points start the counter at 0 (when it was not pre-created), so the points found
      // from now on count from the series' first scrape.
      if (found > 0) this.#changePoints.inc({ ...labels, cause }, known ? 0 : found);
    }
    const latest = Math.max(...points.map((point) => Date.parse(point.at)));
    this.#lastChangePoint.set(labels, latest / 1000);
  }
}
