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
import type { KpiWindowVerdict } from '../model/kpi-window.ts';
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

/** The KPIs this one run missed: a hint, not a breach (breached is a window's verdict). */
function beyondTarget(result: RunResult): string[] {
  return result.kpis.filter((kpi) => kpi.pass === false).map((kpi) => kpi.name);
}

type JudgementState = NonNullable<RunResult['judgement']>['state'];

/** Results from before judgements existed count as judged when ok. */
function judgementOf(result: RunResult): JudgementState {
  return result.judgement?.state ?? (result.status === 'ok' ? 'judged' : 'failed');
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
  const missed = beyondTarget(result);
  const judgement = judgementOf(result);
  // A run that does not count says why, so a console reader never takes its figures for a verdict.
  const notCounted = judgement === 'judged' ? '' : ` (${judgement}${result.judgement?.reason ? `: ${result.judgement.reason}` : ''})`;
  logger.info({
    ...fields, event: 'run finished', judgement, judgementReason: result.judgement?.reason ?? undefined,
    ops: result.ops, opsPerSecond: Math.round(result.opsPerSecond),
    p50Ns: result.latencyNs.p50, p99Ns: result.latencyNs.p99, cv: result.cv, beyondTarget: missed,
  }, `${progressText(point)}: ${where} finished${notCounted}${missed.length > 0 ? `, beyond target in this run: ${missed.join(', ')}` : ''}`);
}

interface PassSummary {
  suite: string;
  runs: number;
  failed: number;
  /** Runs of the pass by judgement. */
  judgements: Record<JudgementState, number>;
  /** KPIs of the pass's series whose window is breached, and whose window is still pending. */
  kpisBreached: number;
  kpisPending: number;
  durationMs: number;
  nextPassAt: Date | null;
}

/**
 * "suite default: pass finished: 80 runs (60 judged, 10 disturbed, 8 oversubscribed, 2 failed),
 * 3 KPIs breached, 12 pending, in 2m 41s; next pass at 2025-01-01T00:15:00Z"
 */
export function passSummaryText(summary: PassSummary, aborted: boolean): string {
  const next = aborted ? '' : `; next pass ${summary.nextPassAt === null ? 'not scheduled' : `at ${summary.nextPassAt.toISOString().replace(/\.\d{3}Z$/, 'Z')}`}`;
  const { judged, disturbed, oversubscribed, failed } = summary.judgements;
  return `suite ${summary.suite}: pass ${aborted ? 'aborted by shutdown' : 'finished'}: ${summary.runs} runs `
    + `(${judged} judged, ${disturbed} disturbed, ${oversubscribed} oversubscribed, ${failed} failed), `
    + `${summary.kpisBreached} KPIs breached, ${summary.kpisPending} pending, in ${clockText(summary.durationMs)}${next}`;
}

/** Breached and pending KPI windows of the series a pass ran. */
function windowCounts(verdicts: readonly KpiWindowVerdict[], seen: Iterable<RunResult>): { breached: number; pending: number } {
  const series = new Set([...seen].map((result) => `${result.workload}@${result.threads}`));
  let breached = 0;
  let pending = 0;
  for (const verdict of verdicts) {
    if (!series.has(`${verdict.workload}@${verdict.threads}`)) continue;
    if (verdict.state === 'breached') breached++;
    else if (verdict.state === 'pending') pending++;
  }
  return { breached, pending };
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
    const judgements: Record<JudgementState, number> = { judged: 0, disturbed: 0, oversubscribed: 0, failed: 0 };
    const progress = new PassProgress();
    const onResult = (result: RunResult): void => {
      if (seen.has(result)) return;
      seen.add(result);
      if (result.status !== 'ok') failed++;
      judgements[judgementOf(result)]++;
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
      const windows = windowCounts(history.kpiWindows(), seen);
      const summary: PassSummary = {
        suite: suite.name, runs: seen.size, failed, judgements, kpisBreached: windows.breached, kpisPending: windows.pending,
        durationMs: progress.elapsedMs,
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
