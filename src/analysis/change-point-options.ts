/** The settings of change-point detection (see change-points.ts), apart from it so the config loads none of the statistics code. */

export interface ChangePointOptions {
  /** Points per E-Divisive window (Hunter's `window_len`); default 50. */
  windowLength: number;
  /** Largest p-value a change point may keep; default 0.001. */
  maxPValue: number;
  /** Smallest relative change of the mean a change point may have; default 0.05. */
  minMagnitude: number;
}

export const DEFAULT_CHANGE_POINT_OPTIONS: Readonly<ChangePointOptions> = Object.freeze({
  windowLength: 50,
  maxPValue: 0.001,
  minMagnitude: 0.05,
});
