/**
 * The workload API: one module per workload, default-exporting `defineWorkload({...})`.
 * The same module is imported twice: on the main thread for its declaration (catalog,
 * KPIs, aggregation) and inside every worker thread for `run`.
 */
import type { LatencyRecorder } from '../measure/recorder.ts';

export const CATEGORIES = [
  'contention', 'scheduler', 'gc', 'jit', 'aot', 'tlb', 'crossarch', 'async', 'memory', 'snapshot',
  'pipeline', 'tier0', 'tier1',
] as const;
export type Category = (typeof CATEGORIES)[number] | (string & {});

export type Tier = 0 | 1 | 2 | 3;

/** `max`: the value must stay at or below the target (lower is better). `min`: at or above. */
export type Direction = 'max' | 'min';
export type Severity = 'warning' | 'critical';
/** `ns` is exported to Prometheus in seconds; `ratio` is 0..1; `factor` is a multiple (x). */
export type KpiUnit = 'ns' | 'ratio' | 'factor' | 'ops_per_second';

/**
 * Which number of a run result a KPI reads: a latency statistic of the merged HDR
 * histogram, the run's CV or throughput, or `metric:<key>` for a value the workload's
 * `aggregate` computed (hit rates, fairness, mutator utilisation, ...).
 */
export type Statistic =
  | 'mean' | 'p50' | 'p90' | 'p99' | 'p999' | 'max' | 'cv' | 'opsPerSecond' | `metric:${string}`;

export interface KpiSpec {
  /** snake_case, unique within the workload: `ns_per_op`, `max_pause`. */
  name: string;
  description: string;
  statistic: Statistic;
  /** Default target; config can override it. */
  target: number;
  /** Per-thread-count targets (contention scaling), falling back to `target`. */
  targetByThreads?: Readonly<Record<number, number>>;
  direction: Direction;
  unit: KpiUnit;
  severity: Severity;
}

/** Parameters every workload has; workloads add their own sizes and rates. */
export interface BaseParams {
  /** The thread counts to run at, unless the suite or `--threads` overrides them. */
  threads: readonly number[];
}

export interface Phases {
  warmupNs: number;
  durationNs: number;
  /** When set, the measurement ends after this many operations per thread instead of after `durationNs`. */
  iterations?: number;
}

/** What `run` receives inside its worker thread. */
export interface WorkerContext<P extends BaseParams = BaseParams> {
  readonly workload: string;
  readonly threadIndex: number;
  readonly threads: number;
  readonly params: P;
  /** The workload's own shared memory, `sharedBytes(params, threads)` long, zero-filled. */
  readonly shared: SharedArrayBuffer;
  readonly phases: Phases;
  /** Calibrated cost of one timestamp read, in ns. */
  readonly timerCostNs: number;
  /**
   * Blocks until all `threads` threads of this run have called it the same number of times.
   * The harness calls it once before `run`; `measureBatched` calls it once between
   * warm-up and measurement. Every thread must call it equally often.
   */
  barrier(): void;
  /** Raw and coordinated-omission-corrected HDR histograms of this thread, in integer ns. */
  readonly recorder: LatencyRecorder;
}

/** What `run` returns; ops, sum and histograms come from `ctx.recorder`. */
export interface ThreadOutput {
  /** Run-level samples (per-batch ns/op, per-interval values) for CV and confidence intervals. */
  samples?: number[];
  /** Values for `aggregate` and for `metric:` KPIs. */
  metrics?: Record<string, number>;
  /** Wall time of this thread's measurement phase; defaults to the batches' total or run's wall time less warm-up. */
  measuredNs?: number;
  batchSize?: number;
  noopNsPerOp?: number;
  suspectDeadCode?: boolean;
}

export interface Workload<P extends BaseParams = BaseParams> {
  /** `category.name`, lower-case and dash-separated. */
  name: string;
  category: Category;
  tier: Tier;
  description: string;
  params: P;
  /** Fewer threads than this make no sense (a wake-up needs a waker and a sleeper). */
  minThreads?: number;
  maxThreads?: number;
  /**
   * False when the threads do different jobs (one records, the others serve), so their op
   * counts are not comparable and Jain's index over them would mean nothing; the result's
   * `jainIndex` is then null. Default true.
   */
  fairness?: boolean;
  sharedBytes?(params: P, threads: number): number;
  kpis: readonly KpiSpec[];
  /** Runs inside each worker thread. */
  run(ctx: WorkerContext<P>): ThreadOutput | Promise<ThreadOutput>;
  /**
   * Runs on the main thread over all threads' outputs and returns the run's `metrics`.
   * Without it, each metric is averaged over the threads.
   */
  aggregate?(outputs: readonly ThreadOutput[], params: P, threads: number): Record<string, number>;
}

/** Identity function that gives a workload module its types. */
export function defineWorkload<P extends BaseParams>(workload: Workload<P>): Workload<P> {
  return workload;
}
