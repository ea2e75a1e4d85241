/**
 * The daemon's one door to its metrics: a run result or a pass outcome goes in once, and
 * every exporter is updated from it. prom-client's registry holds every family; the
 * OpenTelemetry export reads that registry through its bridge and needs only each run's
 * HDR latency on top (the exponential histogram). A metrics failure is logged, never
 * thrown: it must not cost the run its results-log line or the daemon its schedule.
 */
import type { Logger } from 'pino';
import type { SuiteConfig } from '../config/types.ts';
import type { OtelExport } from '../export/otel/otel-export.ts';
import type { VmsoakMetrics } from '../export/prometheus/metrics.ts';
import type { KpiWindowVerdict } from '../model/kpi-window.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';
import { suiteIntervalSeconds } from './schedule-interval.ts';

export interface MetricsFanOutOptions {
  prometheus: VmsoakMetrics;
  otel: OtelExport | null;
  logger: Logger;
  /** Runs per pass of each suite (workload x thread count), by suite name. */
  runsPerPass: ReadonlyMap<string, number>;
  /** Pause between continuous passes: part of a continuous suite's schedule interval. */
  continuousPauseMs: number;
}

export class MetricsFanOut {
  readonly #prometheus: VmsoakMetrics;
  readonly #otel: OtelExport | null;
  readonly #logger: Logger;
  readonly #runsPerPass: ReadonlyMap<string, number>;
  readonly #pauseMs: number;

  constructor(options: MetricsFanOutOptions) {
    this.#prometheus = options.prometheus;
    this.#otel = options.otel;
    this.#logger = options.logger;
    this.#runsPerPass = options.runsPerPass;
    this.#pauseMs = options.continuousPauseMs;
  }

  /** Starts a suite's counters at zero and sets its expected interval before any pass. */
  suiteConfigured(suite: SuiteConfig): void {
    this.#prometheus.initSuite(suite.name);
    this.#setInterval(suite);
  }

  runFinished(result: RunResult): void {
    try {
      this.#prometheus.observeRun(result);
      this.#otel?.observeRun(result);
    } catch (error) {
      this.#logger.error({ err: error, workload: result.workload, threads: result.threads }, 'metrics update failed');
    }
  }

  /** KPI window verdicts from the history: vmsoak_kpi_breached follows them, not single runs. */
  kpiWindowChanged(verdicts: readonly KpiWindowVerdict[]): void {
    try {
      this.#prometheus.observeKpiWindow(verdicts);
    } catch (error) {
      this.#logger.error({ err: error }, 'KPI window metrics update failed');
    }
  }

  /** A pass that ran to its end (not aborted by shutdown); its length refines the interval estimate. */
  passCompleted(suite: SuiteConfig, result: SuiteResult): void {
    this.#prometheus.observeSuite(result, suite.name);
    const passMs = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
    this.#setInterval(suite, Number.isFinite(passMs) ? passMs : undefined);
  }

  passFailed(suiteName: string): void {
    this.#prometheus.observeSuiteError(suiteName);
  }

  resultsLogWriteFailed(): void {
    this.#prometheus.observeResultsLogFailure();
  }

  #setInterval(suite: SuiteConfig, lastPassMs?: number): void {
    const runs = this.#runsPerPass.get(suite.name) ?? 0;
    this.#prometheus.setSuiteScheduleInterval(suite.name, suiteIntervalSeconds(suite, { runs, pauseMs: this.#pauseMs, lastPassMs }));
  }
}
