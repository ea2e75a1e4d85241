/**
 * The OpenTelemetry mirror of export/prometheus/metrics.ts: the same instruments, fed by
 * the same calls (once per run result on the main thread), through an OTel Meter.
 *
 * Names are the Prometheus names, so the OTel Prometheus exporter's /otel/metrics reads
 * like /metrics and the same dashboards and rules work on both; counters drop `_total`,
 * which the exporters (and OTLP-to-Prometheus translation) append to monotonic sums. The
 * attributes are the labels, with the same values. Descriptions are read from the
 * prom-client registry, so the two cannot drift apart.
 *
 * Differences OTel semantics force: a cumulative OTel stream cannot be removed, so where
 * prom-client drops a series (the CV of a run with fewer than 2 samples, a KPI whose value
 * could not be computed) the OTel series keeps its last value; and prom-client's process_*
 * and nodejs_* defaults have no counterpart here.
 */
import os from 'node:os';
import type { Attributes, Counter, Gauge, Meter } from '@opentelemetry/api';
import type { Registry } from 'prom-client';
import { kpiTarget } from '../../analysis/kpi.ts';
import type { KpiOverride } from '../../config/types.ts';
import type { Environment } from '../../run/environment.ts';
import type { KpiResult, RunResult, SuiteResult } from '../../model/result.ts';
import { MetricKeyCap } from '../metric-key-cap.ts';
import { FAILURE_REASONS, kpiValueInBaseUnit, QUANTILES } from '../prometheus/metrics.ts';
import type { PlannedSeries } from '../prometheus/series.ts';
import type { LatencyHistograms } from './latency-histograms.ts';

const NS_PER_SECOND = 1e9;

export interface OtelMetricsOptions {
  meter: Meter;
  latency: LatencyHistograms;
  /** prom-client's registry with the same metrics: the source of every description. */
  descriptions: Registry;
  series: readonly PlannedSeries[];
  kpiOverrides?: Readonly<Record<string, KpiOverride>>;
  environment: Environment;
}

export class OtelMetrics {
  readonly #environment: Environment;
  readonly #latency: LatencyHistograms;
  readonly #latencyLast: Gauge;
  readonly #opsPerSecond: Gauge;
  readonly #cv: Gauge;
  readonly #fairness: Gauge;
  readonly #workloadMetric: Gauge;
  readonly #kpiValue: Gauge;
  readonly #kpiTarget: Gauge;
  readonly #kpiBreached: Gauge;
  readonly #runs: Counter;
  readonly #failures: Counter;
  readonly #lastRun: Gauge;
  readonly #lastSuccess: Gauge;
  readonly #overhead: Gauge;
  readonly #suiteRuns: Counter;
  readonly #suiteErrors: Counter;
  readonly #suiteDuration: Gauge;
  readonly #suiteFinished: Gauge;
  readonly #suiteInterval: Gauge;
  readonly #timerCost: Gauge;
  readonly #timerResolution: Gauge;
  readonly #resultsLogFailures: Counter;
  readonly #metricKeys = new MetricKeyCap();
  /** The Prometheus family names these instruments appear as (counters with `_total`). */
  readonly prometheusNames = new Set<string>();

  constructor(options: OtelMetricsOptions) {
    const { meter, descriptions } = options;
    const describe = (prometheusName: string, unit: string) => ({ description: prometheusHelp(descriptions, prometheusName), unit });
    const gauge = (name: string, unit: string): Gauge => {
      this.prometheusNames.add(name);
      return meter.createGauge(name, describe(name, unit));
    };
    // The exporters append `_total` to a monotonic sum; the description is the Prometheus family's.
    const counter = (name: string, unit: string): Counter => {
      this.prometheusNames.add(`${name}_total`);
      return meter.createCounter(name, describe(`${name}_total`, unit));
    };
    this.#environment = options.environment;
    this.#latency = options.latency;
    this.#latencyLast = gauge('vmsoak_workload_latency_last_seconds', 's');
    this.#opsPerSecond = gauge('vmsoak_workload_ops_per_second', '{operation}/s');
    this.#cv = gauge('vmsoak_workload_cv_ratio', '1');
    this.#fairness = gauge('vmsoak_workload_fairness_jain_ratio', '1');
    this.#workloadMetric = gauge('vmsoak_workload_metric', '1');
    this.#kpiValue = gauge('vmsoak_kpi_value', '1');
    this.#kpiTarget = gauge('vmsoak_kpi_target', '1');
    this.#kpiBreached = gauge('vmsoak_kpi_breached', '1');
    this.#runs = counter('vmsoak_runs', '{run}');
    this.#failures = counter('vmsoak_run_failures', '{run}');
    this.#lastRun = gauge('vmsoak_last_run_timestamp_seconds', 's');
    this.#lastSuccess = gauge('vmsoak_last_success_timestamp_seconds', 's');
    this.#overhead = gauge('vmsoak_measurement_overhead_seconds', 's');
    this.#suiteRuns = counter('vmsoak_suite_runs', '{pass}');
    this.#suiteErrors = counter('vmsoak_suite_errors', '{pass}');
    this.#suiteDuration = gauge('vmsoak_suite_last_duration_seconds', 's');
    this.#suiteFinished = gauge('vmsoak_suite_last_finish_timestamp_seconds', 's');
    this.#suiteInterval = gauge('vmsoak_suite_schedule_interval_seconds', 's');
    this.#timerCost = gauge('vmsoak_timer_cost_seconds', 's');
    this.#timerResolution = gauge('vmsoak_timer_resolution_seconds', 's');
    this.#resultsLogFailures = counter('vmsoak_results_log_write_failures', '{result}');
    const env = options.environment;
    gauge('vmsoak_build_info', '1').record(1, { version: env.vmsoak, node: env.node, v8: env.v8 });
    gauge('vmsoak_cpus', '{cpu}').record(os.availableParallelism());
    this.#setClock(env.timerCostNs, env.timerResolutionNs);
    this.#resultsLogFailures.add(0);
    for (const { workload, threads } of options.series) {
      const labels = { workload: workload.name, category: workload.category, threads: String(threads) };
      this.#latency.zero(labels);
      this.#runs.add(0, labels);
      for (const reason of FAILURE_REASONS) this.#failures.add(0, { ...labels, reason });
      for (const kpi of workload.kpis) {
        const target = kpiTarget(workload.name, kpi, threads, options.kpiOverrides ?? {});
        this.#kpiTarget.record(kpiValueInBaseUnit(target, kpi.unit), kpiAttributes(workload.name, threads, kpi));
      }
    }
  }

