import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Gauge, Registry } from 'prom-client';
import { assertSameSeries, mirrorIntoBareRegistry } from '../../bench/bare-registry.ts';
import { VmsoakMetrics } from '../../src/export/prometheus/metrics.ts';
import { parseExposition, sample } from '../export/prom-text.ts';
import { failedRun, okRun, SPREAD, TEST_ENVIRONMENT, testWorkload } from '../export/run-fixture.ts';

async function filledMetrics(): Promise<VmsoakMetrics> {
  const metrics = new VmsoakMetrics({
    series: [{ workload: testWorkload, threads: 1 }, { workload: testWorkload, threads: 2 }],
    environment: TEST_ENVIRONMENT, defaultMetrics: false,
  });
  metrics.initSuite('nightly');
  metrics.observeRun(await okRun({ threads: 1 }));
  metrics.observeRun(await okRun({ threads: 1, recorded: [[40, 7], [90_000, 3]] }));
  metrics.observeRun(failedRun('timeout', 2));
  return metrics;
}

describe('the bare prom-client registry of the exposition benchmark', () => {
  it('holds the same samples as vmsoak\'s registry, histogram buckets included', async () => {
    const metrics = await filledMetrics();
    const bare = await mirrorIntoBareRegistry(metrics.registry);
    assert.ok(await assertSameSeries(metrics.registry, bare) > 0);
    const ours = await metrics.metrics();
    const theirs = await bare.metrics();
    assert.equal(Buffer.byteLength(theirs), Buffer.byteLength(ours));
    const labels = { workload: testWorkload.name, category: testWorkload.category, threads: '1' };
    const expected = sample(parseExposition(ours), 'vmsoak_workload_latency_seconds', labels);
    const actual = sample(parseExposition(theirs), 'vmsoak_workload_latency_seconds', labels);
    assert.deepEqual(actual.buckets, expected.buckets);
    assert.equal(actual.count, expected.count);
    // Two runs went in (the fixture's spread, then 10 operations); the mirror must carry them, not zeros.
    assert.equal(Number(actual.count), SPREAD.reduce((total, [, count]) => total + count, 0) + 10);
  });

  it('is told apart from a registry with one value changed', async () => {
    const metrics = await filledMetrics();
    const bare = await mirrorIntoBareRegistry(metrics.registry);
    const changed = await mirrorIntoBareRegistry(metrics.registry);
    const cpus = changed.getSingleMetric('vmsoak_cpus') as Gauge;
    cpus.set(12345);
    await assert.rejects(assertSameSeries(bare, changed), /differ/);
    await assert.rejects(assertSameSeries(bare, new Registry()), /differ/);
  });
});
