/**
 * The config schema. Every object is strict, so a misspelt key is an error rather than a
 * silently ignored setting, and every key has a default, so `{}` is the embedded default
 * config. Durations are accepted as "2s"-style strings or numbers of milliseconds and
 * come out as milliseconds.
 */
import { z } from 'zod';
import { describeValue } from '../errors.ts';
import { MAX_THREADS } from '../workloads/params.ts';
import { scheduleProblem } from './cron.ts';
import { DEFAULT_CHANGE_POINT_OPTIONS } from '../analysis/change-point-options.ts';
import { COMPARED_STATISTICS, DEFAULT_TIER_POLICIES, type TierKey } from '../analysis/regression-policy.ts';
import { DEFAULT_HISTORY, DEFAULT_JUDGEMENT, DEFAULT_KPI_WINDOW, DEFAULT_OTEL, DEFAULT_RESOURCE_LIMITS, DEFAULT_RUNNER, DEFAULT_SUITE, defaultConfig } from './defaults.ts';
import { formatDuration, tryParseDuration } from './duration.ts';
import { parseListen } from './listen.ts';
import type { Config } from './types.ts';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export { describeValue, MAX_THREADS };

/** A refinement whose message ends with the offending value. */
function must<T>(predicate: (value: T) => boolean, text: string) {
  return [predicate, { error: (issue: { input?: unknown }) => `${text} (got ${describeValue(issue.input)})` }] as const;
}

const isIntegerIn = (low: number, high: number) => (n: number) => Number.isInteger(n) && n >= low && n <= high;

const threadCount = z.number().refine(...must(isIntegerIn(1, MAX_THREADS), `must be an integer between 1 and ${MAX_THREADS}`));
const positiveInteger = z.number().refine(...must(isIntegerIn(1, Number.MAX_SAFE_INTEGER), 'must be a positive integer'));
const positiveNumber = z.number().refine(...must((n: number) => Number.isFinite(n) && n > 0, 'must be a positive number'));

function duration(options: { positive: boolean }) {
  return z.unknown().transform((value, ctx) => {
    const parsed = tryParseDuration(value);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.problem, input: value });
      return z.NEVER;
    }
    if (options.positive && parsed.ms === 0) {
      ctx.addIssue({ code: 'custom', message: `must be longer than zero (got ${describeValue(value)})`, input: value });
      return z.NEVER;
    }
    return parsed.ms;
  });
}

