/**
 * vmsoak's Prometheus metrics: one registry of its own (never prom-client's global one, so
 * two daemons or tests in one process cannot collide), updated once per run result on the
 * main thread and rendered by prom-client on scrape. The families and their labels are
 * declared in metric-families.ts; OpenTelemetry reads this registry through its bridge.
 */
import os from 'node:os';
import { collectDefaultMetrics, type Counter, type Gauge, Registry } from 'prom-client';
import type { KpiOverride } from '../../config/types.ts';
import { judgementStateOf } from '../../analysis/judged-runs.ts';
import { kpiTarget } from '../../run/kpi.ts';
import { cumulativeBucketCounts } from '../../measure/buckets.ts';
import type { Environment } from '../../run/environment.ts';
import type { Interference } from '../../model/interference.ts';
import type { JudgementState } from '../../model/judgement.ts';
import type { KpiWindowVerdict } from '../../model/kpi-window.ts';
import type { FailureReason, KpiResult, RunResult, SuiteResult } from '../../model/result.ts';
import type { KpiUnit, Workload } from '../../workloads/api.ts';
import { FAMILIES, type MetricFamily } from '../metric-families.ts';
import { MetricKeyCap } from '../metric-key-cap.ts';
import { DerivedHistogram } from './derived-histogram.ts';
import { detailPolicy, type DetailPolicy, type MetricsDetail } from './detail.ts';
import { counterOf, gaugeOf } from './instruments.ts';
import type { PlannedSeries } from './series.ts';

export const FAILURE_REASONS: readonly FailureReason[] = ['error', 'timeout', 'oom', 'exit', 'crash'];
export const JUDGEMENT_STATES: readonly JudgementState[] = ['judged', 'disturbed', 'oversubscribed', 'failed'];

/**
 * The interference readings exported per node (the last run's), each with its gauge. A
 * node-wide reading the last run lacks is removed (its source is missing); the slow-CPU
 * share keeps the last run that had one, because runs of workloads that time no batches
 * have none, and the gauge would otherwise come and go with the run order.
 */
const INTERFERENCE_GAUGES = [
  ['otherCpus', FAMILIES.interferenceOtherCpus, 'remove'],
  ['stealRatio', FAMILIES.interferenceStealRatio, 'remove'],
  ['throttledRatio', FAMILIES.interferenceThrottledRatio, 'remove'],
  ['cpuPressureRatio', FAMILIES.interferenceCpuPressureRatio, 'remove'],
  ['involuntarySwitchesPerSecond', FAMILIES.interferenceInvoluntarySwitches, 'remove'],
  ['slowCpuShare', FAMILIES.interferenceSlowCpuRatio, 'keep'],
] as const satisfies readonly (readonly [keyof Interference, MetricFamily<never>, 'remove' | 'keep'])[];

/**
 * prom-client default metrics that are gauges named `_total` (promtool rejects the suffix on
 * a non-counter); each is the sum over the `type` label of the same family without it.
 */
const NON_COUNTER_TOTALS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

export { MAX_METRIC_KEYS_PER_WORKLOAD } from '../metric-key-cap.ts';

const NS_PER_SECOND = 1e9;

/** KPI values in Prometheus base units: ns become seconds, the other units are already base. */
export function kpiValueInBaseUnit(value: number, unit: KpiUnit): number {
  return unit === 'ns' ? value / NS_PER_SECOND : value;
}

export interface VmsoakMetricsOptions {
  /** Series started at zero before their first run; see series.ts. */
  series: readonly PlannedSeries[];
  kpiOverrides?: Readonly<Record<string, KpiOverride>>;
  environment: Environment;
  /**
   * Every loaded workload, one vmsoak_workload_info series each (rules select tiers and
   * categories by joining on it); default: the workloads of `series`.
   */
  workloads?: readonly Workload[];
  /** prom-client's process_* and nodejs_* metrics (event-loop lag, GC, heap); default true. */
  defaultMetrics?: boolean;
  /** `metrics.detail` from the config; see detail.ts. Default `default`. */
  detail?: MetricsDetail;
}

type WorkloadLabel = 'workload' | 'category' | 'threads';
type KpiLabel = 'kpi' | 'workload' | 'threads' | 'direction' | 'severity';

export class VmsoakMetrics {
  readonly registry = new Registry();
  readonly #environment: Environment;

