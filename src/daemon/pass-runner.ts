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
import { PassProgress, clockText, progressText, type ProgressPoint } from './pass-progress.ts';
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
  /** When the suite's next pass is due, for the pass's summary line; null when unknown. */
  nextPassAt?(suite: SuiteConfig): Date | null;
}

function breachedKpis(result: RunResult): string[] {
  return result.kpis.filter((kpi) => kpi.pass === false).map((kpi) => kpi.name);
}

/**
 * Every pass and run line carries `event` (run finished, run failed, suite pass started,
 * finished, aborted by shutdown or failed): a stable key for programs reading the JSON
 * log, while `msg` is written for people.
 *
 * One line per run, which is also the pass's progress: "run 12 of 80, 24s elapsed, ETA
 * 2m 10s". A default pass finishes a run every two seconds or so, a rate a console can
 * show, so every run gets its line.
 */
function logRun(logger: Logger, result: RunResult, point: ProgressPoint): void {
  const fields = {
    workload: result.workload, threads: result.threads, status: result.status,
    run: point.done, runs: point.total ?? undefined, elapsedMs: point.elapsedMs, etaMs: point.etaMs === null ? undefined : Math.round(point.etaMs),
  };
  const where = `${result.workload} ×${result.threads}`;
  if (result.status !== 'ok') {
    logger.warn({ ...fields, event: 'run failed', reason: result.error?.reason, error: result.error?.message }, `${progressText(point)}: ${where} failed (${result.error?.reason ?? 'error'})`);
    return;
  }
  const breached = breachedKpis(result);
  logger.info({
    ...fields, event: 'run finished', ops: result.ops, opsPerSecond: Math.round(result.opsPerSecond),
    p50Ns: result.latencyNs.p50, p99Ns: result.latencyNs.p99, cv: result.cv, kpisBreached: breached,
  }, `${progressText(point)}: ${where} finished${breached.length > 0 ? `, KPIs breached: ${breached.join(', ')}` : ''}`);
}

interface PassSummary {
  suite: string;
  runs: number;
  failed: number;
  kpisBreached: number;
  durationMs: number;
  nextPassAt: Date | null;
}

/** "suite default: pass finished: 80 runs, 2 failed, 3 KPIs breached, in 2m 41s; next pass at 2025-01-01T00:15:00Z" */
export function passSummaryText(summary: PassSummary, aborted: boolean): string {
  const next = aborted ? '' : `; next pass ${summary.nextPassAt === null ? 'not scheduled' : `at ${summary.nextPassAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`}`;
  return `suite ${summary.suite}: pass ${aborted ? 'aborted by shutdown' : 'finished'}: ${summary.runs} runs, ${summary.failed} failed, `
    + `${summary.kpisBreached} KPIs breached, in ${clockText(summary.durationMs)}${next}`;
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
    let kpisBreached = 0;
    const progress = new PassProgress();
    const onResult = (result: RunResult): void => {
      if (seen.has(result)) return;
      seen.add(result);
      if (result.status !== 'ok') failed++;
      else kpisBreached += breachedKpis(result).length;
      this.#record(result, progress.runFinished());
    };
    logger.info({ event: 'suite pass started', suite: suite.name }, `suite ${suite.name}: pass started`);
    try {
      const result = await this.#options.run(config, suite, catalog, {
        signal: controller.signal,
        onProgress: (running) => {
          progress.total = running.total;
          this.#running = { suite: suite.name, ...running };
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
      const summary: PassSummary = {
        suite: suite.name, runs: seen.size, failed, kpisBreached, durationMs: progress.elapsedMs,
        nextPassAt: aborted ? null : this.#options.nextPassAt?.(suite) ?? null,
      };
      logger.info({
        event: aborted ? 'suite pass aborted by shutdown' : 'suite pass finished', ...summary, nextPassAt: summary.nextPassAt?.toISOString(),
      }, passSummaryText(summary, aborted));
      return { runs: seen.size, failed, error: false };
    } catch (error) {
      metrics.passFailed(suite.name);
      logger.error({ event: 'suite pass failed', err: error, suite: suite.name }, `suite ${suite.name}: pass failed`);
      return { runs: seen.size, failed, error: true };
    } finally {
      this.#running = null;
      this.#abort = null;
    }
  };

  #record(result: RunResult, point: ProgressPoint): void {
    const { logger, metrics, latest, history, resultsLog } = this.#options;
    metrics.runFinished(result);
    latest.set(result);
    percentilePoints(result);
    history.record(result);
    resultsLog.append(result).catch((error: unknown) => {
      metrics.resultsLogWriteFailed();
      logger.error({ err: error, file: resultsLog.file }, 'cannot append to the results log');
    });
    logRun(logger, result, point);
  }
}
