/** The settings of change-point detection (analysis/change-points.ts), shared by the config and the analysis. */
export interface ChangePointOptions {
  /** Points per E-Divisive window (Hunter's `window_len`); default 50. */
  windowLength: number;
  /** Largest p-value a change point may keep; default 0.001. */
  maxPValue: number;
  /** Smallest relative change of the mean a change point may have; default 0.05. */
  minMagnitude: number;
}
