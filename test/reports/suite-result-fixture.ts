/** A small hand-written SuiteResult: one passing run, one breaching run, one failed run. */
import type { KpiResult, RunResult, SuiteResult } from '../../src/model/result.ts';

function kpi(overrides: Partial<KpiResult> & Pick<KpiResult, 'id' | 'value' | 'target' | 'pass'>): KpiResult {
  return { name: 'ns_per_op', direction: 'max', unit: 'ns', severity: 'critical', ...overrides };
}

function run(overrides: Partial<RunResult> & Pick<RunResult, 'workload' | 'threads'>): RunResult {
  return {
    category: 'contention', tier: 0, status: 'ok', startedAt: '2025-01-01T00:00:00.000Z',
    ops: 1_000_000, durationSeconds: 1, opsPerSecond: 1_000_000, sumNs: 8_000_000,
    latencyNs: { min: 5, p50: 8, p90: 9, p99: 12, p999: 40, max: 2_500_000, mean: 8.25, stddev: 1.5 },
    cv: 0.031, ci95Ns: { low: 8.1, high: 8.4 }, jainIndex: 0.99, perThreadOps: [1_000_000], samples: [8.2, 8.3],
    cpus: 2, oversubscribed: false, suspectDeadCode: false, noopNsPerOp: 0.5, batchSize: 1000, metrics: {}, kpis: [],
    histogram: null, correctedHistogram: null,
    ...overrides,
  };
}

export function suiteResultFixture(): SuiteResult {
  return {
    vmsoak: '0.1.0', node: 'v24.9.0', v8: '13.6.233.10-node.27', cpus: 2, timerCostNs: 33.4, timerResolutionNs: 1,
    seed: 42, startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:05.000Z',
    results: [
      run({
        workload: 'contention.atomic-add', threads: 4, oversubscribed: true,
        latencyNs: { min: 90, p50: 120, p90: 150, p99: 999_960, p999: 1_500_000, max: 12_345_678, mean: 140.7, stddev: 30 },
        kpis: [kpi({ id: 'contention.atomic-add.ns_per_op@4', value: 140.7, target: 100, pass: false })],
      }),
      run({
        workload: 'contention.atomic-add', threads: 1,
        kpis: [kpi({ id: 'contention.atomic-add.ns_per_op@1', value: 8.25, target: 10, pass: true })],
      }),
      run({
        workload: 'gc.churn, "large"', category: 'gc', tier: 1, threads: 2, status: 'failed',
        error: { reason: 'timeout', message: 'run exceeded 60s,\nterminated | "killed"' },
        ops: 0, opsPerSecond: 0, sumNs: 0,
        latencyNs: { min: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, stddev: 0 },
        kpis: [kpi({
          id: 'gc.churn-large.mutator_utilisation@2', name: 'mutator_utilisation', value: null, target: 0.99,
          direction: 'min', unit: 'ratio', severity: 'warning', pass: null,
        })],
      }),
    ],
  };
}
