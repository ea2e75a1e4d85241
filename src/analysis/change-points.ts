/**
 * Change points in a series of per-run values, the way Hunter (DataStax's port of MongoDB's
 * method) finds them:
 *
 * 1. **Split** (top-down, E-Divisive; Matteson & James 2014): in a window, the split τ that
 *    maximises the energy-distance statistic Q̂(τ) between the points before and after it
 *    is the candidate; it is kept when Student's t-test between the two segments it
 *    separates gives p ≤ 10 × maxPValue, and the segments are split again. Overlapping
 *    windows of `windowLength` points keep the O(n²) statistic cheap on long histories.
 * 2. **Merge** (bottom-up): the weakest change point (largest p, or else the smallest
 *    relative change) is dropped while its p is above `maxPValue` or its magnitude is
 *    below `minMagnitude`, and its neighbours' statistics are recomputed without it.
 *
 * 3. **Hold** (vmsoak's addition): a change point is returned only when at least
 *    `minSegment` points lie between it and each neighbour (or end). A level must hold for
 *    a KPI window to be a change: a slow episode of the node that 2–4 runs fall into is
 *    otherwise a pair of change points, up and down. Given the points' times, each segment
 *    must also span `minSegmentSpan` from its first point to its last: runs back to back
 *    make 5 points in 35 seconds. The search itself keeps Hunter's 2 points a side, so a
 *    step is placed where it is and reported once it has held.
 *
 * Hunter uses a t-test in place of E-Divisive's permutation test because it is
 * deterministic and works with few points. Its false-positive rate on pure noise is
 * measured in test/analysis/change-points.test.ts and stated in docs/baselines.md.
 */
import { type ChangePointOptions, DEFAULT_CHANGE_POINT_OPTIONS } from './change-point-options.ts';
import { studentTTest } from './student-t-test.ts';

export type { ChangePointOptions };

export interface ChangePoint {
  /** Index of the first point after the change. */
  index: number;
  meanBefore: number;
  meanAfter: number;
  stddevBefore: number;
  stddevAfter: number;
  pValue: number;
  /** meanAfter / meanBefore − 1. */
  change: number;
}

/** max(|after/before − 1|, |before/after − 1|), as Hunter ranks weak change points. */
function magnitude(point: ChangePoint): number {
  const { meanBefore: before, meanAfter: after } = point;
  const forward = before === 0 ? 0 : Math.abs(after / before - 1);
  const backward = after === 0 ? 0 : Math.abs(before / after - 1);
  return Math.max(forward, backward);
}

/** Statistics of a change at `index` between the neighbouring boundaries in `boundaries` (sorted). */
function describe(series: readonly number[], index: number, boundaries: readonly number[]): ChangePoint {
  let start = 0;
  let end = series.length;
  for (const boundary of boundaries) {
    if (boundary < index) start = Math.max(start, boundary);
    else if (boundary > index) end = Math.min(end, boundary);
  }
  const test = studentTTest(series.slice(start, index), series.slice(index, end));
  return {
    index, meanBefore: test.meanA, meanAfter: test.meanB, stddevBefore: test.stddevA, stddevAfter: test.stddevB,
    pValue: test.pValue, change: test.meanA === 0 ? 0 : test.meanB / test.meanA - 1,
  };
}

/**
 * Q̂(τ) for every τ of `segment` with at least 2 points on each side, by the incremental
 * update of the three distance sums as τ moves one point right: O(n²) for the segment.
 * Returns the best τ and its Q̂, or null when the segment is too short.
 */
function bestSplit(segment: readonly number[]): { tau: number; q: number } | null {
  const n = segment.length;
  if (n < 4) return null;
  const distance = (i: number, j: number) => Math.abs(segment[i] - segment[j]);
  // τ = 0: X empty, Y everything.
  let cross = 0;
  let withinX = 0;
  let withinY = 0;
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) withinY += distance(i, j);
  let best: { tau: number; q: number } | null = null;
  for (let tau = 1; tau <= n - 2; tau++) {
    // Move point tau-1 from Y to X.
    const moved = tau - 1;
    let toX = 0;
    let toY = 0;
    for (let i = 0; i < moved; i++) toX += distance(i, moved);
    for (let j = moved + 1; j < n; j++) toY += distance(moved, j);
    cross += toY - toX;
    withinX += toX;
    withinY -= toY;
    const x = tau;
    const y = n - tau;
    if (x < 2 || y < 2) continue;
    const energy = (2 / (x * y)) * cross - (2 / (x * (x - 1))) * withinX - (2 / (y * (y - 1))) * withinY;
    const q = ((x * y) / (x + y)) * energy;
    if (best === null || q > best.q) best = { tau, q };
  }
  return best;
}

