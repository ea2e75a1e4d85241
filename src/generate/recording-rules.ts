/**
 * Recording rules, named level:metric:operations (the Prometheus naming convention): the
 * level lists the labels kept, the operations are read right to left. Each is used by an
 * alert or a dashboard panel; none exists for its own sake.
 */
import { FAMILIES } from '../export/metric-families.ts';
import { TREND_STATISTIC } from '../export/prometheus/detail.ts';
import { matcher, selector } from './promql.ts';
import type { RecordingRule, RuleGroup } from './rule-files.ts';

/** p99 averaged over the last hour divided by the same average one week earlier: 1.1 = 10 % slower than a week ago. */
export const P99_WEEK_OVER_WEEK = 'instance_workload_threads:vmsoak_workload_latency_p99_seconds:ratio_avg_over_time1h_offset1w';
/** The share of runs that failed over the last hour (failures of every reason over all runs). */
export const FAILURE_RATIO_1H = 'instance_workload_threads:vmsoak_run_failures:ratio_rate1h';

/**
 * The week-over-week p99 ratio from the exact last-run p99 gauge, on both sides (the
 * default histogram buckets, one per decade, cannot resolve a 5 % change): it works as soon
 * as a week of raw data exists (or has been backfilled), and VmsoakTrendRegression uses
 * it directly rather than the recorded series, so its verdict never waits for another rule
 * group's evaluation. A week-old p99 of 0 (a GC workload that saw no pause) has no ratio
 * rather than +Inf.
 */
export function p99WeekOverWeek(): string {
  const p99 = selector(FAMILIES.workloadLatencyLast.name, [matcher('statistic', '=', TREND_STATISTIC)]);
  return `max without (statistic) (avg_over_time(${p99}[1h]))\n/\n(max without (statistic) (avg_over_time(${p99}[1h] offset 1w)) > 0)`;
}

export function recordingRuleGroups(): RuleGroup<RecordingRule>[] {
  return [{
    name: 'vmsoak.recording',
    rules: [
      { record: P99_WEEK_OVER_WEEK, expr: p99WeekOverWeek() },
      {
        record: FAILURE_RATIO_1H,
        expr: `sum without (reason) (rate(${FAMILIES.runFailures.name}[1h]))\n/\nrate(${FAMILIES.runs.name}[1h])`,
      },
    ],
  }];
}
