/**
 * The history views that analysis computes and the reports, the status page and the
 * metrics show: change points and KPI trends over the run history.
 */
import type { Direction, KpiUnit } from './kpi.ts';

export interface ChangePointView {
  /** ISO time of the first run after the change. */
  at: string;
  before: number;
  after: number;
  /** after / before − 1. */
  change: number;
  pValue: number;
  /**
   * `environment` when the node's interference differed before and after beyond the
   * judgement thresholds, else `runtime` (see analysis/change-cause.ts); absent where no
   * thresholds were given.
   */
  cause?: 'environment' | 'runtime';
  /** Which readings differed, or why none did. */
  causeReason?: string;
}

/** Change points of one series' per-run mean latency (the daemon's history). */
export interface SeriesChangePoints {
  workload: string;
  threads: number;
  points: readonly ChangePointView[];
}

/** One KPI over the run history, for the trend chart. */
export interface KpiTrend {
  id: string;
  unit: KpiUnit;
  target: number;
  direction: Direction;
  points: readonly { at: string; value: number }[];
  changePoints: readonly ChangePointView[];
}
