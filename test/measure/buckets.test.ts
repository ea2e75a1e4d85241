import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cumulativeBucketCounts, LATENCY_BUCKET_BOUNDS_NS } from '../../src/measure/buckets.ts';
import { createHistogram, encodeHistogram, initHdr } from '../../src/measure/hdr.ts';

before(async () => {
  await initHdr();
});

function encode(values: readonly number[]): string {
  const histogram = createHistogram();
  try {
    for (const v of values) histogram.recordValue(v);
    return encodeHistogram(histogram);
  } finally {
    histogram.destroy();
  }
}

function countAtOrBelow(values: readonly number[], bound: number): number {
  return values.filter((v) => v <= bound).length;
}

test('bounds are 1-2-5 per decade from 10 ns to 10 s', () => {
  const bounds = LATENCY_BUCKET_BOUNDS_NS;
  assert.equal(bounds[0], 10);
  assert.equal(bounds[bounds.length - 1], 1e10);
  assert.equal(bounds.length, 28); // 9 decades x 3 steps + 1e10
  assert.deepEqual(bounds.slice(0, 7), [10, 20, 50, 100, 200, 500, 1000]);
  for (let i = 3; i < bounds.length; i++) assert.equal(bounds[i], bounds[i - 3] * 10);
});

test('bucket counts equal counting the raw values (exact below 2048 ns)', () => {
  const values = [
    // on and around the bounds below 2048, where HDR has unit resolution
    1, 5, 9, 10, 10, 11, 19, 20, 21, 49, 50, 51, 99, 100, 101, 199, 200, 201,
    499, 500, 501, 999, 1000, 1001, 1999, 2000, 2001, 2047,
    // above 2048: more than 0.1 % away from any bound
    3000, 4900, 5100, 9800, 10_300, 12_345, 19_000, 21_000, 480_000, 980_000, 1_020_000,
    45_000_000, 7_000_000_000, 12_000_000_000, // the last is above 10 s: only in +Inf
  ];
  const { cumulative, count } = cumulativeBucketCounts(encode(values), LATENCY_BUCKET_BOUNDS_NS);
  assert.equal(count, values.length);
  const expected = LATENCY_BUCKET_BOUNDS_NS.map((bound) => countAtOrBelow(values, bound));
  assert.deepEqual(cumulative, expected);
  assert.equal(cumulative[cumulative.length - 1], values.length - 1);
});

test('null gives zero buckets', () => {
  const { cumulative, count } = cumulativeBucketCounts(null, LATENCY_BUCKET_BOUNDS_NS);
  assert.equal(count, 0);
  assert.equal(cumulative.length, LATENCY_BUCKET_BOUNDS_NS.length);
  assert.ok(cumulative.every((c) => c === 0));
});

test('a value is never counted under a bound it exceeds, and is missed only within 0.1 % below it', () => {
  fc.assert(fc.property(
    fc.array(fc.integer({ min: 1, max: 20_000_000_000 }), { minLength: 1, maxLength: 200 }),
    (values) => {
      const { cumulative, count } = cumulativeBucketCounts(encode(values), LATENCY_BUCKET_BOUNDS_NS);
      assert.equal(count, values.length);
      LATENCY_BUCKET_BOUNDS_NS.forEach((bound, i) => {
        assert.ok(cumulative[i] <= countAtOrBelow(values, bound));
        assert.ok(cumulative[i] >= countAtOrBelow(values, bound * (1 - 1 / 1024)));
      });
    },
  ), { numRuns: 50 });
});