  readonly #latency: DerivedHistogram;
  readonly #latencyLast: Gauge<WorkloadLabel | 'statistic'>;
  readonly #opsPerSecond: Gauge<WorkloadLabel> | null;
  readonly #cv: Gauge<WorkloadLabel>;
  readonly #fairness: Gauge<WorkloadLabel>;
  readonly #workloadMetric: Gauge<'workload' | 'threads' | 'metric'>;
  readonly #kpiValue: Gauge<KpiLabel> | null;
  readonly #kpiTarget: Gauge<KpiLabel>;
  readonly #kpiBreached: Gauge<KpiLabel>;
  readonly #kpiWindowValue: Gauge<KpiLabel>;
  readonly #judgements: Counter<'judgement'>;
  readonly #effectiveCpus: Gauge;
  readonly #interference: readonly (readonly [keyof Interference, Gauge, 'remove' | 'keep'])[];
  readonly #runs: Counter<WorkloadLabel>;
  readonly #failures: Counter<WorkloadLabel | 'reason'>;
  readonly #lastRun: Gauge<'workload' | 'threads'> | null;
  readonly #lastSuccess: Gauge<'workload' | 'threads'>;
  readonly #overhead: Gauge<'workload' | 'threads'> | null;
  readonly #suiteRuns: Counter<'suite'>;
  readonly #suiteErrors: Counter<'suite'>;
  readonly #suiteDuration: Gauge<'suite'>;
  readonly #suiteFinished: Gauge<'suite'>;
  readonly #suiteInterval: Gauge<'suite'>;
  readonly #timerCost: Gauge;
  readonly #timerResolution: Gauge;
  readonly #resultsLogFailures: Counter;
  readonly #metricKeys = new MetricKeyCap();
  readonly #boundsSeconds: readonly number[];
  readonly #workloads = new Map<string, Workload>();
  /** What this registry exports; the regression metrics and the OTel histogram follow it too. */
  readonly detail: DetailPolicy;

