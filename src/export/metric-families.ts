/**
 * Every `vmsoak_` metric family, declared once: name, help, type, labels and unit.
 *
 * prom-client's instruments are built from these entries (prometheus/instruments.ts), the
 * OpenTelemetry bridge takes each family's unit from here, and the dashboard and rule
 * generators and the README's metric table read the names from here. This is the only file
 * in src/ that spells a `vmsoak_` name; a lint rule (eslint.config.js) holds every other
 * file to importing it, so renaming a family is one edit and a generator cannot refer to a
 * family that does not exist.
 *
 * Labels stay bounded: workload, category, tier, threads, kpi, direction, severity,
 * reason, suite, metric and statistic all come from the catalog or the config; judgement
 * and cause are closed sets of four and two values. None comes from a run id or a time.
 * No gauge carries a `quantile` label: Prometheus reserves it for summaries, and
 * `promtool check metrics` rejects it anywhere else.
 *
 * Detail: `metrics.detail` (config) is `default` or `full`. A family marked `fullDetailOnly`
 * is registered only at full detail; the default keeps what the generated dashboards and
 * rules read and stays within the per-node series budget (prometheus/detail.ts has the
 * value-level cuts: bucket layout, statistics, lazily created counters).
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricFamily<L extends string = string> {
  /** The Prometheus name; counters end in `_total` (the OTel bridge drops it, its exporters add it back). */
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly labels: readonly L[];
  /** The OpenTelemetry unit (UCUM, with `{annotation}` for counted things). */
  readonly unit: string;
  /** Exported only with `metrics.detail: full`; no generated dashboard or rule may read it. */
  readonly fullDetailOnly?: boolean;
}

/** What every vmsoak family name starts with: the bridge to OpenTelemetry selects by it. */
export const METRIC_PREFIX = 'vmsoak_';

function family<const L extends string = never>(spec: MetricFamily<L>): MetricFamily<L> {
  return Object.freeze({ ...spec, labels: Object.freeze([...spec.labels]) });
}

const SERIES = ['workload', 'category', 'threads'] as const;
const SHORT_SERIES = ['workload', 'threads'] as const;
const KPI = ['kpi', 'workload', 'threads', 'direction', 'severity'] as const;