/** E-Divisive on one window with the t-test as the significance test; indices into `series`. */
function eDivisive(series: readonly number[], maxPValue: number): number[] {
  const boundaries = [0, series.length];
  const found: number[] = [];
  for (;;) {
    let candidate: { index: number; q: number } | null = null;
    for (let k = 0; k + 1 < boundaries.length; k++) {
      const split = bestSplit(series.slice(boundaries[k], boundaries[k + 1]));
      if (split !== null && (candidate === null || split.q > candidate.q)) candidate = { index: boundaries[k] + split.tau, q: split.q };
    }
    if (candidate === null) return found;
    if (describe(series, candidate.index, boundaries).pValue > maxPValue) return found;
    found.push(candidate.index);
    boundaries.push(candidate.index);
    boundaries.sort((a, b) => a - b);
  }
}

function split(series: readonly number[], windowLength: number, maxPValue: number): number[] {
  const step = Math.max(1, Math.floor(windowLength / 2));
  const indices = new Set<number>();
  for (let start = 0; start < series.length;) {
    const end = Math.min(start + windowLength, series.length);
    const found = eDivisive(series.slice(start, end), maxPValue).map((index) => index + start).sort((a, b) => a - b);
    for (const index of found) indices.add(index);
    if (end === series.length) break;
    // Resume after the last change found, so a change near a window's end is seen whole in the next.
    start = Math.max(found.at(-1) ?? 0, start + step);
  }
  return [...indices].sort((a, b) => a - b);
}

function merge(series: readonly number[], indices: number[], options: ChangePointOptions): ChangePoint[] {
  const boundariesOf = (points: readonly ChangePoint[]) => [0, ...points.map((point) => point.index), series.length];
  let points = indices.map((index) => describe(series, index, [0, ...indices, series.length]));
  while (points.length > 0) {
    let weakest = points.reduce((a, b) => (b.pValue > a.pValue ? b : a));
    if (weakest.pValue <= options.maxPValue) {
      weakest = points.reduce((a, b) => (magnitude(b) < magnitude(a) ? b : a));
      if (magnitude(weakest) >= options.minMagnitude) return points;
    }
    const at = points.indexOf(weakest);
    points = points.filter((point) => point !== weakest);
    const boundaries = boundariesOf(points);
    for (const neighbour of [at - 1, at]) {
      if (neighbour >= 0 && neighbour < points.length) points[neighbour] = describe(series, points[neighbour].index, boundaries);
    }
  }
  return points;
}

/**
 * Change points of `series` in index order. Callers drop missing values first; a non-finite
 * value throws. `timesMs`, each point's time, makes `minSegmentSpan` apply.
 */
export function detectChangePoints(series: readonly number[], options: Partial<ChangePointOptions> = {}, timesMs?: readonly number[]): ChangePoint[] {
  const settings = { ...DEFAULT_CHANGE_POINT_OPTIONS, ...options };
  if (!(settings.windowLength >= 4)) throw new RangeError(`windowLength must be at least 4, got ${settings.windowLength}`);
  if (!(Number.isInteger(settings.minSegment) && settings.minSegment >= 1)) throw new RangeError(`minSegment must be an integer of at least 1, got ${settings.minSegment}`);
  if (!series.every(Number.isFinite)) throw new RangeError('series must hold finite numbers only');
  if (series.length < 4) return [];
  const candidates = split(series, settings.windowLength, settings.maxPValue * 10);
  const points = merge(series, candidates, settings);
  const boundaries = [0, ...points.map((point) => point.index), series.length];
  const holds = (from: number, to: number) => to - from >= settings.minSegment
    && (timesMs === undefined || timesMs[to - 1] - timesMs[from] >= settings.minSegmentSpan);
  return points.filter((point, i) => holds(boundaries[i], point.index) && holds(point.index, boundaries[i + 2]));
}
