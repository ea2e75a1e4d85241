/**
 * The two shapes of KPI the VM workloads declare: a mean latency per operation, and a
 * value the workload computes itself (a rate, a ratio, a speed-up) read from its metrics
 * under the KPI's own name. Both default to severity "warning": the seeds' VM targets are
 * goals, not outage thresholds.
 */
import type { Direction, KpiSpec, KpiUnit } from '../../api.ts';

export function meanLatencyKpi(name: string, description: string, targetNs: number): KpiSpec {
  return { name, description, statistic: 'mean', target: targetNs, direction: 'max', unit: 'ns', severity: 'warning' };
}

export function metricKpi(name: string, description: string, target: number, direction: Direction, unit: KpiUnit): KpiSpec {
  return { name, description, statistic: `metric:${name}`, target, direction, unit, severity: 'warning' };
}
