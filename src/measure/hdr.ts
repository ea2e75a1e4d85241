/**
 * HDR histograms in integer ns (hdr-histogram-js, WASM mode), their base64 wire form, and
 * the summaries a run result carries.
 *
 * WASM mode records a value in about a fifth of the JS mode's time, which is what keeps the
 * recorder's cost below the timer's. The price: a WASM histogram's counts live in the
 * WebAssembly module's linear memory, which the JS garbage collector neither sees nor
 * frees. The JS wrapper object is collected, but the memory it points to stays pinned
 * until `destroy()` is called, so a histogram that is dropped without `destroy()` leaks
 * for the life of the thread; in a daemon that creates histograms for every run, that is
 * a leak without end. Every function here destroys what it creates, on every path.
 * Decoding and merging use the JS mode instead (see decodeHistogram).
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64, initWebAssembly } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { LatencySummaryNs } from '../model/result.ts';

export type { Histogram };

const NS_PER_HOUR = 3_600_000_000_000;

/**
 * 64-bit counts: a batch records `ops` operations in one bucket, and an 8 ns op run for a
 * minute is 7.5e9 counts, past 32 bits. (32-bit WASM histograms overflow silently and
 * then abort in `mean`.) JS-mode decoding of 64-bit data gives a Float64 histogram, whose
 * counts are exact up to 2^53.
 */
export const HDR_BIT_BUCKET_SIZE = 64;

let ready: Promise<void> | undefined;

/**
 * Instantiates the WASM module for this thread (each worker has its own module instance).
 * Idempotent; every WASM-mode function below requires it to have resolved.
 */
export async function initHdr(): Promise<void> {
  ready ??= initWebAssembly().catch((error: unknown) => {
    ready = undefined; // let a later call try again instead of caching the failure
    throw error;
  });
  return ready;
}

/**
 * An empty WASM histogram of integer ns: values from 1 ns, 3 significant digits (unit
 * resolution below 2048 ns, 0.1 % above), sized for an hour and growing past it rather
 * than throwing. The caller owns it and must `destroy()` it.
 */
export function createHistogram(): Histogram {
  return build({
    useWebAssembly: true,
    bitBucketSize: HDR_BIT_BUCKET_SIZE,
    lowestDiscernibleValue: 1,
    highestTrackableValue: NS_PER_HOUR,
    autoResize: true,
    numberOfSignificantValueDigits: 3,
  });
}

/** Compressed base64 (HdrHistogram V2 encoding, readable by the Java and Go ports too). */
export function encodeHistogram(histogram: Histogram): string {
  return encodeIntoCompressedBase64(histogram);
}

/**
 * A histogram from compressed base64, in JS mode with 64-bit float counts. Not WASM: the
 * WASM decoder of hdr-histogram-js 3.0.1 reads counts as 32-bit signed values, so a bucket
 * holding 2^31 or more (17 s of an 8 ns op in one bucket) decodes as 0, garbage or a
 * memory-access fault (see test/measure/hdr.test.ts). Decoding happens after a run, off
 * the measurement path, where the JS mode's speed does not matter. JS histograms are
 * garbage-collected; `destroy()` on one is harmless, so callers may treat both alike.
 */
export function decodeHistogram(b64: string): Histogram {
  return decodeFromCompressedBase64(b64, HDR_BIT_BUCKET_SIZE, false);
}

/** Adds all encoded histograms into one. null when there is nothing to merge. */
export function mergeEncoded(encoded: readonly string[]): string | null {
  if (encoded.length === 0) return null;
  // JS mode like decodeHistogram: `add` needs both sides in the same mode.
  const total = build({
    useWebAssembly: false,
    bitBucketSize: HDR_BIT_BUCKET_SIZE,
    lowestDiscernibleValue: 1,
    highestTrackableValue: NS_PER_HOUR,
    autoResize: true,
    numberOfSignificantValueDigits: 3,
  });
  for (const b64 of encoded) total.add(decodeHistogram(b64));
  return encodeHistogram(total);
}

export type LatencySummaryWithCount = LatencySummaryNs & { count: number };

const EMPTY_SUMMARY: Readonly<LatencySummaryWithCount> = {
  min: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, stddev: 0, count: 0,
};

/**
 * The latency statistics of an encoded histogram. Percentiles and max are HDR values
 * (within 0.1 %); mean and stddev are computed from the buckets, so they are HDR-rounded
 * too (the exact mean is sumNs / ops). Zeros for no data.
 */
export function summarizeEncoded(b64: string | null): LatencySummaryWithCount {
  if (b64 === null) return { ...EMPTY_SUMMARY };
  const histogram = decodeHistogram(b64);
  try {
    const count = histogram.totalCount;
    if (count === 0) return { ...EMPTY_SUMMARY };
    return {
      min: histogram.minNonZeroValue,
      p50: histogram.getValueAtPercentile(50),
      p90: histogram.getValueAtPercentile(90),
      p99: histogram.getValueAtPercentile(99),
      p999: histogram.getValueAtPercentile(99.9),
      max: histogram.maxValue,
      mean: histogram.mean,
      stddev: histogram.stdDeviation,
      count,
    };
  } finally {
    histogram.destroy();
  }
}
