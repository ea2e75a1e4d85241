/**
 * RunResults with real HDR data: the histogram is recorded and encoded by the measure
 * module, the latency summary and the KPIs are computed by the same code the runner uses.
 */
import { evaluateKpis } from '../../src/run/kpi.ts';
import { createHistogram, encodeHistogram, initHdr, summarizeEncoded } from '../../src/measure/hdr.ts';
import type { Environment } from '../../src/run/environment.ts';
import type { RunResult } from '../../src/model/result.ts';
import { defineWorkload, type Workload } from '../../src/workloads/api.ts';
import { defineParams } from '../../src/workloads/params.ts';

/** [value in ns, how many operations took it] */
export type Recorded = ReadonlyArray<readonly [number, number]>;

/** A spread over several decades, kept away from bucket bounds (HDR is exact below 2048 ns). */
export const SPREAD: Recorded = [[15, 100], [150, 50], [990, 7], [2_500, 10], [3_000_000, 2]];

export const TEST_ENVIRONMENT: Environment = {
  vmsoak: '9.9.9-test', node: '24.0.0', v8: '13.0.0', cpus: 2, timerCostNs: 32, timerResolutionNs: 1,
};

export const testWorkload: Workload = defineWorkload({
  name: 'contention.fixture',
  category: 'contention',
  tier: 0,
  description: 'fixture workload for export tests',
  params: defineParams([1, 2]),
  kpis: [
    { name: 'p99_latency', description: 'p99', statistic: 'p99', target: 500, direction: 'max', unit: 'ns', severity: 'critical' },
    { name: 'hit_rate', description: 'hits', statistic: 'metric:hit_rate', target: 0.9, direction: 'min', unit: 'ratio', severity: 'warning' },
    { name: 'absent', description: 'never reported', statistic: 'metric:absent', target: 1, direction: 'max', unit: 'factor', severity: 'warning' },
  ],
  run: () => ({}),
});

export async function encodeRecorded(recorded: Recorded): Promise<string> {
  await initHdr();
  const histogram = createHistogram();
  try {
    for (const [value, count] of recorded) histogram.recordValueWithCount(value, count);
    return encodeHistogram(histogram);
  } finally {
    histogram.destroy();
  }
}

export interface FixtureOptions {
  workload?: Workload;
  threads?: number;
  recorded?: Recorded;
  metrics?: Record<string, number>;
  batchSize?: number | null;
}

export async function okRun(options: FixtureOptions = {}): Promise<RunResult> {
  const workload = options.workload ?? testWorkload;
  const threads = options.threads ?? 1;
  const recorded = options.recorded ?? SPREAD;
  const histogram = await encodeRecorded(recorded);
  const { count: _count, ...latencyNs } = summarizeEncoded(histogram);
  const ops = recorded.reduce((total, [, count]) => total + count, 0);
  // An exact sum that is not the HDR-rounded one, as a real run's sumNs is.
  const sumNs = recorded.reduce((total, [value, count]) => total + (value + 0.25) * count, 0);
  const metrics = options.metrics ?? { hit_rate: 0.95 };
  const partial = {
    workload: workload.name, category: workload.category, tier: workload.tier, threads, status: 'ok' as const,
    startedAt: new Date().toISOString(), ops, durationSeconds: 0.5, opsPerSecond: ops / 0.5, sumNs, latencyNs,
    cv: 0.04, ci95Ns: null, jainIndex: 0.97, perThreadOps: [ops], samples: [], cpus: 2, oversubscribed: false,
    suspectDeadCode: false, noopNsPerOp: null, batchSize: options.batchSize ?? null, metrics,
    histogram, correctedHistogram: histogram,
  };
  return { ...partial, kpis: evaluateKpis(workload, threads, partial, {}) };
}

export function failedRun(reason: 'error' | 'timeout' | 'oom' | 'exit', threads = 1, workload: Workload = testWorkload): RunResult {
  return {
    workload: workload.name, category: workload.category, tier: workload.tier, threads, status: 'failed',
    error: { reason, message: `failed: <${reason}> & "quoted"` }, startedAt: new Date().toISOString(),
    ops: 0, durationSeconds: 0, opsPerSecond: 0, sumNs: 0,
    latencyNs: { min: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, stddev: 0 },
    cv: null, ci95Ns: null, jainIndex: 1, perThreadOps: [], samples: [], cpus: 2, oversubscribed: false,
    suspectDeadCode: false, noopNsPerOp: null, batchSize: null, metrics: {},
    kpis: evaluateKpis(workload, threads, null, {}), histogram: null, correctedHistogram: null,
  };
}
