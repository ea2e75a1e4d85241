import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Histogram, Registry } from 'prom-client';
import { DerivedHistogram } from '../../src/export/prometheus/derived-histogram.ts';
import { parseExposition, sample } from './prom-text.ts';

const BOUNDS = [0.001, 0.01, 0.1, 1];
const OBSERVED = [0.0005, 0.002, 0.002, 0.05, 0.7, 3];

/** Cumulative counts of `values` at BOUNDS, computed here independently of both metric classes. */
function cumulativeOf(values: readonly number[]): number[] {
  return BOUNDS.map((bound) => values.filter((value) => value <= bound).length);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

describe('DerivedHistogram', () => {
  it('renders exactly what prom-client\'s own Histogram renders for the same data (no labels)', async () => {
    const reference = new Registry();
    const histogram = new Histogram({ name: 'probe_seconds', help: 'Probe.', buckets: BOUNDS, registers: [reference] });
    for (const value of OBSERVED) histogram.observe(value);

    const derivedRegistry = new Registry();
    const derived = new DerivedHistogram({ name: 'probe_seconds', help: 'Probe.', labelNames: [], upperBounds: BOUNDS, registers: [derivedRegistry] });
    derived.add({}, cumulativeOf(OBSERVED), OBSERVED.length, sum(OBSERVED));

    assert.equal(await derivedRegistry.metrics(), await reference.metrics());
  });

  it('parses to the same histogram as prom-client\'s own with labels, series kept apart', async () => {
    const reference = new Registry();
    const histogram = new Histogram({ name: 'probe_seconds', help: 'Probe.', labelNames: ['code'], buckets: BOUNDS, registers: [reference] });
    for (const value of OBSERVED) histogram.observe({ code: 'a' }, value);
    histogram.observe({ code: 'b' }, 0.5);

    const derivedRegistry = new Registry();
    const derived = new DerivedHistogram({ name: 'probe_seconds', help: 'Probe.', labelNames: ['code'], upperBounds: BOUNDS, registers: [derivedRegistry] });
    // Fed in two parts, to check that adding accumulates.
    derived.add({ code: 'a' }, cumulativeOf(OBSERVED.slice(0, 3)), 3, sum(OBSERVED.slice(0, 3)));
    derived.add({ code: 'a' }, cumulativeOf(OBSERVED.slice(3)), 3, sum(OBSERVED.slice(3)));
    derived.add({ code: 'b' }, cumulativeOf([0.5]), 1, 0.5);

    const expected = parseExposition(await reference.metrics());
    const actual = parseExposition(await derivedRegistry.metrics());
    for (const code of ['a', 'b']) {
      const want = sample(expected, 'probe_seconds', { code });
      const got = sample(actual, 'probe_seconds', { code });
      assert.deepEqual(got.buckets, want.buckets, `buckets of code=${code}`);
      assert.equal(got.count, want.count);
      assert.ok(Math.abs(Number(got.sum) - Number(want.sum)) < 1e-12, `sum of code=${code}`);
    }
    assert.equal(actual.get('probe_seconds')?.type, 'HISTOGRAM');
  });

  it('renders byte for byte what prom-client\'s own Histogram renders with labels (shared-label path)', async () => {
    const reference = new Registry();
    const histogram = new Histogram({ name: 'probe_seconds', help: 'Probe.', labelNames: ['code', 'path'], buckets: BOUNDS, registers: [reference] });
    for (const value of OBSERVED) histogram.observe({ code: 'a', path: '/x"y' }, value);
    histogram.observe({ code: 'b', path: '/' }, 0.5);

    const derivedRegistry = new Registry();
    const derived = new DerivedHistogram({ name: 'probe_seconds', help: 'Probe.', labelNames: ['code', 'path'], upperBounds: BOUNDS, registers: [derivedRegistry] });
    derived.add({ code: 'a', path: '/x"y' }, cumulativeOf(OBSERVED), OBSERVED.length, sum(OBSERVED));
    derived.add({ code: 'b', path: '/' }, cumulativeOf([0.5]), 1, 0.5);

    assert.equal(await derivedRegistry.metrics(), await reference.metrics());
    // getMetricsAsJSON reads get(), which still carries every label on every sample.
    const [json] = await derivedRegistry.getMetricsAsJSON();
    assert.deepEqual(json.values[0].labels, { code: 'a', path: '/x"y', le: BOUNDS[0] });
  });

  it('zero() exposes a series with every count at 0', async () => {
    const registry = new Registry();
    const derived = new DerivedHistogram({ name: 'z_seconds', help: 'Z.', labelNames: ['w'], upperBounds: BOUNDS, registers: [registry] });
    derived.zero({ w: 'x' });
    const found = sample(parseExposition(await registry.metrics()), 'z_seconds', { w: 'x' });
    assert.deepEqual(Object.values(found.buckets ?? {}).map(Number), new Array(BOUNDS.length + 1).fill(0));
    assert.equal(found.count, '0');
  });

  it('rejects data that would break the histogram\'s invariants', () => {
    const derived = new DerivedHistogram({ name: 'r_seconds', help: 'R.', labelNames: ['w'], upperBounds: BOUNDS });
    assert.throws(() => derived.add({ w: 'x' }, [1, 0, 2, 3], 3, 1), /cumulative/);
    assert.throws(() => derived.add({ w: 'x' }, [1, 2, 3, 4], 3, 1), /count/);
    assert.throws(() => derived.add({ w: 'x' }, [1, 2], 3, 1), /bucket counts/);
    assert.throws(() => derived.add({ v: 'x' }, [1, 2, 3, 3], 3, 1), /labels/);
    assert.throws(() => new DerivedHistogram({ name: 'bad', help: 'B.', labelNames: ['le'], upperBounds: BOUNDS }), /le/);
    assert.throws(() => new DerivedHistogram({ name: 'bad', help: 'B.', labelNames: [], upperBounds: [1, 1] }), /ascending/);
  });
});
