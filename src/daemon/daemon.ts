/**
 * The daemon's composition root: builds the parts and wires them together. The daemon
 * schedules the suites, runs their passes one at a time (pass-runner.ts), turns each result
 * into metrics (metrics-fan-out.ts), a results-log line and the status page, serves HTTP
 * (routes.ts) until told to stop (lifecycle.ts).
 *
 * The main thread only schedules, aggregates and serves: workloads run in worker threads
 * inside a runner process (see run/runner/), and a result costs the main thread one IPC
 * message, one metrics update and one log append.
 *
 * The config must come validated, with the catalog checked against it
 * (config/load.ts and config/catalog-check.ts, as `vmsoak run` does): nothing here checks it again.
 */
import type { Logger } from 'pino';
import { CONTINUOUS } from '../config/cron.ts';
import type { Config, SuiteConfig } from '../config/types.ts';
import { UsageError } from '../errors.ts';
import { routeOtelDiagnostics } from '../export/otel/diag-logger.ts';
import { startOtelExport } from '../export/otel/otel-export.ts';
import { VmsoakMetrics } from '../export/prometheus/metrics.ts';
import { plannedSeries } from '../export/prometheus/series.ts';
import { environment } from '../run/environment.ts';
import { createRunnerSuite } from '../run/runner/runner-suite.ts';
import type { runSuite } from '../run/suite.ts';
import { ResultsLog, resultsLogPath } from '../store/results-log.ts';
import type { LoadedWorkload } from '../workloads/registry.ts';
import { HistoryService } from './history-service.ts';
import { createHttpServer } from './http-server.ts';
import { LatestResults } from './latest-results.ts';
import { Lifecycle, listen } from './lifecycle.ts';
import { baseUrl, bindAddress, reachableUrl } from './listen-address.ts';
import { MetricsFanOut } from './metrics-fan-out.ts';
import { PassRunner } from './pass-runner.ts';
import { daemonRoutes } from './routes.ts';
import { DEFAULT_CONTINUOUS_PAUSE_MS, SuiteScheduler } from './suite-scheduler.ts';
import { loadWebConfig } from './web-config.ts';
import { webSecurity } from './web-security.ts';

export interface DaemonOptions {
  logger: Logger;
  catalog: LoadedWorkload[];
  /** SIGTERM and SIGINT close the daemon, a second one exits at once. Default true. */
  handleSignals?: boolean;
  /** The suite runner; tests replace it. Default: each pass in a runner process (run/runner/). */
  runSuite?: typeof runSuite;
  /** Pause between continuous passes, default 1 s. */
  continuousPauseMs?: number;
}

export interface Daemon {
  /** host:port the server is bound to (the real port when `listen` asked for port 0). */
  address: string;
  /** Base URL of the status page, e.g. http://127.0.0.1:9650/. */
  url: string;
  /** Resolves once the daemon has shut down, whoever asked. */
  closed: Promise<void>;
  close(reason?: string): Promise<void>;
}

/** The log and how many bytes of a torn last line were cut (logged after the listen line). */
async function openResultsLog(config: Config): Promise<{ log: ResultsLog; cutBytes: number }> {
  try {
    return await ResultsLog.open(resultsLogPath(config.dataDir));
  } catch (error) {
    throw new UsageError(`dataDir: cannot use ${config.dataDir}: ${(error as Error).message}`);
  }
}

