/** The settings of change-point detection (see change-points.ts), apart from it so the config loads none of the statistics code. */
import type { ChangePointOptions } from '../model/change-point-options.ts';

export type { ChangePointOptions } from '../model/change-point-options.ts';

export const DEFAULT_CHANGE_POINT_OPTIONS: Readonly<ChangePointOptions> = Object.freeze({
  windowLength: 50,
  maxPValue: 0.001,
  minMagnitude: 0.05,
  minSegment: 5,
  minSegmentSpan: 600_000,
});
