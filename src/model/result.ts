/**
 * The result shape of `once --format json`, `results.json` and `/api/results`.
 * Later issues may add fields but must not rename these.
 */
import type { Fingerprint } from '../analysis/fingerprint.ts';
import type { Environment } from '../run/environment.ts';
import type { Direction, KpiUnit, Severity, Tier } from '../workloads/api.ts';

export type FailureReason = 'error' | 'timeout' | 'oom' | 'exit';

export interface LatencySummaryNs {
  min: number; p50: number; p90: number; p99: number; p999: number; max: number; mean: number; stddev: number;
}

export interface KpiResult {
  name: string;
  /** `<workload>.<kpi>@<threads>`: the key config overrides use. */
  id: string;
  value: number | null;
  target: number;
  direction: Direction;
  unit: KpiUnit;
  severity: Severity;
  /** null when the value could not be computed (failed run, missing metric). */
  pass: boolean | null;
}

export interface RunResult {
  workload: string;
  category: string;
  tier: Tier;
  threads: number;
  status: 'ok' | 'failed';
  error?: { reason: FailureReason; message: string };
  /** ISO-8601 time the run started. */
  startedAt: string;
  ops: number;
  durationSeconds: number;
  opsPerSecond: number;
  /** Exact sum of all measured time in ns (not HDR-rounded): the source of `_sum`. */
  sumNs: number;
  latencyNs: LatencySummaryNs;
  /** Coefficient of variation of the run-level samples; null when the workload has fewer than 2. */
  cv: number | null;
  /** 95 % confidence interval of the mean ns/op from run-level samples; null with fewer than 2. */
  ci95Ns: { low: number; high: number } | null;
  /** Jain's fairness index over per-thread throughput; 1 is perfectly fair. Null where the workload opts out (`fairness: false`). */
  jainIndex: number | null;
  perThreadOps: number[];
  samples: number[];
  cpus: number;
  oversubscribed: boolean;
  suspectDeadCode: boolean;
  noopNsPerOp: number | null;
  batchSize: number | null;
  metrics: Record<string, number>;
  kpis: KpiResult[];
  /** hdr-histogram-js compressed base64 of the raw and corrected merged histograms. */
  histogram: string | null;
  correctedHistogram: string | null;
}

/** The environment it was measured in, then the pass. */
export interface SuiteResult extends Environment {
  seed: number;
  startedAt: string;
  finishedAt: string;
  /** Where and how it was measured (CPU model, config hash, ...); absent in results from before baselines. */
  fingerprint?: Fingerprint;
  results: RunResult[];
}