export async function startDaemon(config: Config, options: DaemonOptions): Promise<Daemon> {
  const { logger, catalog } = options;
  bindAddress(config.listen);
  const security = config.webConfigFile === undefined ? undefined
    : webSecurity(loadWebConfig(config.webConfigFile), { exemptProbes: config.webExemptProbes ?? false, logger });

  const startedAt = new Date();
  const env = environment();
  const series = plannedSeries(catalog, config.suites);
  const runsPerPass = new Map(config.suites.map((suite) => [suite.name, plannedSeries(catalog, [suite]).length]));
  const prometheus = new VmsoakMetrics({
    series, workloads: catalog.map((entry) => entry.workload), kpiOverrides: config.kpis, environment: env,
    detail: config.metrics.detail,
  });
  const otel = config.exporters.includes('otel')
    ? startOtelExport({
      config: config.otel, env: process.env, environment: env, series, registry: prometheus.registry, latencyBoundsNs: prometheus.detail.latencyBoundsNs,
    })
    : null;
  if (otel !== null) routeOtelDiagnostics(logger);
  const continuousPauseMs = options.continuousPauseMs ?? DEFAULT_CONTINUOUS_PAUSE_MS;
  const metrics = new MetricsFanOut({
    prometheus, otel, logger, runsPerPass, continuousPauseMs,
  });
  for (const suite of config.suites) metrics.suiteConfigured(suite);

  const { log: resultsLog, cutBytes } = await openResultsLog(config);
  const history = await HistoryService.open({
    config, logger, registry: prometheus.registry, metricsDetail: prometheus.detail, series, resultsLog,
    onKpiWindow: (verdicts) => metrics.kpiWindowChanged(verdicts),
  });
  const latest = new LatestResults();
  // The scheduler, built after the pass runner, knows when a cron suite runs next.
  let nextCronRun = (_suite: SuiteConfig): Date | null => null;
  const passes = new PassRunner({
    config, catalog, run: options.runSuite ?? createRunnerSuite(), logger, metrics, latest, history, resultsLog,
    nextPassAt: (suite) => (suite.schedule === CONTINUOUS ? new Date(Date.now() + continuousPauseMs) : nextCronRun(suite)),
  });
  const scheduler = new SuiteScheduler({
    suites: config.suites, runPass: passes.runPass, logger, continuousPauseMs,
  });
  nextCronRun = (suite) => scheduler.statuses().find((status) => status.name === suite.name)?.nextRunAt ?? null;

  let lifecycle: Lifecycle | null = null;
  const routes = daemonRoutes({
    env, startedAt, workloadCount: catalog.length, prometheus: config.exporters.includes('prometheus') ? prometheus : null,
    otel, passes, scheduler, latest, history, shuttingDown: () => lifecycle?.shuttingDown ?? false,
  });
  const server = createHttpServer(routes, logger, { security });
  const bound = await listen(server, config.listen);
  const url = reachableUrl(bound.address, bound.port, security?.scheme);
  lifecycle = new Lifecycle({
    config, logger, otel, server, handleSignals: options.handleSignals ?? true,
    stopScheduling: () => scheduler.stop(),
    abortRun: (reason) => passes.abort(reason),
    idle: () => scheduler.idle(),
    flush: () => Promise.all([resultsLog.flush(), history.flush()]),
    resultsLogFile: resultsLog.file,
  });

  // The console's first line: where to point a browser, before anything else happens.
  logger.info({
    url, metricsUrl: `${url}metrics`, bound: baseUrl(bound.address, bound.port, security?.scheme),
    dataDir: config.dataDir, workloads: catalog.length, exporters: config.exporters, metricsDetail: config.metrics.detail,
    otlpPush: otel?.push ?? undefined,
    suites: config.suites.map((suite) => ({
      name: suite.name, schedule: suite.schedule, runOnStart: suite.runOnStart, workloads: suite.workloads,
      runsPerPass: runsPerPass.get(suite.name),
    })),
  }, `vmsoak listening on ${url} (metrics at ${url}metrics)`);
  if (cutBytes > 0) logger.warn({ file: resultsLog.file, bytes: cutBytes }, 'results log ended in a torn line (an earlier crash); cut it off');
  logger.info(history.loaded, 'run history loaded from the results log');
  scheduler.start();

  const { closed } = lifecycle;
  return { address: new URL(url).host, url, closed, close: (reason) => lifecycle.close(reason) };
}
