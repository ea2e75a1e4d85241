/**
 * The result shape of `once --format json`, `results.json` and `/api/results`.
 * Later issues may add fields but must not rename these.
 */
import type { Environment } from './environment.ts';
import type { Fingerprint } from './fingerprint.ts';
import type { Interference } from './interference.ts';
import type { Judgement } from './judgement.ts';
import type { KpiWindowVerdict } from './kpi-window.ts';
import type { Direction, KpiUnit, Severity, Tier } from './kpi.ts';

/**
 * Why a run failed. error: a throw or a malformed message; timeout; oom: a worker's heap
 * limit or the runner's RSS cap (runner.maxRssMb); exit: process.exit in a worker; crash:
 * the runner process died (a signal, the OOM killer or a non-zero exit).
 */
export type FailureReason = 'error' | 'timeout' | 'oom' | 'exit' | 'crash';

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
  /**
   * 1.4826 · MAD / median of the run-level samples: a CV that one preempted batch cannot blow
   * up; the noise gate and the tier CV KPIs use it. Null with fewer than 2 samples; absent
   * from results measured before it existed (readers compute it from `samples`).
   */
  robustCv?: number | null;
  /** Run-level samples outside Tukey's fences (Criterion's outlier classification); null for a failed run. */
  outliers?: { mild: number; severe: number } | null;
  /** 95 % confidence interval of the mean ns/op from run-level samples; null with fewer than 2. */
  ci95Ns: { low: number; high: number } | null;
  /** Jain's fairness index over per-thread throughput; 1 is perfectly fair. Null where the workload opts out (`fairness: false`). */
  jainIndex: number | null;
  perThreadOps: number[];
  samples: number[];
  /** os.availableParallelism() of the measuring process. */
  cpus: number;
  /**
   * CPUs the run could really use: `cpus` bounded by the cgroup CPU quota and cpuset (1.5
   * for a quota of 1.5 CPUs). Absent from results measured before it existed.
   */
  effectiveCpus?: number;
  /** More threads than effective CPUs (`cpus` for results without `effectiveCpus`). */
  oversubscribed: boolean;
  suspectDeadCode: boolean;
  noopNsPerOp: number | null;
  batchSize: number | null;
  metrics: Record<string, number>;
  kpis: KpiResult[];
  /** hdr-histogram-js compressed base64 of the raw and corrected merged histograms. */
  histogram: string | null;
  correctedHistogram: string | null;
  /** What else the node did during the run; absent from results measured before it existed. */
  interference?: Interference;
  /** Absent from results measured before judgement existed; readers treat an ok run without one as judged. */
  judgement?: Judgement;
  /**
   * Peak resident set of the runner process during this run, in bytes (absent from runs
   * measured in-process, and where the platform cannot tell).
   */
  runnerPeakRssBytes?: number;
}

/** The environment it was measured in, then the pass. */
export interface SuiteResult extends Environment {
  seed: number;
  startedAt: string;
  finishedAt: string;
  /** Where and how it was measured (CPU model, config hash, ...); absent in results from before baselines. */
  fingerprint?: Fingerprint;
  results: RunResult[];
  /**
   * Each KPI's verdict over the judged runs of this result (`once --repeat N` judges over its
   * N passes); absent from results written before KPI windows.
   */
  kpiWindow?: KpiWindowVerdict[];
}