/** Names appear in file names and log lines, so they stay plain. */
const SUITE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** `<category>.<name>.<kpi>`, optionally `@<threads>`: the id a KpiResult carries. */
export const KPI_KEY = /^([a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*)\.([a-z][a-z0-9_]*)(?:@(\d+))?$/;

const suiteShape = {
  name: z.string().refine(...must((s: string) => SUITE_NAME.test(s), 'must be letters, digits, ".", "_" or "-"')),
  schedule: z.string().default(DEFAULT_SUITE.schedule).superRefine((schedule, ctx) => {
    const problem = scheduleProblem(schedule);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  runOnStart: z.boolean().default(DEFAULT_SUITE.runOnStart),
  workloads: z.array(z.string().refine(...must((s: string) => s.trim() !== '', 'must be a non-empty glob')))
    .refine(...must((list: string[]) => list.length > 0, 'must list at least one workload glob'))
    .default(() => [...DEFAULT_SUITE.workloads]),
  threads: z.array(threadCount)
    .refine(...must((list: number[]) => list.length > 0, 'must list at least one thread count'))
    .refine(...must((list: number[]) => new Set(list).size === list.length, 'must not repeat a thread count'))
    .optional(),
  duration: duration({ positive: true }).default(DEFAULT_SUITE.duration),
  warmup: duration({ positive: false }).default(DEFAULT_SUITE.warmup),
  iterations: positiveInteger.optional(),
  seed: z.number().refine(...must(isIntegerIn(0, 2 ** 32 - 1), 'must be an integer between 0 and 4294967295')).optional(),
  // Workload name -> params. Which names and params exist is the catalog's to say (plugins
  // included), so catalog-check.ts checks them against each workload's params schema.
  params: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
};

const resourceLimitsShape = {
  maxOldGenerationSizeMb: positiveInteger.default(DEFAULT_RESOURCE_LIMITS.maxOldGenerationSizeMb),
  maxYoungGenerationSizeMb: positiveInteger.optional(),
  stackSizeMb: positiveNumber.optional(),
};

const runnerShape = {
  maxRssMb: positiveInteger.default(DEFAULT_RUNNER.maxRssMb),
  maxRuns: positiveInteger.default(DEFAULT_RUNNER.maxRuns),
};

const kpiOverrideShape = {
  target: z.number().refine(...must((n: number) => Number.isFinite(n), 'must be a finite number')),
};

const isHttpUrl = (text: string): boolean => URL.canParse(text) && /^https?:$/.test(new URL(text).protocol);

const otelShape = {
  endpoint: z.string().refine(...must(isHttpUrl, 'must be an http:// or https:// URL')).optional(),
  interval: duration({ positive: true }).default(DEFAULT_OTEL.interval),
  timeout: duration({ positive: true }).default(DEFAULT_OTEL.timeout),
  headers: z.record(z.string(), z.string()).default(() => ({})),
};

export const METRIC_EXPORTERS = ['prometheus', 'otel'] as const;

/** See export/prometheus/detail.ts; `default` fits the per-node series budget. */
const metricsShape = {
  detail: z.enum(['default', 'full']).default('default'),
};

const defaults = defaultConfig();

const fraction = z.number().refine(...must((n: number) => Number.isFinite(n) && n >= 0 && n <= 10, 'must be a fraction between 0 and 10 (0.1 = 10 %)'));
const probability = z.number().refine(...must((n: number) => n > 0 && n < 1, 'must be between 0 and 1, exclusive'));

const tierPolicyShape = (tier: TierKey) => z.strictObject({
  warning: fraction.default(DEFAULT_TIER_POLICIES[tier].warning),
  critical: fraction.nullable().default(DEFAULT_TIER_POLICIES[tier].critical),
  maxCv: fraction.default(DEFAULT_TIER_POLICIES[tier].maxCv),
}).default(() => ({ ...DEFAULT_TIER_POLICIES[tier] }));

const baselineShape = {
  alpha: probability.default(defaults.baseline.alpha),
  improvement: fraction.default(defaults.baseline.improvement),
  minSamples: positiveInteger.refine(...must((n: number) => n >= 2, 'must be at least 2')).default(defaults.baseline.minSamples),
  gate: z.array(z.enum(COMPARED_STATISTICS))
    .refine(...must((list: string[]) => list.length > 0, 'must list at least one statistic'))
    .default(() => [...defaults.baseline.gate]),
  tiers: z.strictObject({ 0: tierPolicyShape('0'), 1: tierPolicyShape('1'), 2: tierPolicyShape('2'), 3: tierPolicyShape('3') })
    .default(() => defaultConfig().baseline.tiers),
};

const historyShape = {
  windowDays: positiveNumber.default(DEFAULT_HISTORY.windowDays),
  windowRuns: positiveInteger.refine(...must((n: number) => n >= 2, 'must be at least 2')).default(DEFAULT_HISTORY.windowRuns),
  minRuns: positiveInteger.default(DEFAULT_HISTORY.minRuns),
  retentionDays: positiveNumber.default(DEFAULT_HISTORY.retentionDays),
  maxLogBytes: positiveInteger.default(DEFAULT_HISTORY.maxLogBytes),
  maxHdrLogBytes: positiveInteger.default(DEFAULT_HISTORY.maxHdrLogBytes),
  changePoints: z.strictObject({
    windowLength: positiveInteger.refine(...must((n: number) => n >= 4, 'must be at least 4')).default(DEFAULT_CHANGE_POINT_OPTIONS.windowLength),
    maxPValue: probability.default(DEFAULT_CHANGE_POINT_OPTIONS.maxPValue),
    minMagnitude: fraction.default(DEFAULT_CHANGE_POINT_OPTIONS.minMagnitude),
    minSegment: positiveInteger.default(DEFAULT_CHANGE_POINT_OPTIONS.minSegment),
    minSegmentSpan: duration({ positive: false }).default(DEFAULT_CHANGE_POINT_OPTIONS.minSegmentSpan),
  }).default(() => ({ ...DEFAULT_CHANGE_POINT_OPTIONS })),
};

const ratio = z.number().refine(...must((n: number) => Number.isFinite(n) && n >= 0 && n <= 1, 'must be a ratio between 0 and 1 (0.1 = 10 %)'));
const nonNegative = z.number().refine(...must((n: number) => Number.isFinite(n) && n >= 0, 'must be a number of at least 0'));

const kpiWindowShape = {
  runs: positiveInteger.default(DEFAULT_KPI_WINDOW.runs),
  for: duration({ positive: false }).default(DEFAULT_KPI_WINDOW.for),
};

const judgementShape = {
  maxOtherCpus: nonNegative.default(DEFAULT_JUDGEMENT.maxOtherCpus),
  maxStealRatio: ratio.default(DEFAULT_JUDGEMENT.maxStealRatio),
  maxThrottledRatio: ratio.default(DEFAULT_JUDGEMENT.maxThrottledRatio),
  maxCpuPressureRatio: ratio.default(DEFAULT_JUDGEMENT.maxCpuPressureRatio),
  maxInvoluntarySwitchesPerSecond: nonNegative.nullable().default(DEFAULT_JUDGEMENT.maxInvoluntarySwitchesPerSecond),
  maxRunQueueWaitRatio: nonNegative.max(1).nullable().default(DEFAULT_JUDGEMENT.maxRunQueueWaitRatio),
  maxSlowCpuShare: ratio.nullable().default(DEFAULT_JUDGEMENT.maxSlowCpuShare),
};

const rootShape = {
  listen: z.string().default(defaults.listen).superRefine((listen, ctx) => {
    const parsed = parseListen(listen);
    if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem });
  }),
  dataDir: z.string().refine(...must((s: string) => s !== '', 'must be a directory path')).default(defaults.dataDir),
  logLevel: z.enum(LOG_LEVELS).default(defaults.logLevel),
  shutdownTimeout: duration({ positive: false }).default(defaults.shutdownTimeout),
  runTimeout: duration({ positive: true }).default(defaults.runTimeout),
  resourceLimits: z.strictObject(resourceLimitsShape).default(() => ({ ...DEFAULT_RESOURCE_LIMITS })),
  runner: z.strictObject(runnerShape).default(() => ({ ...DEFAULT_RUNNER })),
  workloadModules: z.array(z.string().refine(...must((s: string) => s !== '', 'must be a file path'))).default(() => []),
  suites: z.array(z.strictObject(suiteShape))
    .refine(...must((list: unknown[]) => list.length > 0, 'must list at least one suite'))
    .default(() => defaultConfig().suites),
  kpis: z.record(z.string(), z.strictObject(kpiOverrideShape)).default(() => ({})),
  exporters: z.array(z.enum(METRIC_EXPORTERS))
    .refine(...must((list: string[]) => list.length > 0, 'must list at least one exporter'))
    .refine(...must((list: string[]) => new Set(list).size === list.length, 'must not repeat an exporter'))
    .default(() => defaultConfig().exporters),
  otel: z.strictObject(otelShape).default(() => defaultConfig().otel),
  metrics: z.strictObject(metricsShape).default(() => defaultConfig().metrics),
  baseline: z.strictObject(baselineShape).default(() => defaultConfig().baseline),
  history: z.strictObject(historyShape).default(() => defaultConfig().history),
  judgement: z.strictObject(judgementShape).default(() => ({ ...DEFAULT_JUDGEMENT })),
  kpiWindow: z.strictObject(kpiWindowShape).default(() => ({ ...DEFAULT_KPI_WINDOW })),
  webConfigFile: z.string().refine(...must((s: string) => s !== '', 'must be a file path')).optional(),
  // "true" and "false" too, as VMSOAK_WEB_EXEMPT_PROBES gives them.
  webExemptProbes: z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean()).optional(),
};

