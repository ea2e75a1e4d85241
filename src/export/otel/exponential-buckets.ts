/**
 * An OpenTelemetry base-2 exponential histogram that accepts a value with a count, so a
 * run's HDR histogram can be folded in once per distinct HDR value instead of once per
 * operation. The SDK's own ExponentialHistogram aggregation only has `record(value)`, one
 * call per sample, which for a run of 10^8 operations would cost seconds of main-thread
 * time; its accumulation class with an increment is internal to @opentelemetry/sdk-metrics.
 *
 * The algorithm is the SDK's (and the OTel data model's): start at the finest scale, and
 * when the populated index range no longer fits in `maxSize` buckets, lower the scale
 * (each step merges pairs of buckets) until it does. Bucket `i` at scale `s` holds the
 * values in (2^(i·2^-s), 2^((i+1)·2^-s)].
 */
import type { ExponentialHistogram } from '@opentelemetry/sdk-metrics';

/** The SDK's defaults for the ExponentialHistogram aggregation. */
export const DEFAULT_MAX_SIZE = 160;
export const MAX_SCALE = 20;
/** The scale at which a double's full range still fits; the data model's lower limit. */
const MIN_SCALE = -10;

/** The bucket index of a positive value at `scale`. */
export function bucketIndex(value: number, scale: number): number {
  const perDoubling = 2 ** scale;
  let index = Math.ceil(Math.log2(value) * perDoubling) - 1;
  // log2 is not exact near a boundary; one step either way puts the value back inside.
  if (value <= lowerBoundary(index, scale)) index--;
  else if (value > lowerBoundary(index + 1, scale)) index++;
  return index;
}

/** The exclusive lower boundary of bucket `index` (the inclusive upper one of `index - 1`). */
export function lowerBoundary(index: number, scale: number): number {
  return 2 ** (index / 2 ** scale);
}

export class ExponentialBuckets {
  readonly maxSize: number;
  #scale = MAX_SCALE;
  /** Index of counts[0]; meaningless while counts is empty. */
  #start = 0;
  #counts: number[] = [];
  #zeroCount = 0;
  #count = 0;
  #min = Number.POSITIVE_INFINITY;
  #max = Number.NEGATIVE_INFINITY;
  /** Kept apart from the buckets: the caller knows the exact sum, the buckets only ranges. */
  sum = 0;

  constructor(maxSize = DEFAULT_MAX_SIZE) {
    if (!Number.isInteger(maxSize) || maxSize < 2) throw new Error('maxSize must be an integer of at least 2');
    this.maxSize = maxSize;
  }

  get scale(): number {
    return this.#scale;
  }

  get count(): number {
    return this.#count;
  }

  /** Adds `count` occurrences of `value` (>= 0; latencies have no negative values). */
  add(value: number, count: number): void {
    if (!(value >= 0) || !Number.isFinite(value)) throw new Error(`value must be finite and >= 0, got ${value}`);
    if (!Number.isInteger(count) || count < 0) throw new Error(`count must be a non-negative integer, got ${count}`);
    if (count === 0) return;
    this.#count += count;
    this.#min = Math.min(this.#min, value);
    this.#max = Math.max(this.#max, value);
    if (value === 0) {
      this.#zeroCount += count;
      return;
    }
    let index = bucketIndex(value, this.#scale);
    if (this.#counts.length === 0) {
      this.#start = index;
      this.#counts = [count];
      return;
    }
    const change = this.#downscaleNeeded(index);
    if (change > 0) {
      this.#downscale(change);
      index = bucketIndex(value, this.#scale);
    }
    if (index < this.#start) {
      this.#counts.unshift(...new Array<number>(this.#start - index).fill(0));
      this.#start = index;
    } else if (index >= this.#start + this.#counts.length) {
      this.#counts.push(...new Array<number>(index - this.#start - this.#counts.length + 1).fill(0));
    }
    this.#counts[index - this.#start] += count;
  }

  /** The OTel data point value; min and max are absent while empty. */
  snapshot(): ExponentialHistogram {
    const empty = this.#count === 0;
    return {
      count: this.#count,
      sum: this.sum,
      // The SDK reports scale 0 while no bucket is populated (nothing or only zeros recorded).
      scale: this.#counts.length === 0 ? 0 : this.#scale,
      zeroCount: this.#zeroCount,
      positive: { offset: this.#counts.length === 0 ? 0 : this.#start, bucketCounts: [...this.#counts] },
      negative: { offset: 0, bucketCounts: [] },
      ...(empty ? {} : { min: this.#min, max: this.#max }),
    };
  }

  /** How many scale steps down make the range including `index` fit in maxSize. */
  #downscaleNeeded(index: number): number {
    let low = Math.min(index, this.#start);
    let high = Math.max(index, this.#start + this.#counts.length - 1);
    let change = 0;
    while (high - low + 1 > this.maxSize && this.#scale - change > MIN_SCALE) {
      low >>= 1;
      high >>= 1;
      change++;
    }
    return change;
  }

  #downscale(change: number): void {
    // An arithmetic shift floors, also for negative indices: bucket i at scale s lies
    // inside bucket floor(i / 2) at scale s - 1.
    const start = this.#start >> change;
    const end = (this.#start + this.#counts.length - 1) >> change;
    const merged = new Array<number>(end - start + 1).fill(0);
    for (let i = 0; i < this.#counts.length; i++) merged[((this.#start + i) >> change) - start] += this.#counts[i];
    this.#start = start;
    this.#counts = merged;
    this.#scale -= change;
  }
}
