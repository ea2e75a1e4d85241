/** Minimal RunResults for analysis tests: one KPI value per run, a judgement, interference readings. */
import type { Interference } from '../../src/model/interference.ts';
import type { JudgementState } from '../../src/model/judgement.ts';
import type { KpiResult, RunResult } from '../../src/model/result.ts';

export interface FakeRun {
  workload?: string;
  threads?: number;
  /** Minutes after the start of 2026. */
  minute: number;
  value?: number | null;
  state?: JudgementState;
  otherCpus?: number;
  samples?: number[];
  kpi?: Partial<KpiResult>;
}

export function interference(otherCpus: number): Interference {
  return {
    windowSeconds: 1, ownCpuSeconds: 1, otherCpuSeconds: otherCpus, otherCpus, cpusWatched: 2, stealSeconds: 0, stealRatio: 0, periods: 0,
    throttledPeriods: 0, throttledSeconds: 0, throttledRatio: 0, cpuPressureSeconds: null, cpuPressureRatio: null,
    involuntarySwitches: null, involuntarySwitchesPerSecond: null, unavailable: {},
  };
}

export function fakeRun(spec: FakeRun): RunResult {
  const workload = spec.workload ?? 'tier1.fake-op';
  const threads = spec.threads ?? 1;
  const value = spec.value === undefined ? 100 : spec.value;
  const state = spec.state ?? 'judged';
  const failed = state === 'failed';
  const samples = spec.samples ?? Array.from({ length: 20 }, (_, i) => (value ?? 100) * (1 + (i % 5) / 1000));
  const kpi: KpiResult = {
    name: 'ns_per_op', id: `${workload}.ns_per_op@${threads}`, value: failed ? null : value, target: 120, direction: 'max', unit: 'ns',
    severity: 'critical', pass: failed || value === null ? null : value <= 120, ...spec.kpi,
  };
  return {
    workload, category: workload.split('.')[0], tier: 1, threads, status: failed ? 'failed' : 'ok',
    ...(failed ? { error: { reason: 'error' as const, message: 'boom' } } : {}),
    startedAt: new Date(Date.UTC(2026, 0, 1) + spec.minute * 60_000).toISOString(),
    ops: 1000, durationSeconds: 1, opsPerSecond: 1e9 / (value ?? 100), sumNs: 1e9,
    latencyNs: { min: 1, p50: value ?? 0, p90: value ?? 0, p99: value ?? 0, p999: value ?? 0, max: value ?? 0, mean: value ?? 0, stddev: 1 },
    cv: 0.01, ci95Ns: null, jainIndex: 1, perThreadOps: [1000], samples: failed ? [] : samples, cpus: 2, oversubscribed: state === 'oversubscribed',
    suspectDeadCode: false, noopNsPerOp: null, batchSize: null, metrics: {}, kpis: [kpi], histogram: null, correctedHistogram: null,
    judgement: { state, reason: state === 'judged' ? null : state === 'disturbed' ? 'other processes used 1.2 CPUs' : '4 threads on 2 effective CPUs' },
    interference: interference(spec.otherCpus ?? (state === 'disturbed' ? 1.2 : 0.05)),
  };
}