  /** Same contract as VmsoakMetrics.observeRun. */
  observeRun(result: RunResult): void {
    const threads = String(result.threads);
    const labels = { workload: result.workload, category: result.category, threads };
    const short = { workload: result.workload, threads };
    const now = Date.now() / 1000;
    this.#runs.add(1, labels);
    this.#lastRun.record(now, short);
    if (result.status !== 'ok') {
      this.#failures.add(1, { ...labels, reason: result.error?.reason ?? 'error' });
      return;
    }
    this.#lastSuccess.record(now, short);
    for (const [quantile, field] of QUANTILES) {
      this.#latencyLast.record(result.latencyNs[field] / NS_PER_SECOND, { ...labels, quantile });
    }
    if (result.histogram !== null && result.ops > 0) {
      this.#latency.add(labels, { histogram: result.histogram, ops: result.ops, sumNs: result.sumNs });
    }
    this.#opsPerSecond.record(result.opsPerSecond, labels);
    if (result.cv !== null && Number.isFinite(result.cv)) this.#cv.record(result.cv, labels);
    if (result.jainIndex !== null) this.#fairness.record(result.jainIndex, labels);
    this.#observeWorkloadMetrics(result.workload, threads, result.metrics);
    for (const kpi of result.kpis) this.#observeKpi(result.workload, result.threads, kpi);
    const timerCostSeconds = this.#environment.timerCostNs / NS_PER_SECOND;
    this.#overhead.record(result.batchSize !== null && result.batchSize > 0 ? timerCostSeconds / result.batchSize : timerCostSeconds, short);
  }

  observeSuite(suite: SuiteResult, suiteName: string): void {
    this.#suiteRuns.add(1, { suite: suiteName });
    const durationMs = Date.parse(suite.finishedAt) - Date.parse(suite.startedAt);
    if (Number.isFinite(durationMs)) this.#suiteDuration.record(durationMs / 1000, { suite: suiteName });
    this.#suiteFinished.record(Date.now() / 1000, { suite: suiteName });
    this.#setClock(suite.timerCostNs, suite.timerResolutionNs);
  }

  initSuite(suiteName: string): void {
    this.#suiteRuns.add(0, { suite: suiteName });
    this.#suiteErrors.add(0, { suite: suiteName });
  }

  setSuiteScheduleInterval(suiteName: string, seconds: number): void {
    this.#suiteInterval.record(seconds, { suite: suiteName });
  }

  observeSuiteError(suiteName: string): void {
    this.#suiteErrors.add(1, { suite: suiteName });
  }

  observeResultsLogFailure(): void {
    this.#resultsLogFailures.add(1);
  }

  #setClock(timerCostNs: number, timerResolutionNs: number): void {
    this.#timerCost.record(timerCostNs / NS_PER_SECOND);
    this.#timerResolution.record(timerResolutionNs / NS_PER_SECOND);
  }

  #observeWorkloadMetrics(workload: string, threads: string, metrics: Readonly<Record<string, number>>): void {
    for (const [metric, value] of Object.entries(metrics)) {
      if (!Number.isFinite(value) || !this.#metricKeys.admit(workload, metric)) continue;
      this.#workloadMetric.record(value, { workload, threads, metric });
    }
  }

  #observeKpi(workload: string, threads: number, kpi: KpiResult): void {
    const attributes = kpiAttributes(workload, threads, kpi);
    this.#kpiTarget.record(kpiValueInBaseUnit(kpi.target, kpi.unit), attributes);
    if (kpi.value === null || kpi.pass === null) return;
    this.#kpiValue.record(kpiValueInBaseUnit(kpi.value, kpi.unit), attributes);
    this.#kpiBreached.record(kpi.pass ? 0 : 1, attributes);
  }
}

/** The HELP text of a prom-client metric; prom-client keeps `help` on every metric object, its typings leave it out. */
export function prometheusHelp(registry: Registry, name: string): string {
  const metric = registry.getSingleMetric(name) as { help?: unknown } | undefined;
  return typeof metric?.help === 'string' ? metric.help : '';
}

function kpiAttributes(workload: string, threads: number, kpi: { name: string; direction: string; severity: string }): Attributes {
  return { kpi: kpi.name, workload, threads: String(threads), direction: kpi.direction, severity: kpi.severity };
}
