/**
 * The embedded default config: `vmsoak run` works with no file at all. A suite written in a
 * config file takes every field it omits from DEFAULT_SUITE, so `- name: nightly` alone is
 * a complete suite (every workload, every 15 minutes, once at start-up).
 */
import { DEFAULT_CHANGE_POINT_OPTIONS } from '../analysis/change-point-options.ts';
import { defaultRegressionPolicy } from '../analysis/regression-policy.ts';
import type { JudgementThresholds } from '../model/judgement.ts';
import type { Config, SuiteConfig } from './types.ts';

/** Per-field defaults of a suite; `name` has none. */
export const DEFAULT_SUITE: Readonly<Omit<SuiteConfig, 'name'>> = Object.freeze({
  schedule: '*/15 * * * *',
  runOnStart: true,
  workloads: ['*'],
  // One second per run keeps a full pass over every built-in at every thread count within a
  // few minutes on a 2-core node, which is what a 15-minute schedule can afford.
  duration: 1_000,
  warmup: 250,
});

export const DEFAULT_RESOURCE_LIMITS = Object.freeze({
  // gc.churn-large keeps ~512 MB live; V8's own default old space would leave it no headroom.
  maxOldGenerationSizeMb: 2048,
});

/**
 * The runner process (README, design notes; figures from `npm run bench -- runner-cost`).
 * - maxRssMb: over a pass of every built-in in one runner, the runs' peaks had a median of
 *   0.63 GB and a maximum of 1.14 GB (scheduler.thundering-herd at 16 threads); 2 GiB leaves
 *   headroom and stays under the chart's 3 GiB memory limit with the daemon's ~0.19 GB, so
 *   the cap acts before the cgroup's OOM killer.
 * - maxRuns: start-up (~0.3-1 s) spread over 500 runs is under 1 % of a run's wall time,
 *   and the runner's growth (~40 MB per 1,000 runs) stays ~20 MB before it is replaced.
 */
export const DEFAULT_RUNNER = Object.freeze({
  maxRssMb: 2048,
  maxRuns: 500,
});

/** OpenTelemetry's own defaults for a periodic metric reader: push every 60 s, 30 s timeout. */
export const DEFAULT_OTEL = Object.freeze({ interval: 60_000, timeout: 30_000 });

/**
 * The daemon's history: a week of trailing runs (at most 64, Bencher's window) as the
 * rolling baseline, a month of results kept, and 256 MiB at most for each log.
 */
export const DEFAULT_HISTORY = Object.freeze({
  windowDays: 7, windowRuns: 64, minRuns: 5, retentionDays: 30, maxLogBytes: 256 * 1024 * 1024, maxHdrLogBytes: 256 * 1024 * 1024,
});

/**
 * Interference a run tolerates and is still judged. Measured on a 2-CPU VM without and with
 * `with-load -n 2`; docs/judgement.md ("Interference") has the distributions these separate
 * and why the switch rate and the slow-CPU share are off by default.
 */
export const DEFAULT_JUDGEMENT: Readonly<JudgementThresholds> = Object.freeze({
  maxOtherCpus: 0.5,
  maxStealRatio: 0.05,
  maxThrottledRatio: 0.05,
  maxCpuPressureRatio: 0.3,
  maxInvoluntarySwitchesPerSecond: null,
  maxRunQueueWaitRatio: 0.05,
  maxSlowCpuShare: null,
});

/**
 * A KPI's window is its last 5 judged runs: the first state is the median's side, and the
 * state changes only when all judged runs for at least 5 runs and 10 minutes lie on the
 * other side, so at a 15-minute schedule it follows a real change within about 75 minutes
 * and ignores runs that straddle the target. The 10 minutes matter to a continuous suite,
 * whose 5 runs can be 35 s: the node's slow stretches that no interference reading shows
 * lasted up to 4 minutes in the A/A soaks (docs/judgement.md, "KPI windows").
 */
export const DEFAULT_KPI_WINDOW = Object.freeze({ runs: 5, for: 600_000 });

/** A fresh copy each call, so a caller cannot mutate the defaults for everybody else. */
export function defaultConfig(): Config {
  return {
    listen: '0.0.0.0:9650',
    dataDir: './var',
    logLevel: 'info',
    shutdownTimeout: 10_000,
    runTimeout: 60_000,
    resourceLimits: { ...DEFAULT_RESOURCE_LIMITS },
    runner: { ...DEFAULT_RUNNER },
    workloadModules: [],
    suites: [{ name: 'default', ...DEFAULT_SUITE, workloads: [...DEFAULT_SUITE.workloads] }],
    kpis: {},
    exporters: ['prometheus'],
    otel: { ...DEFAULT_OTEL, headers: {} },
    metrics: { detail: 'default' },
    baseline: defaultRegressionPolicy(),
    history: { ...DEFAULT_HISTORY, changePoints: { ...DEFAULT_CHANGE_POINT_OPTIONS } },
    judgement: { ...DEFAULT_JUDGEMENT },
    kpiWindow: { ...DEFAULT_KPI_WINDOW },
  };
}