export const FAMILIES = {
  workloadLatency: family({
    name: 'vmsoak_workload_latency_seconds', type: 'histogram', unit: 's', labels: SERIES,
    help: 'Latency of one operation, accumulated over all runs; buckets are exact counts from the runs\' raw HDR histograms.',
  }),
  workloadLatencyLast: family({
    name: 'vmsoak_workload_latency_last_seconds', type: 'gauge', unit: 's', labels: [...SERIES, 'statistic'],
    help: 'A latency statistic of one operation in the last successful run, exact from its raw HDR histogram: p99 (full detail adds p50, p90, p999 and max).',
  }),
  workloadOpsPerSecond: family({
    name: 'vmsoak_workload_ops_per_second', type: 'gauge', unit: '{operation}/s', labels: SERIES, fullDetailOnly: true,
    help: 'Operations per second over all threads in the last successful run.',
  }),
  workloadCv: family({
    name: 'vmsoak_workload_cv_ratio', type: 'gauge', unit: '1', labels: SERIES,
    help: 'Coefficient of variation of the run-level samples of the last successful run (absent when it had fewer than 2).',
  }),
  workloadFairness: family({
    name: 'vmsoak_workload_fairness_jain_ratio', type: 'gauge', unit: '1', labels: SERIES,
    help: 'Jain\'s fairness index over per-thread throughput in the last successful multi-threaded run (1 is perfectly fair; absent for one thread, where it is 1 by definition).',
  }),
  workloadMetric: family({
    name: 'vmsoak_workload_metric', type: 'gauge', unit: '1', labels: ['workload', 'threads', 'metric'],
    help: 'A value the workload computed in its last successful run (hit rates, pause times, utilisation); the unit is the metric\'s own. Default detail: the keys the workload declares and its KPIs read; full: every key.',
  }),
  workloadInfo: family({
    name: 'vmsoak_workload_info', type: 'gauge', unit: '1', labels: ['workload', 'category', 'tier'],
    help: 'Always 1, one series per loaded workload (plug-ins included); rules and dashboards join on it to select workloads by tier or category.',
  }),
  kpiValue: family({
    name: 'vmsoak_kpi_value', type: 'gauge', unit: '1', labels: KPI, fullDetailOnly: true,
    help: 'KPI value of the last successful run, judged or not, in base units (seconds, ratio, factor or operations per second). Full detail only: by default vmsoak_kpi_window_value (the judged median) carries the KPI, and single-run values are in /api/results and the reports.',
  }),
  kpiTarget: family({
    name: 'vmsoak_kpi_target', type: 'gauge', unit: '1', labels: KPI,
    help: 'KPI target after config overrides, in the KPI\'s base unit (seconds, ratio, factor or operations per second).',
  }),
  kpiBreached: family({
    name: 'vmsoak_kpi_breached', type: 'gauge', unit: '1', labels: KPI,
    help: 'The KPI\'s state over its window of judged runs (config kpiWindow.runs): 1 breached, 0 pass. The first full window takes its median\'s side of the target (direction max: above is breached; min: below); after that the state changes only when the judged runs have been on the other side for a whole window and for kpiWindow.for (10m). Absent while the window is pending (fewer judged runs than it needs).',
  }),
  kpiWindowValue: family({
    name: 'vmsoak_kpi_window_value', type: 'gauge', unit: '1', labels: KPI,
    help: 'Median of the KPI over its window of judged runs, in the KPI\'s base unit: the value vmsoak_kpi_breached judges; absent while the window is pending.',
  }),
  runs: family({
    name: 'vmsoak_runs_total', type: 'counter', unit: '{run}', labels: SERIES,
    help: 'Runs finished, successful or not.',
  }),
  runJudgements: family({
    name: 'vmsoak_run_judgements_total', type: 'counter', unit: '{run}', labels: ['judgement'],
    help: 'Runs finished, by judgement: judged (counted toward KPI windows, baselines, change points and regressions), disturbed (interference beyond the judgement thresholds), oversubscribed (more threads than effective CPUs) or failed.',
  }),
  runFailures: family({
    name: 'vmsoak_run_failures_total', type: 'counter', unit: '{run}', labels: [...SERIES, 'reason'],
    help: 'Runs that failed, by reason: error (a throw), timeout, oom (worker resource limits or runner.maxRssMb), exit (process.exit in a worker) or crash (the runner process died).',
  }),
  lastRunTimestamp: family({
    name: 'vmsoak_last_run_timestamp_seconds', type: 'gauge', unit: 's', labels: SHORT_SERIES, fullDetailOnly: true,
    help: 'Unix time at which the last run finished, successful or not.',
  }),
  lastSuccessTimestamp: family({
    name: 'vmsoak_last_success_timestamp_seconds', type: 'gauge', unit: 's', labels: SHORT_SERIES,
    help: 'Unix time at which the last successful run finished; the last-run gauges are that old.',
  }),
  measurementOverhead: family({
    name: 'vmsoak_measurement_overhead_seconds', type: 'gauge', unit: 's', labels: SHORT_SERIES, fullDetailOnly: true,
    help: 'The measurement\'s own cost per operation: one timer read divided by the batch size for batched runs, one timer read otherwise.',
  }),
  suiteRuns: family({
    name: 'vmsoak_suite_runs_total', type: 'counter', unit: '{pass}', labels: ['suite'],
    help: 'Suite passes completed (a pass aborted by shutdown is not counted).',
  }),
  suiteErrors: family({
    name: 'vmsoak_suite_errors_total', type: 'counter', unit: '{pass}', labels: ['suite'],
    help: 'Suite passes that ended in an internal error of vmsoak (not a workload failure).',
  }),
  suiteLastDuration: family({
    name: 'vmsoak_suite_last_duration_seconds', type: 'gauge', unit: 's', labels: ['suite'],
    help: 'Wall time of the last completed pass of the suite.',
  }),
  suiteLastFinish: family({
    name: 'vmsoak_suite_last_finish_timestamp_seconds', type: 'gauge', unit: 's', labels: ['suite'],
    help: 'Unix time at which the last pass of the suite completed.',
  }),
  suiteScheduleInterval: family({
    name: 'vmsoak_suite_schedule_interval_seconds', type: 'gauge', unit: 's', labels: ['suite'],
    help: 'Expected time between completed passes of the suite: the longest gap of its cron schedule, or for a continuous suite its pass length plus the pause.',
  }),
  timerCost: family({
    name: 'vmsoak_timer_cost_seconds', type: 'gauge', unit: 's', labels: [],
    help: 'Calibrated cost of one timestamp read.',
  }),
  timerResolution: family({
    name: 'vmsoak_timer_resolution_seconds', type: 'gauge', unit: 's', labels: [],
    help: 'Smallest step of the clock seen during calibration.',
  }),
  resultsLogWriteFailures: family({
    name: 'vmsoak_results_log_write_failures_total', type: 'counter', unit: '{result}', labels: [],
    help: 'Run results that could not be appended to the results log.',
  }),
  buildInfo: family({
    name: 'vmsoak_build_info', type: 'gauge', unit: '1', labels: ['version', 'node', 'v8'],
    help: 'Always 1; the labels carry the vmsoak, Node.js and V8 versions.',
  }),
  cpus: family({
    name: 'vmsoak_cpus', type: 'gauge', unit: '{cpu}', labels: [],
    help: 'CPUs available to the process (os.availableParallelism()); runs with more threads are oversubscribed.',
  }),
  effectiveCpus: family({
    name: 'vmsoak_effective_cpus', type: 'gauge', unit: '{cpu}', labels: [],
    help: 'CPUs the last run could use: vmsoak_cpus bounded by the cgroup CPU quota and cpuset; runs with more threads are oversubscribed.',
  }),
  interferenceOtherCpus: family({
    name: 'vmsoak_interference_other_cpus', type: 'gauge', unit: '{cpu}', labels: [],
    help: 'CPUs that other processes kept busy, on average, on the CPUs vmsoak may use during the last run (/proc/stat busy time less vmsoak\'s own); absent where /proc/stat is not readable.',
  }),
  interferenceStealRatio: family({
    name: 'vmsoak_interference_steal_ratio', type: 'gauge', unit: '1', labels: [],
    help: 'Share of CPU time the hypervisor stole from vmsoak\'s CPUs during the last run (/proc/stat steal); absent where /proc/stat is not readable.',
  }),
  interferenceThrottledRatio: family({
    name: 'vmsoak_interference_throttled_ratio', type: 'gauge', unit: '1', labels: [],
    help: 'Share of the cgroup\'s CFS periods in which it was throttled during the last run (cpu.stat nr_throttled / nr_periods; 0 without a quota); absent without a cgroup CPU controller.',
  }),
  interferenceCpuPressureRatio: family({
    name: 'vmsoak_interference_cpu_pressure_ratio', type: 'gauge', unit: '1', labels: [],
    help: 'Share of the last run in which some task waited for a CPU (/proc/pressure/cpu some); absent without PSI.',
  }),
  interferenceInvoluntarySwitches: family({
    name: 'vmsoak_interference_involuntary_switches_per_second', type: 'gauge', unit: '{switch}/s', labels: [],
    help: 'Times the last run\'s worker threads were preempted, per second of one thread\'s measured time (nonvoluntary_ctxt_switches); absent where the thread status is not readable.',
  }),
  interferenceSlowCpuRatio: family({
    name: 'vmsoak_interference_slow_cpu_ratio', type: 'gauge', unit: '1', labels: [],
    help: 'Share of the last run that timed batches in which the CPU itself ran slow: of the reference-loop timings taken between the workload\'s batches, those more than 1.25x the run\'s fast ones (a host slowing the vCPU shows here and nowhere else); absent until such a run.',
  }),
  baselineRatio: family({
    name: 'vmsoak_baseline_ratio', type: 'gauge', unit: '1', labels: [...SHORT_SERIES, 'statistic'],
    help: 'Last run\'s statistic divided by the rolling baseline\'s (the median of the trailing window\'s runs); above 1 is slower for latency statistics. Default detail: mean; full adds p50, p99 and max.',
  }),
  regressionState: family({
    name: 'vmsoak_regression_state', type: 'gauge', unit: '1', labels: SHORT_SERIES,
    help: 'The last judged runs (the KPI window) against the rolling baseline of the judged runs before them: 1 regressed, -1 improved, 0 unchanged, noisy, or changed with cause environment (the node\'s interference differed, see vmsoak_regressions_total); absent while either window has too few judged runs.',
  }),
  regressions: family({
    name: 'vmsoak_regressions_total', type: 'counter', unit: '{regression}', labels: [...SHORT_SERIES, 'cause'],
    help: 'Times the series turned regressed against its rolling baseline, by cause: runtime (raises VmsoakRegressionDetected) or environment (the node\'s interference differed before and after beyond half the judgement thresholds, or the node\'s other series moved with it). A regression first put down to the node and, still regressed, later to the runtime counts once for each.',
  }),
  regressionPValue: family({
    name: 'vmsoak_regression_p_value', type: 'gauge', unit: '1', labels: SHORT_SERIES, fullDetailOnly: true,
    help: 'Mann-Whitney p-value of the last run\'s samples against the rolling baseline\'s, Benjamini-Hochberg adjusted across the series.',
  }),
  changePoints: family({
    name: 'vmsoak_change_points_total', type: 'counter', unit: '{change_point}', labels: [...SHORT_SERIES, 'cause'],
    help: 'Change points found in the judged runs\' per-run mean latency since the daemon started (E-Divisive with a t-test), by cause: runtime, or environment when the node\'s interference differed around it.',
  }),
  lastChangePointTimestamp: family({
    name: 'vmsoak_last_change_point_timestamp_seconds', type: 'gauge', unit: 's', labels: SHORT_SERIES,
    help: 'Unix time of the run at which the series\' most recent change point starts.',
  }),
} as const;

export const METRIC_FAMILIES: readonly MetricFamily[] = Object.values(FAMILIES);

const BY_NAME = new Map(METRIC_FAMILIES.map((entry) => [entry.name, entry]));

/** The family a Prometheus name belongs to, if vmsoak declares it. */
export function familyNamed(name: string): MetricFamily | undefined {
  return BY_NAME.get(name);
}

