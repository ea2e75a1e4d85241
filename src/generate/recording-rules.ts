/**
 * Recording rules, named level:metric:operations (the Prometheus naming convention): the
 * level lists the labels kept, the operations are read right to left. Each is used by an
 * alert or a dashboard panel; none exists for its own sake.
 */
import type { RecordingRule, RuleGroup } from './rule-files.ts';

/** p99 of the last runs, averaged over the last hour (quantile label dropped). */
export const P99_AVG_1H = 'instance_workload_threads:vmsoak_workload_latency_p99_seconds:avg_over_time1h';
/** That average divided by the same average one week earlier: 1.1 = 10 % slower than a week ago. */
export const P99_WEEK_OVER_WEEK = 'instance_workload_threads:vmsoak_workload_latency_p99_seconds:ratio_avg_over_time1h_offset1w';
/** The share of runs that failed over the last hour (failures of every reason over all runs). */
export const FAILURE_RATIO_1H = 'instance_workload_threads:vmsoak_run_failures:ratio_rate1h';

const P99 = 'vmsoak_workload_latency_last_seconds{quantile="0.99"}';

export function recordingRuleGroups(): RuleGroup<RecordingRule>[] {
  return [{
    name: 'vmsoak.recording',
    rules: [
      { record: P99_AVG_1H, expr: `max without (quantile) (avg_over_time(${P99}[1h]))` },
      {
        // The week-old side reads the raw gauge, not the recorded series, so it works as soon
        // as a week of raw data exists (or has been backfilled), whenever this rule was added.
        // A week-old p99 of 0 (a GC workload that saw no pause) has no ratio: not +Inf.
        record: P99_WEEK_OVER_WEEK,
        expr: `${P99_AVG_1H}\n/\n(max without (quantile) (avg_over_time(${P99}[1h] offset 1w)) > 0)`,
      },
      {
        record: FAILURE_RATIO_1H,
        expr: 'sum without (reason) (rate(vmsoak_run_failures_total[1h]))\n/\nrate(vmsoak_runs_total[1h])',
      },
    ],
  }];
}