/** The keys each kind of object accepts, for "did you mean" hints. */
export const KNOWN_KEYS: Readonly<Record<'root' | 'suite' | 'resourceLimits' | 'runner' | 'kpi' | 'otel' | 'metrics' | 'baseline' | 'history' | 'judgement' | 'kpiWindow', readonly string[]>> = {
  root: Object.keys(rootShape),
  suite: Object.keys(suiteShape),
  resourceLimits: Object.keys(resourceLimitsShape),
  runner: Object.keys(runnerShape),
  kpi: Object.keys(kpiOverrideShape),
  otel: Object.keys(otelShape),
  metrics: Object.keys(metricsShape),
  baseline: Object.keys(baselineShape),
  history: Object.keys(historyShape),
  judgement: Object.keys(judgementShape),
  kpiWindow: Object.keys(kpiWindowShape),
};

export const configSchema = z.strictObject(rootShape).superRefine((config, ctx) => {
  for (const key of Object.keys(config.kpis)) {
    const match = KPI_KEY.exec(key);
    if (!match) {
      ctx.addIssue({
        code: 'custom', path: ['kpis', key],
        message: 'key must be <category>.<name>.<kpi> or <category>.<name>.<kpi>@<threads>, e.g. contention.atomic-add.ns_per_op@2',
      });
    } else if (match[3] !== undefined && !isIntegerIn(1, MAX_THREADS)(Number(match[3]))) {
      ctx.addIssue({ code: 'custom', path: ['kpis', key], message: `@threads must be between 1 and ${MAX_THREADS}` });
    }
  }
  for (const [tier, policy] of Object.entries(config.baseline.tiers)) {
    if (policy.critical !== null && policy.critical < policy.warning) {
      ctx.addIssue({ code: 'custom', path: ['baseline', 'tiers', tier, 'critical'], message: `must not be below warning (${policy.warning})` });
    }
  }
  if (config.history.minRuns > config.history.windowRuns) {
    ctx.addIssue({ code: 'custom', path: ['history', 'minRuns'], message: `must not exceed history.windowRuns (${config.history.windowRuns})` });
  }
  if (config.otel.timeout > config.otel.interval) {
    ctx.addIssue({
      code: 'custom', path: ['otel', 'timeout'],
      message: `must not exceed otel.interval (${formatDuration(config.otel.interval)}), got ${formatDuration(config.otel.timeout)}`,
    });
  }
  const seen = new Map<string, number>();
  for (const [index, suite] of config.suites.entries()) {
    const first = seen.get(suite.name);
    if (first !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['suites', index, 'name'], message: `"${suite.name}" is already the name of suites[${first}]` });
    }
    seen.set(suite.name, index);
    if (suite.warmup + suite.duration > config.runTimeout) {
      ctx.addIssue({
        code: 'custom', path: ['suites', index, 'duration'],
        message: `warmup + duration (${formatDuration(suite.warmup + suite.duration)}) must not exceed runTimeout (${formatDuration(config.runTimeout)})`,
      });
    }
  }
});

/** The raw input: what YAML, env vars and flags may supply before validation. */
export type ConfigInput = z.input<typeof configSchema>;

// Fails to type-check when the schema and the Config interface drift apart.
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Expand<T> = T extends readonly unknown[] ? { [K in keyof T]: Expand<T[K]> } : T extends object ? { [K in keyof T]: Expand<T[K]> } : T;
const schemaProducesConfig: Same<Expand<z.output<typeof configSchema>>, Expand<Config>> = true;
void schemaProducesConfig;
