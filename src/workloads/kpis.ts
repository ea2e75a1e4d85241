/**
 * The one place KPI declarations are built: every workload's KPIs come from these
 * helpers, so a KPI of one shape reads the same everywhere (the statistic a `metric` KPI
 * reads is always `metric:<its name>`). The targets themselves stay with their workloads,
 * beside the seed figure or the reasoning they come from.
 */
import type { Direction, KpiSpec, KpiUnit, Severity, Statistic } from './api.ts';

/** A latency statistic of the run's merged histogram, in ns, that must stay at or below the target. */
export function latencyKpi(
  name: string, description: string, targetNs: number,
  options: { statistic?: Statistic; severity?: Severity; targetByThreads?: Readonly<Record<number, number>> } = {},
): KpiSpec {
  const kpi: KpiSpec = {
    name, description, statistic: options.statistic ?? 'mean', target: targetNs, direction: 'max', unit: 'ns',
    severity: options.severity ?? 'warning',
  };
  return options.targetByThreads === undefined ? kpi : { ...kpi, targetByThreads: options.targetByThreads };
}

/** The mean time per operation; severity "warning": the seeds' VM targets are goals, not outage thresholds. */
export function meanLatencyKpi(name: string, description: string, targetNs: number): KpiSpec {
  return latencyKpi(name, description, targetNs);
}

/** A value the workload computes itself (a rate, a ratio, a speed-up), read from its metrics under the KPI's own name. */
export function metricKpi(
  name: string, description: string, target: number, direction: Direction, unit: KpiUnit, severity: Severity = 'warning',
): KpiSpec {
  return { name, description, statistic: `metric:${name}`, target, direction, unit, severity };
}

/** Any statistic against a target: the run's CV or throughput, or a metric under another name than the KPI's. */
export function statisticKpi(
  name: string, description: string, statistic: Statistic, target: number, direction: Direction, unit: KpiUnit, severity: Severity,
): KpiSpec {
  return { name, description, statistic, target, direction, unit, severity };
}
