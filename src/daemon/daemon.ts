/**
 * The daemon: schedules the suites, runs their passes one at a time, turns each result into
 * metrics, a results-log line and the status page, and serves HTTP until told to stop.
 *
 * The main thread only schedules, aggregates and serves: workloads run in worker threads
 * (see pool/), and a result costs the main thread one metrics update and one log append.
 *
 * Shutdown (SIGTERM, SIGINT or close()): readiness turns 503, the scheduler stops, the run
 * in flight is aborted, pending log appends are flushed, the HTTP server closes, and
 * `closed` resolves, all within `shutdownTimeout`. A second signal exits at once.
 */
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { scheduleProblem } from '../config/cron.ts';
import type { Config, SuiteConfig } from '../config/types.ts';
import { UsageError } from '../errors.ts';
import { routeOtelDiagnostics } from '../export/otel/diag-logger.ts';
import { startOtelExport } from '../export/otel/otel-export.ts';
import { VmsoakMetrics } from '../export/prometheus/metrics.ts';
import { plannedSeries } from '../export/prometheus/series.ts';
import { environment } from '../run/environment.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';
import { runSuite } from '../run/suite.ts';
import { ResultsLog, resultsLogPath } from '../store/results-log.ts';
import { selectWorkloads, type LoadedWorkload } from '../workloads/registry.ts';
import { createHttpServer, textReply, type Route } from './http-server.ts';
import { HistoryService } from './history-service.ts';
import { LatestResults } from './latest-results.ts';
import { baseUrl, bindAddress } from './listen-address.ts';
import type { RunningPass } from './status-page.ts';
import { statusRoutes } from './status-routes.ts';
import { percentilePoints } from './status-charts.ts';
import { suiteIntervalSeconds } from './schedule-interval.ts';
import { DEFAULT_CONTINUOUS_PAUSE_MS, SuiteScheduler, type PassOutcome } from './suite-scheduler.ts';
import { loadWebConfig } from './web-config.ts';
import { webSecurity } from './web-security.ts';

export interface DaemonOptions {
  logger: Logger;
  catalog: LoadedWorkload[];
  /** SIGTERM and SIGINT close the daemon, a second one exits at once. Default true. */
  handleSignals?: boolean;
  /** The suite runner; tests replace it. Default: run/suite.ts. */
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

/** Part of shutdownTimeout kept back for flushing and closing the server after the run stopped. */
const CLOSE_RESERVE_MS = 1000;

function validateSuites(config: Config, catalog: readonly LoadedWorkload[]): void {
  const names = new Set<string>();
  for (const [index, suite] of config.suites.entries()) {
    if (names.has(suite.name)) throw new UsageError(`suites[${index}].name: "${suite.name}" is used twice`);
    names.add(suite.name);
    const problem = scheduleProblem(suite.schedule);
    if (problem !== null) throw new UsageError(`suites[${index}].schedule: ${problem}`);
    try {
      selectWorkloads(catalog, suite.workloads);
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`suites[${index}].workloads: ${error.message}`);
      throw error;
    }
  }
}

