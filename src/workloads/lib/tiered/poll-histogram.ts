/**
 * The scheduler's own poll-time histogram: 64 power-of-two buckets over integer ns
 * (bucket b holds [2^(b-1), 2^b), bucket 0 holds 0), plus count, sum and max. It is part
 * of the scheduler core being measured, as Tokio's poll-time histogram is part of Tokio,
 * which is why it is not vmsoak's HDR recorder: recording is a count of leading zeros and
 * an increment, with nothing to call across into WASM.
 */
export const BUCKETS = 64;
const TWO_POW_32 = 2 ** 32;

/** The bucket of a non-negative ns value: its bit length, 0 for values below 1. */
export function bucketOf(ns: number): number {
  if (ns < 1) return 0;
  if (ns < TWO_POW_32) return 32 - Math.clz32(ns);
  // clz32 works on 32 bits, so take the high word; past 2^64 ns (584 years), the last bucket.
  const high = Math.floor(ns / TWO_POW_32);
  return high < TWO_POW_32 ? Math.min(BUCKETS - 1, 64 - Math.clz32(high)) : BUCKETS - 1;
}

export class PollHistogram {
  readonly #counts = new Float64Array(BUCKETS);
  #count = 0;
  #sum = 0;
  #max = 0;

  /** Records one poll time; returns the number of values recorded so far. */
  record(ns: number): number {
    this.#counts[bucketOf(ns)]++;
    this.#sum += ns;
    if (ns > this.#max) this.#max = ns;
    return ++this.#count;
  }

  bucketCount(bucket: number): number {
    return this.#counts[bucket];
  }

  get count(): number {
    return this.#count;
  }

  get sum(): number {
    return this.#sum;
  }

  get max(): number {
    return this.#max;
  }

  /** Upper bound of the bucket holding quantile q (0..1): at most 2x the true value. */
  quantileUpperBound(q: number): number {
    if (this.#count === 0) return 0;
    const rank = Math.ceil(q * this.#count);
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.#counts[bucket];
      if (seen >= rank && seen > 0) return Math.min(this.#max, bucket === 0 ? 0 : 2 ** bucket - 1);
    }
    return this.#max;
  }
}
