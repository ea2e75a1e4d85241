import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linearTrend } from '../../bench/linear-trend.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const N = 200;
const xs = Array.from({ length: N }, (_, i) => i / 10);

describe('linearTrend', () => {
  it('recovers an exact line', () => {
    const trend = linearTrend(xs, xs.map((x) => 3 * x - 7));
    assert.ok(Math.abs(trend.slope - 3) < 1e-12);
    assert.ok(Math.abs(trend.intercept + 7) < 1e-9);
    assert.ok(trend.residualSd < 1e-9);
  });

  it('puts a real slope inside its interval and above zero', () => {
    const random = seededRandom(11);
    const trend = linearTrend(xs, xs.map((x) => 0.5 * x + 100 + random.normal()));
    assert.ok(trend.slopeCi95 !== null);
    assert.ok(trend.slopeCi95.low < 0.5 && trend.slopeCi95.high > 0.5, `0.5 in ${JSON.stringify(trend.slopeCi95)}`);
    assert.ok(trend.slopeCi95.low > 0);
  });

  it('keeps zero inside the interval of flat white noise in most of many series', () => {
    const random = seededRandom(5);
    let containsZero = 0;
    const series = 200;
    for (let s = 0; s < series; s++) {
      const trend = linearTrend(xs, xs.map(() => 50 + random.normal()));
      if (trend.slopeCi95 !== null && trend.slopeCi95.low <= 0 && trend.slopeCi95.high >= 0) containsZero++;
    }
    // A 95 % interval: about 190 of 200; well above 180 unless the interval is too narrow.
    assert.ok(containsZero >= 180, `${containsZero} of ${series}`);
  });

  it('widens the interval for serially correlated noise', () => {
    const random = seededRandom(3);
    // AR(1) noise with phi = 0.9: each sample mostly repeats the one before.
    let previous = 0;
    const correlated = xs.map(() => (previous = 0.9 * previous + random.normal()));
    const white = xs.map(() => random.normal() * Math.sqrt(1 / (1 - 0.81)));
    const a = linearTrend(xs, correlated);
    const b = linearTrend(xs, white);
    assert.ok(a.lag1Autocorrelation > 0.6, `r = ${a.lag1Autocorrelation}`);
    assert.ok(a.effectiveSamples < N / 4);
    assert.ok(b.effectiveSamples > N / 2);
    assert.ok(a.slopeCi95 === null || b.slopeCi95 === null
      || a.slopeCi95.high - a.slopeCi95.low > 2 * (b.slopeCi95.high - b.slopeCi95.low));
  });

  it('rejects unusable input', () => {
    assert.throws(() => linearTrend([1], [1]), /at least 2/);
    assert.throws(() => linearTrend([1, 1, 1], [1, 2, 3]), /not all equal/);
  });
});
