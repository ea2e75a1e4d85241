import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluateKpis } from '../../src/run/kpi.ts';
import { defineWorkload, type Workload } from '../../src/workloads/api.ts';
import { defineParams } from '../../src/workloads/params.ts';

const workload: Workload = defineWorkload({
  name: 'contention.sample', category: 'contention', tier: 2, description: 'x', params: defineParams([1, 2]),
  kpis: [
    { name: 'ns_per_op', description: 'x', statistic: 'mean', target: 800, targetByThreads: { 1: 20, 2: 100 }, direction: 'max', unit: 'ns', severity: 'critical' },
    { name: 'hit_rate', description: 'x', statistic: 'metric:hit_rate', target: 0.9, direction: 'min', unit: 'ratio', severity: 'warning' },
  ],
  run: () => ({}),
});

const measured = (mean: number, hitRate?: number) => ({
  latencyNs: { min: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean, stddev: 0 },
  cv: 0.01, opsPerSecond: 1, metrics: (hitRate === undefined ? {} : { hit_rate: hitRate }) as Record<string, number>,
});

describe('KPI evaluation', () => {
  it('uses the per-thread target and the direction', () => {
    const [nsPerOp, hitRate] = evaluateKpis(workload, 2, measured(99, 0.95), {});
    assert.deepEqual([nsPerOp.target, nsPerOp.pass, nsPerOp.id], [100, true, 'contention.sample.ns_per_op@2']);
    assert.deepEqual([hitRate.target, hitRate.pass], [0.9, true]);
    const [slow, cold] = evaluateKpis(workload, 1, measured(21, 0.5), {});
    assert.deepEqual([slow.target, slow.pass, cold.pass], [20, false, false]);
  });

  it('prefers a thread-specific override to a workload-wide one', () => {
    const overrides = { 'contention.sample.ns_per_op': { target: 5 }, 'contention.sample.ns_per_op@2': { target: 500 } };
    assert.equal(evaluateKpis(workload, 2, measured(300), overrides)[0].pass, true);
    assert.equal(evaluateKpis(workload, 1, measured(6), overrides)[0].pass, false);
  });

  it('gives pass null when the value is missing or the run failed', () => {
    assert.equal(evaluateKpis(workload, 1, measured(1), {})[1].pass, null);
    assert.deepEqual(evaluateKpis(workload, 1, null, {}).map((kpi) => kpi.pass), [null, null]);
  });
});
