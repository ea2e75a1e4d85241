import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createHistogram, decodeHistogram, encodeHistogram, initHdr, mergeEncoded, summarizeEncoded,
} from '../../src/measure/hdr.ts';
import { LatencyRecorder } from '../../src/measure/recorder.ts';

before(async () => {
  await initHdr();
});

/** Deterministic spread of integer ns values from 1 ns to ~50 ms (log-uniform). */
function values(count: number, seed: number): number[] {
  let state = seed;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out.push(Math.max(1, Math.round(Math.exp((state / 2147483648) * Math.log(5e7)))));
  }
  return out;
}

/** HDR with 3 significant digits stores a value in a bucket at most 1/1024 of it wide. */
function assertWithinHdrPrecision(actual: number, exact: number, what: string): void {
  const width = Math.max(1, exact / 1024);
  assert.ok(Math.abs(actual - exact) <= width, `${what}: expected ~${exact}, got ${actual}`);
}

/** The value HDR reports for a percentile: the smallest value with rank >= p% of n. */
function exactPercentile(sorted: readonly number[], percentile: number): number {
  const rank = Math.max(1, Math.ceil((percentile / 100) * sorted.length));
  return sorted[rank - 1];
}

test('encode -> decode -> merge keeps counts, extremes and percentiles', () => {
  const first = values(600, 7);
  const second = values(400, 11);
  const recorderA = new LatencyRecorder();
  const recorderB = new LatencyRecorder();
  try {
    for (const v of first) recorderA.record(v);
    for (const v of second) recorderB.record(v);
    const merged = mergeEncoded([recorderA.encode().raw, recorderB.encode().raw]);
    assert.ok(merged);
    const all = [...first, ...second].sort((a, b) => a - b);
    const summary = summarizeEncoded(merged);
    assert.equal(summary.count, all.length);
    assertWithinHdrPrecision(summary.min, all[0], 'min');
    assertWithinHdrPrecision(summary.max, all[all.length - 1], 'max');
    for (const [key, p] of [['p50', 50], ['p90', 90], ['p99', 99], ['p999', 99.9]] as const) {
      assertWithinHdrPrecision(summary[key], exactPercentile(all, p), key);
    }
    const exactMean = all.reduce((a, b) => a + b, 0) / all.length;
    assert.ok(Math.abs(summary.mean - exactMean) / exactMean < 1e-3, `mean ${summary.mean} vs ${exactMean}`);
    assert.ok(summary.stddev > 0);
  } finally {
    recorderA.destroy();
    recorderB.destroy();
  }
});

test('a decoded histogram has the same counts as the one encoded', () => {
  const original = createHistogram();
  try {
    original.recordValueWithCount(42, 5);
    original.recordValue(1_000_000);
    const decoded = decodeHistogram(encodeHistogram(original));
    try {
      assert.equal(decoded.totalCount, 6);
      assert.equal(decoded.minNonZeroValue, 42);
      assert.equal(decoded.getValueAtPercentile(50), 42);
      assertWithinHdrPrecision(decoded.maxValue, 1_000_000, 'max');
    } finally {
      decoded.destroy();
    }
  } finally {
    original.destroy();
  }
});

// hdr-histogram-js 3.0.1's WASM decoder reads counts as signed 32-bit: 2^31 decodes as 0
// and 3e9 faults. decodeHistogram uses the JS mode for this reason; this test guards it.
test('counts beyond 32 bits survive encoding, decoding and merging', () => {
  const histogram = createHistogram();
  try {
    histogram.recordValueWithCount(8, 3_000_000_000);
    const encoded = encodeHistogram(histogram);
    const merged = mergeEncoded([encoded, encoded]);
    assert.equal(summarizeEncoded(merged).count, 6_000_000_000);
    assert.equal(summarizeEncoded(merged).p50, 8);
  } finally {
    histogram.destroy();
  }
});

test('no data gives null and zeros', () => {
  assert.equal(mergeEncoded([]), null);
  const zeros = summarizeEncoded(null);
  for (const value of Object.values(zeros)) assert.equal(value, 0);
  const empty = createHistogram();
  try {
    assert.equal(summarizeEncoded(encodeHistogram(empty)).count, 0);
    assert.equal(summarizeEncoded(encodeHistogram(empty)).max, 0);
  } finally {
    empty.destroy();
  }
});

test('initHdr can be awaited again', async () => {
  await initHdr();
  await initHdr();
  const histogram = createHistogram();
  histogram.recordValue(3);
  assert.equal(histogram.totalCount, 1);
  histogram.destroy();
});
