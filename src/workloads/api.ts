/**
 * The workload API: one module per workload, default-exporting `defineWorkload({...})`.
 * The same module is imported twice: on the main thread for its declaration (catalog,
 * KPIs, aggregation) and inside every worker thread for `run`.
 */
import type { z } from 'zod';
import type { MeasureContext, Phases } from '../measure/measure-context.ts';
import type { Direction, KpiUnit, Severity, Tier } from '../model/kpi.ts';
import { defaultParams } from './params.ts';

export type { Direction, KpiUnit, Phases, Severity, Tier };

export const CATEGORIES = [
  'contention', 'scheduler', 'gc', 'jit', 'aot', 'tlb', 'crossarch', 'async', 'memory', 'snapshot',
  'pipeline', 'tier0', 'tier1',
] as const;
export type Category = (typeof CATEGORIES)[number] | (string & {});

/**
 * Which number of a run result a KPI reads: a latency statistic of the merged HDR
 * histogram, the run's CV, robust CV (1.4826 · MAD / median, see measure/robust-stats.ts) or
 * throughput, or `metric:<key>` for a value the workload's `aggregate` computed (hit rates,
 * fairness, mutator utilisation, ...).
 */
export type Statistic =
  | 'mean' | 'p50' | 'p90' | 'p99' | 'p999' | 'max' | 'cv' | 'robustCv' | 'opsPerSecond' | `metric:${string}`;

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

/**
 * A workload's parameters as a zod object schema with a default for every key (build it
 * with `defineParams` from params.ts). A suite's `params` are checked against it before
 * anything runs; `vmsoak list` and the helm values schema show it.
 */
export type ParamsSchema<P extends BaseParams = BaseParams> = z.ZodType<P, unknown>;

/**
 * A family of keys a workload reports in its run's `metrics`, declared so that dashboards
 * and docs can use them without reading the workload's code.
 */
export interface MetricKeySpec {
  /** The key with `{label}` placeholders, e.g. `pause_{statistic}_ns_{kind}`. */
  key: string;
  description: string;
  /** The values each placeholder takes. */
  labels: Readonly<Record<string, readonly string[]>>;
}

/** What `run` receives inside its worker thread: the measuring context, plus who it is and its params. */
export interface WorkerContext<P extends BaseParams = BaseParams> extends MeasureContext {
  readonly workload: string;
  readonly threadIndex: number;
  readonly threads: number;
  /** Checked against the workload's params schema on the main thread, with the suite's overrides applied. */
  readonly params: P;
  /** The workload's own shared memory, `sharedBytes(params, threads)` long, zero-filled. */
  readonly shared: SharedArrayBuffer;
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
  /** The default params: what `paramsSchema` makes of `{}`. */
  params: P;
  paramsSchema: ParamsSchema<P>;
  /** The keys of `metrics` it reports, for dashboards and docs (KPIs already name theirs). */
  metricKeys?: readonly MetricKeySpec[];
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

/** What a workload module writes: the workload, with its params as a schema. */
export interface WorkloadDefinition<P extends BaseParams> extends Omit<Workload<P>, 'params' | 'paramsSchema'> {
  params: ParamsSchema<P>;
}

/**
 * Gives a workload module its types, and its default params from the schema. A schema
 * whose defaults do not pass it fails here, when the module loads, naming the param.
 */
export function defineWorkload<P extends BaseParams>(definition: WorkloadDefinition<P>): Workload<P> {
  return { ...definition, params: defaultParams(definition.name, definition.params), paramsSchema: definition.params };
}
