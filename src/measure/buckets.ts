/**
 * Classic Prometheus histogram buckets derived from HDR data after a run, so the hot path
 * records into HDR only and never calls a per-sample `observe()`.
 */
import type { JsHistogram } from 'hdr-histogram-js';
import { decodeHistogram } from './hdr.ts';

/** Upper bounds (`le`) in ns: 1, 2, 5 per decade from 10 ns to 10 s, 28 buckets plus +Inf. */
export const LATENCY_BUCKET_BOUNDS_NS: readonly number[] = Object.freeze(logSpacedBounds(10, 1e10));

function logSpacedBounds(lowest: number, highest: number): number[] {
  const bounds: number[] = [];
  for (let decade = lowest; decade <= highest; decade *= 10) {
    for (const step of [1, 2, 5]) {
      const bound = decade * step;
      if (bound <= highest) bounds.push(bound);
    }
  }
  return bounds;
}

/**
 * cumulative[i] = how many recorded values are <= boundsNs[i]; count = all of them (+Inf).
 *
 * An HDR histogram does not keep values, only counts per sub-bucket, and every value of a
 * sub-bucket [lowest, highest equivalent value] is counted alike. A sub-bucket's count goes
 * to the first bound >= its HIGHEST equivalent value (`valueIteratedTo` of the recorded-
 * values iterator), so a value is never placed in a bucket whose bound it exceeds:
 * - Below 2048 ns every sub-bucket is one integer wide (3 significant digits give 2048
 *   sub-buckets at unit resolution from lowestDiscernibleValue 1), so highest = the
 *   recorded integer and the counts are exact for the bounds 10 ns .. 2 µs.
 * - Above, a sub-bucket is at most 1/1024 of its value wide. A value within that width
 *   below a bound that falls inside its sub-bucket is counted in the next bucket up: the
 *   error is limited to values within 0.1 % under a bound, HDR's own precision.
 *
 * The WASM histogram has no iteration API, so the data is decoded in JS mode for the walk;
 * this runs once per run (or scrape), off the measurement path.
 */
export function cumulativeBucketCounts(
  encodedRaw: string | null,
  boundsNs: readonly number[],
): { cumulative: number[]; count: number } {
  const cumulative = new Array<number>(boundsNs.length).fill(0);
  if (encodedRaw === null) return { cumulative, count: 0 };
  // decodeHistogram gives a JS-mode histogram, the only mode with an iterator.
  const histogram = decodeHistogram(encodedRaw) as JsHistogram;
  const iterator = histogram.recordedValuesIterator;
  iterator.reset();
  // Counts per bucket first (values arrive in ascending order), prefix sums after.
  const perBucket = new Array<number>(boundsNs.length).fill(0);
  let count = 0;
  let bucket = 0;
  while (iterator.hasNext()) {
    const step = iterator.next();
    const highestEquivalent = step.valueIteratedTo;
    count += step.countAtValueIteratedTo;
    while (bucket < boundsNs.length && boundsNs[bucket] < highestEquivalent) bucket++;
    if (bucket < boundsNs.length) perBucket[bucket] += step.countAtValueIteratedTo;
  }
  let running = 0;
  for (let i = 0; i < boundsNs.length; i++) {
    running += perBucket[i];
    cumulative[i] = running;
  }
  return { cumulative, count };
}
