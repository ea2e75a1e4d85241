/**
 * The daemon's route table: the status page, the metrics endpoints of the configured
 * exporters, the results and history APIs, and the health and readiness probes. Each
 * route reads the daemon's state when it is requested, through the accessors it is given.
 */
import type { Environment } from '../run/environment.ts';
import type { OtelExport } from '../export/otel/otel-export.ts';
import type { VmsoakMetrics } from '../export/prometheus/metrics.ts';
import type { HistoryService } from './history-service.ts';
import { textReply, type Route } from './http-server.ts';
import type { LatestResults } from './latest-results.ts';
import type { PassRunner } from './pass-runner.ts';
import { statusRoutes } from './status-routes.ts';
import type { SuiteScheduler } from './suite-scheduler.ts';

export interface DaemonRouteParts {
  env: Environment;
  startedAt: Date;
  workloadCount: number;
  /** Null when the prometheus exporter is not configured: no /metrics then. */
  prometheus: VmsoakMetrics | null;
  otel: OtelExport | null;
  passes: PassRunner;
  scheduler: SuiteScheduler;
  latest: LatestResults;
  history: HistoryService;
  shuttingDown: () => boolean;
}

function metricRoutes(prometheus: VmsoakMetrics | null, otel: OtelExport | null): Array<[string, Route]> {
  const routes: Array<[string, Route]> = [];
  if (prometheus !== null) routes.push(['/metrics', async () => ({ contentType: prometheus.contentType, body: await prometheus.metrics() })]);
  if (otel !== null) {
    // The exporter's own handler writes the response; the route returns no Reply.
    routes.push(['/otel/metrics', (request, response) => {
      otel.handleScrape(request, response);
      return undefined;
    }]);
  }
  return routes;
}

export function daemonRoutes(parts: DaemonRouteParts): Map<string, Route> {
  const { env, startedAt, passes, latest } = parts;
  const metrics = metricRoutes(parts.prometheus, parts.otel);
  const currentResults = () => ({ ...latest.toSuiteResult(env, passes.lastPass, startedAt), kpiWindow: parts.history.kpiWindows() });
  return new Map<string, Route>([
    ...statusRoutes(() => ({
      version: env.vmsoak, node: env.node, v8: env.v8, cpus: env.cpus, startedAt, now: new Date(),
      shuttingDown: parts.shuttingDown(), workloadCount: parts.workloadCount, suites: parts.scheduler.statuses(),
      running: passes.running, results: latest.list(), kpiWindows: parts.history.kpiWindows(), metricsPaths: metrics.map(([path]) => path.slice(1)),
    })),
    ...metrics,
    ['/api/results', () => ({ contentType: 'application/json; charset=utf-8', body: `${JSON.stringify(currentResults())}\n` })],
    ...parts.history.routes(() => ({ ...currentResults(), results: latest.list() })),
    ['/-/healthy', () => textReply(200, 'vmsoak is Healthy.')],
    ['/-/ready', () => (parts.shuttingDown() ? textReply(503, 'vmsoak is shutting down.') : textReply(200, 'vmsoak is Ready.'))],
  ]);
}
