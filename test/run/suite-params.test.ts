import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRuns } from '../../src/run/plan.ts';
import { toRemote } from '../../src/run/runner/protocol.ts';
import { runSuite } from '../../src/run/suite.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { testConfig, testSuite } from '../helpers/test-config.ts';

const ECHO = 'test/run/echo-params.workload.ts';

describe("a suite's params", () => {
  it('reach the workload in its worker threads and its aggregate, over the defaults', async () => {
    const catalog = await loadCatalog([ECHO]);
    const suite = await runSuite(testConfig(), testSuite({
      workloads: ['fixture.echo-params'], threads: [2], duration: 10, warmup: 0, params: { 'fixture.echo-params': { size: 123 } },
    }), catalog);
    const [result] = suite.results;
    assert.equal(result.status, 'ok', result.error?.message);
    assert.deepEqual(result.metrics, { size: 123, rate: 0.5, threads: 2, aggregate_size: 123 });
  });

  it('leave the defaults in place without overrides', async () => {
    const catalog = await loadCatalog([ECHO]);
    const suite = await runSuite(testConfig(), testSuite({ workloads: ['fixture.echo-params'], threads: [1], duration: 10, warmup: 0 }), catalog);
    assert.equal(suite.results[0].metrics.size, 10);
  });

  it('travel with every planned run, also to a runner process', async () => {
    const catalog = await loadCatalog([ECHO]);
    const echo = catalog.filter((entry) => entry.workload.name === 'fixture.echo-params');
    const plan = planRuns(echo, [1, 2], 7, { 'fixture.echo-params': { rate: 0.25 } });
    assert.equal(plan.length, 2);
    for (const planned of plan) {
      assert.deepEqual(planned.params, { threads: [1], size: 10, rate: 0.25 });
      assert.deepEqual(toRemote(planned).params, planned.params);
    }
  });

  it('are checked again when planned, naming the workload and the param', async () => {
    const catalog = await loadCatalog([ECHO]);
    const echo = catalog.filter((entry) => entry.workload.name === 'fixture.echo-params');
    assert.throws(() => planRuns(echo, undefined, 1, { 'fixture.echo-params': { size: 0 } }),
      /^UsageError: fixture\.echo-params: params\.size must be an integer between 1 and 1000 \(got 0\)$/);
  });
});
