/**
 * The validated config, after parsing (durations are milliseconds). The zod schema in
 * schema.ts must produce exactly this type; the YAML keys are the same names, with
 * durations written as strings such as "500ms", "2s", "1m".
 */
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
}

export interface ResourceLimitsConfig {
  maxOldGenerationSizeMb: number;
  maxYoungGenerationSizeMb?: number;
  stackSizeMb?: number;
}

export interface KpiOverride {
  target: number;
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
  /** Paths of user workload modules, resolved against the config file's directory. */
  workloadModules: string[];
  suites: SuiteConfig[];
  /** Keys `<workload>.<kpi>` or `<workload>.<kpi>@<threads>`. */
  kpis: Record<string, KpiOverride>;
}
