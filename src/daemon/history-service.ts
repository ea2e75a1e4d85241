/**
 * The daemon's history, in one place for daemon.ts to wire: the run history loaded from
 * the results log at start, the regression tracker against the rolling baseline, the KPI
 * windows (handed to the metrics through `onKpiWindow`), the HDR
 * interval logs, retention of both logs by age and size, and the routes that show it all:
 * `/api/changes` (JSON), `/api/report` (Markdown) and `/report.html`.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { configHash, type Fingerprint, machineFingerprint } from '../analysis/fingerprint.ts';
import type { Config } from '../config/types.ts';
import type { DetailPolicy } from '../export/prometheus/detail.ts';
import { RegressionMetrics } from '../export/prometheus/regression-metrics.ts';
import type { PlannedSeries } from '../export/prometheus/series.ts';
import { renderHtml } from '../export/reports/html.ts';
import { renderMarkdown } from '../export/reports/markdown.ts';
import type { ReportExtras } from '../export/reports/report-model.ts';
import type { KpiWindowVerdict } from '../model/kpi-window.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';
import { HdrIntervalLog } from '../store/hdr-interval-log.ts';
import { type ResultsLog, scanResultsLog } from '../store/results-log.ts';
import type { Reply, Route } from './http-server.ts';
import { RegressionTracker } from './regression-tracker.ts';
import { RunHistory } from './run-history.ts';

const DAY_MS = 86_400_000;

export interface HistoryServiceOptions {
  config: Config;
  logger: Logger;
  registry: Registry;
  /** The registry's detail policy (VmsoakMetrics.detail). */
  metricsDetail?: DetailPolicy;
  series: readonly PlannedSeries[];
  resultsLog: ResultsLog;
  /**
   * KPI window verdicts that may have changed: every series' after loading the history, then
   * each run's series after it (the daemon sets vmsoak_kpi_breached from them).
   */
  onKpiWindow?(verdicts: readonly KpiWindowVerdict[]): void;
}

export class HistoryService {
  readonly #config: Config;
  readonly #logger: Logger;
  readonly #resultsLog: ResultsLog;
  readonly #tracker: RegressionTracker;
  readonly #history: RunHistory;
  readonly #hdrLog: HdrIntervalLog;
  readonly #onKpiWindow: (verdicts: readonly KpiWindowVerdict[]) => void;
  /** The daemon's fingerprint, for the reports' environment table. */
  readonly #fingerprint: Fingerprint;
  /** What open() loaded, for the daemon to log after its listen line (the console's first). */
  loaded = { runs: 0, ms: 0 };

  private constructor(options: HistoryServiceOptions, history: RunHistory, metrics: RegressionMetrics) {
    this.#config = options.config;
    this.#logger = options.logger;
    this.#resultsLog = options.resultsLog;
    this.#history = history;
    this.#tracker = new RegressionTracker(options.config, history, metrics);
    this.#hdrLog = new HdrIntervalLog(options.config.dataDir);
    this.#onKpiWindow = options.onKpiWindow ?? (() => {});
    const workloads = new Map(options.series.map(({ workload }) => [workload.name, workload]));
    this.#fingerprint = machineFingerprint(configHash(options.config, options.config.suites, [...workloads.values()]));
  }

  /** Loads the history from the results log (after applying retention) and starts the metrics. */
  static async open(options: HistoryServiceOptions): Promise<HistoryService> {
    const metrics = new RegressionMetrics(options.registry, options.metricsDetail);
    for (const { workload, threads } of options.series) metrics.initSeries(workload.name, threads);
    const history = new RunHistory({
      changePoints: options.config.history.changePoints, judgement: options.config.judgement, kpiWindow: options.config.kpiWindow,
      since: new Date().toISOString(),
    });
    const service = new HistoryService(options, history, metrics);
    await service.applyRetention();
    const started = Date.now();
    const { count } = await scanResultsLog(options.resultsLog.file, (run) => {
      history.add(run, false);
    });
    for (const [key, points] of history.detectAll()) {
      const at = key.lastIndexOf('@');
      metrics.observeChangePoints(key.slice(0, at), Number(key.slice(at + 1)), points, true);
    }
    service.#onKpiWindow(history.kpiWindows());
    service.loaded = { runs: count, ms: Date.now() - started };
    return service;
  }

  /** One finished run: into the history, judged against its rolling baseline when judged, its KPI window out; then logged as HDR intervals. */
  record(result: RunResult): void {
    try {
      const { kpiWindow } = this.#tracker.observe(result);
      if (kpiWindow.length > 0) this.#onKpiWindow(kpiWindow);
    } catch (error) {
      this.#logger.error({ err: error, workload: result.workload, threads: result.threads }, 'regression check failed');
    }
    this.#hdrLog.append(result).catch((error: unknown) => {
      this.#logger.error({ err: error, dataDir: this.#config.dataDir }, 'cannot append to the HDR interval log');
    });
  }

  /** Retention of the results log and the HDR interval logs; logged, never thrown. */
  async applyRetention(): Promise<void> {
    const { retentionDays, maxLogBytes, maxHdrLogBytes } = this.#config.history;
    try {
      const cut = await this.#resultsLog.compact({ maxAgeMs: retentionDays * DAY_MS, maxBytes: maxLogBytes });
      if (cut.droppedLines > 0) this.#logger.info({ file: this.#resultsLog.file, ...cut }, 'results log: old runs dropped by retention');
      const deleted = await this.#hdrLog.prune({ maxAgeMs: retentionDays * DAY_MS, maxBytes: maxHdrLogBytes });
      if (deleted.length > 0) this.#logger.info({ files: deleted }, 'HDR interval logs deleted by retention');
    } catch (error) {
      this.#logger.error({ err: error }, 'retention of the logs failed');
    }
  }

  flush(): Promise<void> {
    return this.#hdrLog.flush();
  }

  /** Every series' KPI window verdicts, as `/api/results` and the reports show them. */
  kpiWindows(): KpiWindowVerdict[] {
    return this.#history.kpiWindows();
  }

  extras(): ReportExtras {
    return { comparison: this.#tracker.report(), changePoints: this.#tracker.changePoints(), trends: this.#history.kpiTrends() };
  }

  /** The routes; `current` gives the latest result of every series, histograms included. */
  routes(latest: () => SuiteResult): Array<[string, Route]> {
    const current = (): SuiteResult => ({ ...latest(), fingerprint: this.#fingerprint, kpiWindow: this.kpiWindows() });
    const json = (value: unknown): Reply => ({ contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(value)}\n` });
    return [
      ['/api/changes', () => json({ series: this.#tracker.changePoints(), rolling: this.#tracker.report() })],
      ['/api/report', () => ({ contentType: 'text/markdown; charset=utf-8', body: renderMarkdown(current(), this.extras()) })],
      ['/report.html', () => ({
        contentType: 'text/html; charset=utf-8',
        headers: { 'Content-Security-Policy': 'default-src \'none\'; style-src \'unsafe-inline\'' },
        body: renderHtml(current(), this.extras()),
      })],
    ];
  }
}