function listen(server: Server, listenConfig: string): Promise<AddressInfo> {
  const { host, port } = bindAddress(listenConfig);
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const why = error.code === 'EADDRINUSE' ? 'the address is already in use'
        : error.code === 'EADDRNOTAVAIL' ? 'no local interface has that address'
          : error.code === 'EACCES' ? 'permission denied (ports below 1024 need privileges)'
            : error.message;
      reject(new UsageError(`listen: cannot listen on ${listenConfig}: ${why}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve(server.address() as AddressInfo);
    });
  });
}

function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), Math.max(0, ms));
    promise.then(
      () => { clearTimeout(timer); resolve(true); },
      () => { clearTimeout(timer); resolve(true); },
    );
  });
}

/** Stops accepting, lets requests in flight finish, then cuts what is left after `ms`. */
function closeServer(server: Server, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => server.closeAllConnections(), Math.max(0, ms));
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    server.closeIdleConnections();
  });
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

export async function startDaemon(config: Config, options: DaemonOptions): Promise<Daemon> {
  const { logger, catalog } = options;
  const run = options.runSuite ?? runSuite;
  bindAddress(config.listen);
  const security = config.webConfigFile === undefined ? undefined
    : webSecurity(loadWebConfig(config.webConfigFile), { exemptProbes: config.webExemptProbes ?? false, logger });
  validateSuites(config, catalog);

  const startedAt = new Date();
  const env = environment();
  const metrics = new VmsoakMetrics({ series: plannedSeries(catalog, config.suites), kpiOverrides: config.kpis, environment: env });
  const otel = config.exporters.includes('otel') ? startOtelExport({
    config: config.otel, env: process.env, environment: env, series: plannedSeries(catalog, config.suites),
    kpiOverrides: config.kpis, descriptions: metrics.registry,
  }) : null;
  if (otel !== null) routeOtelDiagnostics(logger);
  const passEstimate = (suite: SuiteConfig, lastPassMs?: number) => ({
    runs: plannedSeries(catalog, [suite]).length, pauseMs: options.continuousPauseMs ?? DEFAULT_CONTINUOUS_PAUSE_MS, lastPassMs,
  });
  for (const suite of config.suites) {
    metrics.initSuite(suite.name);
    otel?.metrics.initSuite(suite.name);
    const interval = suiteIntervalSeconds(suite, passEstimate(suite));
    metrics.setSuiteScheduleInterval(suite.name, interval);
    otel?.metrics.setSuiteScheduleInterval(suite.name, interval);
  }

  let resultsLog: ResultsLog;
  try {
    const opened = await ResultsLog.open(resultsLogPath(config.dataDir));
    resultsLog = opened.log;
    if (opened.cutBytes > 0) {
      logger.warn({ file: resultsLog.file, bytes: opened.cutBytes }, 'results log ended in a torn line (an earlier crash); cut it off');
    }
  } catch (error) {
    throw new UsageError(`dataDir: cannot use ${config.dataDir}: ${(error as Error).message}`);
  }
  const history = await HistoryService.open({
    config, logger, registry: metrics.registry, series: plannedSeries(catalog, config.suites), resultsLog,
  });

  const latest = new LatestResults();
  let lastPass: SuiteResult | null = null;
  let running: RunningPass | null = null;
  let currentAbort: AbortController | null = null;
  let shuttingDown = false;

  function record(result: RunResult): void {
    try {
      metrics.observeRun(result);
      otel?.metrics.observeRun(result);
    } catch (error) {
      logger.error({ err: error, workload: result.workload, threads: result.threads }, 'metrics update failed');
    }
    latest.set(result);
    percentilePoints(result);
    history.record(result);
    resultsLog.append(result).catch((error: unknown) => {
      metrics.observeResultsLogFailure();
      otel?.metrics.observeResultsLogFailure();
      logger.error({ err: error, file: resultsLog.file }, 'cannot append to the results log');
    });
    logRun(logger, result);
  }

  async function runPass(suite: SuiteConfig): Promise<PassOutcome> {
    const controller = new AbortController();
    currentAbort = controller;
    const seen = new Set<RunResult>();
    let failed = 0;
    const onResult = (result: RunResult): void => {
      if (seen.has(result)) return;
      seen.add(result);
      if (result.status !== 'ok') failed++;
      record(result);
    };
    logger.info({ suite: suite.name }, 'suite pass started');
    try {
      const result = await run(config, suite, catalog, {
        signal: controller.signal,
        onProgress: (progress) => {
          running = { suite: suite.name, ...progress };
        },
        onResult,
      });
      // Whatever the runner returned without announcing it still counts, once.
      for (const item of result.results) onResult(item);
      const aborted = controller.signal.aborted;
      if (!aborted) {
        metrics.observeSuite(result, suite.name);
        otel?.metrics.observeSuite(result, suite.name);
        const passMs = Date.parse(result.finishedAt) - Date.parse(result.startedAt);
        const interval = suiteIntervalSeconds(suite, passEstimate(suite, Number.isFinite(passMs) ? passMs : undefined));
        metrics.setSuiteScheduleInterval(suite.name, interval);
        otel?.metrics.setSuiteScheduleInterval(suite.name, interval);
        lastPass = result;
        void history.applyRetention();
      }
      logger.info({ suite: suite.name, runs: seen.size, failed }, aborted ? 'suite pass aborted by shutdown' : 'suite pass finished');
      return { runs: seen.size, failed, error: false };
    } catch (error) {
      metrics.observeSuiteError(suite.name);
      otel?.metrics.observeSuiteError(suite.name);
      logger.error({ err: error, suite: suite.name }, 'suite pass failed');
      return { runs: seen.size, failed, error: true };
    } finally {
      running = null;
      currentAbort = null;
    }
  }

  const scheduler = new SuiteScheduler({
    suites: config.suites, runPass, logger, continuousPauseMs: options.continuousPauseMs,
  });

  const servePrometheus = config.exporters.includes('prometheus');
  const metricRoutes: Array<[string, Route]> = [];
  if (servePrometheus) metricRoutes.push(['/metrics', async () => ({ contentType: metrics.contentType, body: await metrics.metrics() })]);
  if (otel !== null) {
    // The exporter's own handler writes the response; the route returns no Reply.
    metricRoutes.push(['/otel/metrics', (request, response) => {
      otel.handleScrape(request, response);
      return undefined;
    }]);
  }
  const routes = new Map<string, Route>([
    ...statusRoutes(() => ({
      version: env.vmsoak, node: env.node, v8: env.v8, cpus: env.cpus, startedAt, now: new Date(),
      shuttingDown, workloadCount: catalog.length, suites: scheduler.statuses(), running, results: latest.list(),
      metricsPaths: [...(servePrometheus ? ['metrics'] : []), ...(otel === null ? [] : ['otel/metrics'])],
    })),
    ...metricRoutes,
    ['/api/results', () => ({
      contentType: 'application/json; charset=utf-8',
      body: `${JSON.stringify(latest.toSuiteResult(env, lastPass, startedAt))}\n`,
    })],
    ...history.routes(() => ({ ...latest.toSuiteResult(env, lastPass, startedAt), results: latest.list() })),
    ['/-/healthy', () => textReply(200, 'vmsoak is Healthy.')],
    ['/-/ready', () => (shuttingDown ? textReply(503, 'vmsoak is shutting down.') : textReply(200, 'vmsoak is Ready.'))],
  ]);
  const server = createHttpServer(routes, logger, { security });
  const bound = await listen(server, config.listen);
  const url = baseUrl(bound.address, bound.port, security?.scheme);
  const address = new URL(url).host;

  const closed = Promise.withResolvers<void>();
  let closing: Promise<void> | null = null;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing !== null) {
      logger.warn({ signal }, 'second signal: exiting now');
      logger.flush();
      process.exit(128 + (os.constants.signals[signal] ?? 15));
    }
    logger.info({ signal }, 'signal received');
    void close(signal);
  };
  const handleSignals = options.handleSignals ?? true;
  if (handleSignals) {
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  }

  async function shutdown(reason: string): Promise<void> {
    shuttingDown = true;
    const deadline = Date.now() + config.shutdownTimeout;
    const remaining = (): number => deadline - Date.now();
    logger.info({ reason, timeoutMs: config.shutdownTimeout }, 'shutting down');
    scheduler.stop();
    currentAbort?.abort(new Error(`vmsoak is shutting down (${reason})`));
    const runReserve = Math.min(CLOSE_RESERVE_MS, config.shutdownTimeout / 4);
    if (!(await settlesWithin(scheduler.idle(), remaining() - runReserve))) {
      logger.error({ timeoutMs: config.shutdownTimeout }, 'the run in flight did not stop in time; leaving it behind');
    }
    if (!(await settlesWithin(Promise.all([resultsLog.flush(), history.flush()]), remaining()))) {
      logger.error({ file: resultsLog.file }, 'results log appends did not finish in time');
    }
    // The last OTLP push carries the runs since the previous one; an unreachable collector
    // (the exporter retries) must not use up the time the HTTP server needs to close.
    if (otel !== null) {
      const pushBudget = Math.max(0, Math.min(config.otel.timeout, remaining() - runReserve));
      const pushed = await otel.shutdown(pushBudget);
      if (!pushed.ok) logger.error({ endpoint: otel.push?.url, timeoutMs: pushBudget, error: pushed.error }, 'the last OpenTelemetry push failed');
    }
    await closeServer(server, remaining());
    if (handleSignals) {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    }
    logger.info('vmsoak stopped');
    logger.flush();
  }

  function close(reason = 'close() called'): Promise<void> {
    closing ??= shutdown(reason).then(closed.resolve, (error: unknown) => {
      logger.error({ err: error }, 'shutdown failed');
      closed.resolve();
    });
    return closed.promise;
  }

  scheduler.start();
  logger.info({
    url, metricsUrl: `${url}metrics`, dataDir: config.dataDir, workloads: catalog.length, exporters: config.exporters,
    otlpPush: otel?.push ?? undefined,
    suites: config.suites.map((suite) => ({
      name: suite.name, schedule: suite.schedule, runOnStart: suite.runOnStart, workloads: suite.workloads,
      runsPerPass: plannedSeries(catalog, [suite]).length,
    })),
  }, `vmsoak listening on ${url} (metrics at ${url}metrics)`);

  return { address, url, closed: closed.promise, close };
}
