/** The settings of change-point detection (analysis/change-points.ts), shared by the config and the analysis. */
export interface ChangePointOptions {
  /** Points per E-Divisive window (Hunter's `window_len`); default 50. */
  windowLength: number;
  /** Largest p-value a change point may keep; default 0.001. */
  maxPValue: number;
  /** Smallest relative change of the mean a change point may have; default 0.05. */
  minMagnitude: number;
  /**
   * Fewest points between a reported change point and its neighbours (or the series' ends);
   * default 5, one KPI window: a level must hold that long to be a change, so a slow episode
   * of the node that 2–4 runs of a series fall into is not a pair of change points.
   */
  minSegment: number;
  /**
   * Shortest time, in ms, from the first to the last point of each of those segments;
   * default 10 minutes (config `history.changePoints.minSegmentSpan`). A continuous suite
   * runs a series 8 times a minute, so 5 points can be a 35-second slow stretch of the node.
   */
  minSegmentSpan: number;
}
