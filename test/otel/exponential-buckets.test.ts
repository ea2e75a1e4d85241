/**
 * ExponentialBuckets against the oracle it must agree with: the OpenTelemetry SDK's own
 * ExponentialHistogram aggregation, fed the same values one `record()` at a time. Same
 * scale, same zero count, same count per bucket index, same min and max.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  AggregationType, DataPointType, MeterProvider, MetricReader, type ExponentialHistogram,
} from '@opentelemetry/sdk-metrics';
import { ExponentialBuckets } from '../../src/export/otel/exponential-buckets.ts';

class ExponentialReader extends MetricReader {
  constructor(maxSize: number) {
    super({ aggregationSelector: () => ({ type: AggregationType.EXPONENTIAL_HISTOGRAM, options: { maxSize } }) });
  }

  protected onShutdown(): Promise<void> {
    return Promise.resolve();
  }

  protected onForceFlush(): Promise<void> {
    return Promise.resolve();
  }
}

async function sdkHistogram(values: ReadonlyArray<readonly [number, number]>, maxSize: number): Promise<ExponentialHistogram> {
  const reader = new ExponentialReader(maxSize);
  const provider = new MeterProvider({ readers: [reader] });
  const histogram = provider.getMeter('oracle').createHistogram('latency');
  for (const [value, count] of values) for (let i = 0; i < count; i++) histogram.record(value);
  const { resourceMetrics } = await reader.collect();
  await provider.shutdown();
  const metric = resourceMetrics.scopeMetrics[0].metrics[0];
  assert.equal(metric.dataPointType, DataPointType.EXPONENTIAL_HISTOGRAM);
  return metric.dataPoints[0].value as ExponentialHistogram;
}

function ours(values: ReadonlyArray<readonly [number, number]>, maxSize: number): ExponentialHistogram {
  const buckets = new ExponentialBuckets(maxSize);
  for (const [value, count] of values) buckets.add(value, count);
  return buckets.snapshot();
}

/** Bucket index -> count, without empty buckets (a leading zero is not a difference). */
function populated(histogram: ExponentialHistogram): Map<number, number> {
  return new Map(histogram.positive.bucketCounts.map((count, i) => [histogram.positive.offset + i, count] as const).filter(([, count]) => count > 0));
}

async function assertSameAsSdk(values: ReadonlyArray<readonly [number, number]>, maxSize: number): Promise<void> {
  const expected = await sdkHistogram(values, maxSize);
  const actual = ours(values, maxSize);
  assert.equal(actual.scale, expected.scale, 'scale');
  assert.equal(actual.count, expected.count, 'count');
  assert.equal(actual.zeroCount, expected.zeroCount, 'zero count');
  assert.deepEqual(populated(actual), populated(expected), 'buckets');
  assert.equal(actual.min, expected.min, 'min');
  assert.equal(actual.max, expected.max, 'max');
  assert.ok(actual.positive.bucketCounts.length <= maxSize, 'within maxSize');
}

describe('ExponentialBuckets', () => {
  it('agrees with the SDK on latencies from 1 ns to 100 s, at any maxSize', async () => {
    const value = fc.oneof(
      fc.double({ min: 1e-9, max: 100, noNaN: true }),
      fc.integer({ min: 1, max: 1e10 }).map((ns) => ns / 1e9),
      fc.constant(0),
      // Exact powers of two sit on bucket boundaries at every scale.
      fc.integer({ min: -30, max: 6 }).map((exponent) => 2 ** exponent),
    );
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(value, fc.integer({ min: 1, max: 4 })), { minLength: 1, maxLength: 40 }),
      fc.constantFrom(4, 20, 160),
      (values, maxSize) => assertSameAsSdk(values, maxSize),
    ), { numRuns: 150 });
  });

  it('agrees with the SDK when the range grows in both directions over many additions', async () => {
    const values: Array<[number, number]> = [];
    for (let i = 0; i < 60; i++) values.push([1e-6 * 1.37 ** (i % 2 === 0 ? i : -i), 1 + (i % 3)]);
    await assertSameAsSdk(values, 160);
  });

  it('adds a count in one call as the SDK does in as many records', async () => {
    await assertSameAsSdk([[15e-9, 1000], [3e-3, 2]], 160);
    const big = new ExponentialBuckets();
    big.add(1e-8, 7_500_000_000);
    assert.equal(big.count, 7_500_000_000);
    assert.deepEqual(big.snapshot().positive.bucketCounts, [7_500_000_000]);
  });

  it('rejects negative, non-finite values and fractional counts', () => {
    const buckets = new ExponentialBuckets();
    assert.throws(() => buckets.add(-1, 1), /value/);
    assert.throws(() => buckets.add(Number.NaN, 1), /value/);
    assert.throws(() => buckets.add(Number.POSITIVE_INFINITY, 1), /value/);
    assert.throws(() => buckets.add(1, 1.5), /count/);
    assert.equal(buckets.count, 0);
    assert.equal(buckets.snapshot().min, undefined);
  });
});
