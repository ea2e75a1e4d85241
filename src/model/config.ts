/**
 * The validated config, after parsing (durations are milliseconds): the settings every
 * layer reads its part of. The zod schema in config/schema.ts must produce exactly this type; the YAML keys are the same names, with
 * durations written as strings such as "500ms", "2s", "1m".
 */
import type { ChangePointOptions } from './change-point-options.ts';
import type { JudgementThresholds } from './judgement.ts';
import type { KpiOverride } from './kpi.ts';
import type { RegressionPolicy } from './regression-policy.ts';

export type { KpiOverride };

export interface SuiteConfig {
  name: string;
  /** A 5- or 6-field cron expression evaluated in UTC, or "continuous". */
  schedule: string;
  runOnStart: boolean;
  /** Globs over workload names, e.g. "contention.*". */
  workloads: string[];
  /** Overrides every selected workload's own thread list. */
  threads?: number[];
  duration: number;
  warmup: number;
  /** Ops per thread; when set, measurement ends after this many instead of after `duration`. */
  iterations?: number;
  /** Fixes the randomised order of workload x threads. */
  seed?: number;
  /**
   * Per workload name, params over the workload's defaults, e.g. `{ "gc.churn-small": { liveSetMB: 64 } }`.
   * The schema only sees mappings; the catalog check (config/catalog-check.ts) checks each against its workload's params schema.
   */
  params?: Record<string, Record<string, unknown>>;
}

export interface ResourceLimitsConfig {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb?: number;
  stackSizeMb?: number;
}

/** The runner process that hosts a pass's worker threads; see docs in README's design notes. */
export interface RunnerConfig {
  /** Past this resident set the runner is killed and the run in flight fails with reason `oom`. */
  maxRssMb: number;
  /** In continuous mode a runner serves passes until it has run this many runs, then a fresh one starts. */
  maxRuns: number;
}

export interface KpiWindowConfig {
  /** Judged runs per KPI window; the state is pending until that many exist. */
  runs: number;
  /** Milliseconds the judged runs must lie on the other side of the target, besides `runs` of them, before the state changes. */
  for: number;
}

export interface Config {
  /** host:port of the HTTP server. */
  listen: string;
  dataDir: string;
  logLevel: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';
  shutdownTimeout: number;
  /** A run that takes longer than this is terminated and recorded as failed with reason `timeout`. */
  runTimeout: number;
  resourceLimits: ResourceLimitsConfig;
  runner: RunnerConfig;
  /** Paths of user workload modules, resolved against the config file's directory. */
  workloadModules: string[];
  suites: SuiteConfig[];
  /** Keys `<workload>.<kpi>` or `<workload>.<kpi>@<threads>`. */
  kpis: Record<string, KpiOverride>;
  /** Which metric exporters run; see docs/opentelemetry.md. */
  exporters: MetricExporterName[];
  otel: OtelConfig;
  /** What /metrics carries; see export/prometheus/detail.ts. */
  metrics: MetricsConfig;
  /** exporter-toolkit web config (TLS, basic auth), resolved against the config file's directory; see docs/security.md. */
  webConfigFile?: string;
  /** Serve /-/healthy and /-/ready without the web config's basic auth or client certificate (kubelet probes). Default false. */
  webExemptProbes?: boolean;
  /** The regression decision rule: significance, per-tier thresholds; see docs/baselines.md. */
  baseline: RegressionPolicy;
  /** The daemon's run history: rolling baseline window, retention, change points; see docs/baselines.md. */
  history: HistoryConfig;
  /** Interference a run tolerates and is still `judged`; see docs/judgement.md. */
  judgement: JudgementThresholds;
  /** KPI state is the median over the last `runs` judged runs; see analysis/kpi-window.ts. */
  kpiWindow: KpiWindowConfig;
}

export interface HistoryConfig {
  /** The rolling baseline is the runs of the last `windowDays` days ... */
  windowDays: number;
  /** ... and at most the last `windowRuns` of them. */
  windowRuns: number;
  /** With fewer runs in the window a series is `incomparable`. */
  minRuns: number;
  /** Results-log lines and HDR interval logs older than this are deleted. */
  retentionDays: number;
  /** The results log is cut (oldest lines first) to at most this many bytes. */
  maxLogBytes: number;
  /** The HDR interval logs together are cut (oldest day first) to at most this many bytes. */
  maxHdrLogBytes: number;
  changePoints: ChangePointOptions;
}

/** `default`: within the per-node series budget, every series dashboards and rules read. `full`: everything. */
export type MetricsDetail = 'default' | 'full';

export interface MetricsConfig {
  detail: MetricsDetail;
}

/** `prometheus`: prom-client at /metrics. `otel`: the OpenTelemetry SDK at /otel/metrics, plus OTLP push when an endpoint is set. */
export type MetricExporterName = 'prometheus' | 'otel';

export interface OtelConfig {
  /**
   * Full URL of an OTLP/HTTP metrics receiver (e.g. http://collector:4318/v1/metrics);
   * without it OTEL_EXPORTER_OTLP_METRICS_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT apply,
   * and with none of them nothing is pushed.
   */
  endpoint?: string;
  /** Push interval in ms. */
  interval: number;
  /** Timeout of one push in ms; at most `interval`. */
  timeout: number;
  /** Extra HTTP headers on every push (authentication tokens). */
  headers: Record<string, string>;
}
