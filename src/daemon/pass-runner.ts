/**
 * Runs one pass of a suite at a time and sends each result where it belongs: the metrics,
 * the latest-results table of the status page, the history, the results log and the log.
 * It keeps what the status page and /api/results show of the passes: the pass in flight
 * and the last completed one. The scheduler decides when a pass runs; shutdown aborts the
 * one in flight through abort().
 */
import type { Logger } from 'pino';
import type { Config, SuiteConfig } from '../config/types.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';
import type { runSuite } from '../run/suite.ts';
import type { ResultsLog } from '../store/results-log.ts';
import type { LoadedWorkload } from '../workloads/registry.ts';
import type { HistoryService } from './history-service.ts';
import type { LatestResults } from './latest-results.ts';
import type { MetricsFanOut } from './metrics-fan-out.ts';
import { percentilePoints } from './status-charts.ts';
import type { RunningPass } from './status-page.ts';
import type { PassOutcome } from './suite-scheduler.ts';

export interface PassRunnerOptions {
  config: Config;
  catalog: readonly LoadedWorkload[];
  run: typeof runSuite;
  logger: Logger;
  metrics: MetricsFanOut;
  latest: LatestResults;
  history: HistoryService;
  resultsLog: ResultsLog;
}

function logRun(logger: Logger, result: RunResult): void {
  const fields = { workload: result.workload, threads: result.threads, status: result.status };
  if (result.status !== 'ok') {
    logger.warn({ ...fields, reason: result.error?.reason, error: result.error?.message }, 'run failed');
    return;
  }
  const breached = result.kpis.filter((kpi) => kpi.pass === false).map((kpi) => kpi.name);
  logger.info({
    ...fields, ops: result.ops, opsPerSecond: Math.round(result.opsPerSecond),
    p50Ns: result.latencyNs.p50, p99Ns: result.latencyNs.p99, cv: result.cv, kpisBreached: breached,
  }, 'run finished');
}

export class PassRunner {
  readonly #options: PassRunnerOptions;
  #running: RunningPass | null = null;
  #lastPass: SuiteResult | null = null;
  #abort: AbortController | null = null;

  constructor(options: PassRunnerOptions) {
    this.#options = options;
  }

  /** The pass in flight and its progress, for the status page. */
  get running(): RunningPass | null {
    return this.#running;
  }

  /** The last pass that ran to its end. */
  get lastPass(): SuiteResult | null {
    return this.#lastPass;
  }

  abort(reason: string): void {
    this.#abort?.abort(new Error(reason));
  }

  readonly runPass = async (suite: SuiteConfig): Promise<PassOutcome> => {
    const { config, catalog, logger, metrics, history } = this.#options;
    const controller = new AbortController();
    this.#abort = controller;
    const seen = new Set<RunResult>();
    let failed = 0;
    const onResult = (result: RunResult): void => {
      if (seen.has(result)) return;
      seen.add(result);
      if (result.status !== 'ok') failed++;
      this.#record(result);
    };
    logger.info({ suite: suite.name }, 'suite pass started');
    try {
      const result = await this.#options.run(config, suite, catalog, {
        signal: controller.signal,
        onProgress: (progress) => {
          this.#running = { suite: suite.name, ...progress };
        },
        onResult,
      });
      // Whatever the runner returned without announcing it still counts, once.
      for (const item of result.results) onResult(item);
      const aborted = controller.signal.aborted;
      if (!aborted) {
        metrics.passCompleted(suite, result);
        this.#lastPass = result;
        void history.applyRetention();
      }
      logger.info({ suite: suite.name, runs: seen.size, failed }, aborted ? 'suite pass aborted by shutdown' : 'suite pass finished');
      return { runs: seen.size, failed, error: false };
    } catch (error) {
      metrics.passFailed(suite.name);
      logger.error({ err: error, suite: suite.name }, 'suite pass failed');
      return { runs: seen.size, failed, error: true };
    } finally {
      this.#running = null;
      this.#abort = null;
    }
  };

  #record(result: RunResult): void {
    const { logger, metrics, latest, history, resultsLog } = this.#options;
    metrics.runFinished(result);
    latest.set(result);
    percentilePoints(result);
    history.record(result);
    resultsLog.append(result).catch((error: unknown) => {
      metrics.resultsLogWriteFailed();
      logger.error({ err: error, file: resultsLog.file }, 'cannot append to the results log');
    });
    logRun(logger, result);
  }
}