  constructor(options: VmsoakMetricsOptions) {
    this.#environment = options.environment;
    this.detail = detailPolicy(options.detail);
    // Division, not multiplication by 1e-9: 10 / 1e9 is the double nearest 1e-8 and prints
    // as "1e-8"; 10 * 1e-9 prints as "1.0000000000000001e-8".
    this.#boundsSeconds = this.detail.latencyBoundsNs.map((ns) => ns / NS_PER_SECOND);

    this.#latency = new DerivedHistogram({
      name: FAMILIES.workloadLatency.name, help: FAMILIES.workloadLatency.help,
      labelNames: FAMILIES.workloadLatency.labels, upperBounds: this.#boundsSeconds, registers: [this.registry],
    });
    const gauge = <L extends string>(family: MetricFamily<L>) => gaugeOf(family, this.registry);
    const counter = <L extends string>(family: MetricFamily<L>) => counterOf(family, this.registry);
    this.#latencyLast = gauge(FAMILIES.workloadLatencyLast);
    this.#opsPerSecond = this.detail.includes(FAMILIES.workloadOpsPerSecond) ? gauge(FAMILIES.workloadOpsPerSecond) : null;
    this.#cv = gauge(FAMILIES.workloadCv);
    this.#fairness = gauge(FAMILIES.workloadFairness);
    this.#workloadMetric = gauge(FAMILIES.workloadMetric);
    const workloadInfo = gauge(FAMILIES.workloadInfo);
    this.#kpiValue = this.detail.includes(FAMILIES.kpiValue) ? gauge(FAMILIES.kpiValue) : null;
    this.#kpiTarget = gauge(FAMILIES.kpiTarget);
    this.#kpiBreached = gauge(FAMILIES.kpiBreached);
    this.#kpiWindowValue = gauge(FAMILIES.kpiWindowValue);
    this.#judgements = counter(FAMILIES.runJudgements);
    this.#effectiveCpus = gauge(FAMILIES.effectiveCpus);
    this.#interference = INTERFERENCE_GAUGES.map(([reading, family, whenMissing]) => [reading, gauge(family), whenMissing] as const);
    // A gauge without labels starts at 0 in prom-client; these have no value before a run.
    this.#effectiveCpus.remove();
    for (const [, instrument] of this.#interference) instrument.remove();
    this.#runs = counter(FAMILIES.runs);
    this.#failures = counter(FAMILIES.runFailures);
    this.#lastRun = this.detail.includes(FAMILIES.lastRunTimestamp) ? gauge(FAMILIES.lastRunTimestamp) : null;
    this.#lastSuccess = gauge(FAMILIES.lastSuccessTimestamp);
    this.#overhead = this.detail.includes(FAMILIES.measurementOverhead) ? gauge(FAMILIES.measurementOverhead) : null;
    this.#suiteRuns = counter(FAMILIES.suiteRuns);
    this.#suiteErrors = counter(FAMILIES.suiteErrors);
    this.#suiteDuration = gauge(FAMILIES.suiteLastDuration);
    this.#suiteFinished = gauge(FAMILIES.suiteLastFinish);
    this.#suiteInterval = gauge(FAMILIES.suiteScheduleInterval);
    this.#timerCost = gauge(FAMILIES.timerCost);
    this.#timerResolution = gauge(FAMILIES.timerResolution);
    this.#resultsLogFailures = counter(FAMILIES.resultsLogWriteFailures);
    const buildInfo = gauge(FAMILIES.buildInfo);
    const cpus = gauge(FAMILIES.cpus);

    const env = options.environment;
    buildInfo.set({ version: env.vmsoak, node: env.node, v8: env.v8 }, 1);
    cpus.set(os.availableParallelism());
    this.#setClock(env.timerCostNs, env.timerResolutionNs);
    this.#resultsLogFailures.inc(0);
    for (const judgement of JUDGEMENT_STATES) this.#judgements.inc({ judgement }, 0);
    const workloads = options.workloads ?? [...new Set(options.series.map((series) => series.workload))];
    for (const workload of workloads) {
      this.#workloads.set(workload.name, workload);
      workloadInfo.set({ workload: workload.name, category: workload.category, tier: String(workload.tier) }, 1);
    }
    for (const { workload, threads } of options.series) {
      this.#workloads.set(workload.name, workload);
      const labels = { workload: workload.name, category: workload.category, threads: String(threads) };
      this.#latency.zero(labels);
      this.#runs.inc(labels, 0);
      if (this.detail.preCreateCounters) for (const reason of FAILURE_REASONS) this.#failures.inc({ ...labels, reason }, 0);
      for (const kpi of workload.kpis) {
        const target = kpiTarget(workload.name, kpi, threads, options.kpiOverrides ?? {});
        this.#kpiTarget.set(this.#kpiLabels(workload.name, threads, kpi), kpiValueInBaseUnit(target, kpi.unit));
      }
    }
    if (options.defaultMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry });
      for (const name of [...NON_COUNTER_TOTALS, ...this.detail.droppedDefaultMetrics]) this.registry.removeSingleMetric(name);
    }
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  metrics(): Promise<string> {
    return this.registry.metrics();
  }

  /**
   * Records one finished run. A failed run counts in the run and failure counters; the
   * last-run gauges keep the last successful run's values (their age is
   * vmsoak_last_success_timestamp_seconds), so a KPI alert does not resolve and fire again
   * around every failed run.
   */
  observeRun(result: RunResult): void {
    const threads = String(result.threads);
    const labels = { workload: result.workload, category: result.category, threads };
    const short = { workload: result.workload, threads };
    const now = Date.now() / 1000;
    this.#runs.inc(labels);
    this.#lastRun?.set(short, now);
    this.#judgements.inc({ judgement: judgementStateOf(result) });
    this.#observeInterference(result);
    if (result.status !== 'ok') {
      this.#failures.inc({ ...labels, reason: result.error?.reason ?? 'error' });
      return;
    }
    this.#lastSuccess.set(short, now);
    this.#observeLatency(labels, result);
    this.#opsPerSecond?.set(labels, result.opsPerSecond);
    if (Number.isFinite(result.cv)) this.#cv.set(labels, result.cv as number);
    else this.#cv.remove(labels);
    // With one thread the index is 1 by definition: a series of constants.
    if (result.jainIndex !== null && result.threads > 1) this.#fairness.set(labels, result.jainIndex);
    else this.#fairness.remove(labels);
    this.#observeWorkloadMetrics(result.workload, threads, result.metrics);
    for (const kpi of result.kpis) this.#observeKpi(result.workload, result.threads, kpi);
    if (this.#overhead !== null) {
      const timerCostSeconds = this.#environment.timerCostNs / NS_PER_SECOND;
      this.#overhead.set(short, result.batchSize !== null && result.batchSize > 0 ? timerCostSeconds / result.batchSize : timerCostSeconds);
    }
  }

  /** Records a completed pass of the suite named `suiteName` (its runs went through observeRun). */
  observeSuite(suite: SuiteResult, suiteName: string): void {
    this.#suiteRuns.inc({ suite: suiteName });
    const durationMs = Date.parse(suite.finishedAt) - Date.parse(suite.startedAt);
    if (Number.isFinite(durationMs)) this.#suiteDuration.set({ suite: suiteName }, durationMs / 1000);
    this.#suiteFinished.set({ suite: suiteName }, Date.now() / 1000);
    this.#setClock(suite.timerCostNs, suite.timerResolutionNs);
  }

  /** Starts the per-suite counters at zero; call once per configured suite. */
  initSuite(suiteName: string): void {
    this.#suiteRuns.inc({ suite: suiteName }, 0);
    this.#suiteErrors.inc({ suite: suiteName }, 0);
  }

  /** See daemon/schedule-interval.ts; VmsoakDaemonStalled compares the last pass's age with 3 of these. */
  setSuiteScheduleInterval(suiteName: string, seconds: number): void {
    this.#suiteInterval.set({ suite: suiteName }, seconds);
  }

  observeSuiteError(suiteName: string): void {
    this.#suiteErrors.inc({ suite: suiteName });
  }

  observeResultsLogFailure(): void {
    this.#resultsLogFailures.inc();
  }

  /**
   * Sets vmsoak_kpi_breached and vmsoak_kpi_window_value from KPI window verdicts (the
   * daemon's, over each series' last judged runs). A pending window removes both: no verdict
   * is not a pass, and an alert on it must neither fire nor resolve.
   */
  observeKpiWindow(verdicts: readonly KpiWindowVerdict[]): void {
    for (const verdict of verdicts) {
      const labels = this.#kpiLabels(verdict.workload, verdict.threads, verdict);
      if (verdict.state === 'pending' || verdict.value === null) {
        this.#kpiBreached.remove(labels);
        this.#kpiWindowValue.remove(labels);
        continue;
      }
      this.#kpiWindowValue.set(labels, kpiValueInBaseUnit(verdict.value, verdict.unit));
      this.#kpiBreached.set(labels, verdict.state === 'breached' ? 1 : 0);
    }
  }

  /**
   * The node's interference during the last run and the CPUs it could use; a reading whose
   * source this node lacks is removed rather than set to 0, which would claim "none".
   */
  #observeInterference(result: RunResult): void {
    if (result.effectiveCpus !== undefined && Number.isFinite(result.effectiveCpus)) this.#effectiveCpus.set(result.effectiveCpus);
    const { interference } = result;
    if (interference === undefined) return;
    for (const [reading, gauge, whenMissing] of this.#interference) {
      const value = interference[reading];
      if (typeof value === 'number' && Number.isFinite(value)) gauge.set(value);
      else if (whenMissing === 'remove') gauge.remove();
    }
  }

  #setClock(timerCostNs: number, timerResolutionNs: number): void {
    this.#timerCost.set(timerCostNs / NS_PER_SECOND);
    this.#timerResolution.set(timerResolutionNs / NS_PER_SECOND);
  }

  #observeLatency(labels: Record<WorkloadLabel, string>, result: RunResult): void {
    for (const [statistic, field] of this.detail.lastRunStatistics) {
      this.#latencyLast.set({ ...labels, statistic }, result.latencyNs[field] / NS_PER_SECOND);
    }
    // A run without an HDR histogram has no bucket data; adding only its count would put
    // every operation in +Inf, so such a run leaves the histogram alone.
    if (result.histogram === null || result.ops <= 0) return;
    const { cumulative } = cumulativeBucketCounts(result.histogram, this.detail.latencyBoundsNs);
    // The HDR count equals ops (a batch records its ops as counts); clamping only guards
    // the histogram's invariant (no bucket above +Inf) should a workload break that.
    const clamped = cumulative.map((value) => Math.min(value, result.ops));
    this.#latency.add(labels, clamped, result.ops, result.sumNs / NS_PER_SECOND);
  }

  #observeWorkloadMetrics(workload: string, threads: string, metrics: Readonly<Record<string, number>>): void {
    const declared = this.#workloads.get(workload);
    for (const [metric, value] of Object.entries(metrics)) {
      if (!Number.isFinite(value)) continue;
      // A workload the daemon did not plan (none in practice) has no declaration to go by.
      if (declared !== undefined && !this.detail.exportsMetricKey(declared, metric)) continue;
      if (!this.#metricKeys.admit(workload, metric)) continue;
      this.#workloadMetric.set({ workload, threads, metric }, value);
    }
  }

  #observeKpi(workload: string, threads: number, kpi: KpiResult): void {
    const labels = this.#kpiLabels(workload, threads, kpi);
    this.#kpiTarget.set(labels, kpiValueInBaseUnit(kpi.target, kpi.unit));
    // The single run's value, judged or not; the breach state is the window's (observeKpiWindow).
    if (kpi.value === null || kpi.pass === null) {
      // An ok run that could not compute this KPI (a metric missing): no value is honest.
      this.#kpiValue?.remove(labels);
      return;
    }
    this.#kpiValue?.set(labels, kpiValueInBaseUnit(kpi.value, kpi.unit));
  }

  #kpiLabels(workload: string, threads: number, kpi: { name: string; direction: string; severity: string }): Record<KpiLabel, string> {
    return { kpi: kpi.name, workload, threads: String(threads), direction: kpi.direction, severity: kpi.severity };
  }
}
