/**
 * Panel shapes driven by one KPI of the catalog: its unit becomes the panel unit, its
 * default target a threshold step, its workloads the series shown.
 */
import type { KpiGroup } from './catalog-view.ts';
import { describeTarget, grafanaUnit, targetSteps } from './grafana-units.ts';
import { dashedLine, timeseriesPanel, type PanelSpec } from './panels.ts';
import { FAMILIES } from '../export/metric-families.ts';
import { alternation, matcher, selector } from './promql.ts';
import { scoped } from './variables.ts';

export function workloadNames(group: KpiGroup): string[] {
  return group.workloads.map((workload) => workload.name);
}

/** "≤ 100 µs", listing each default when the workloads' defaults differ. */
export function targetText(group: KpiGroup): string {
  return group.targets.map((target) => describeTarget(target, group.unit, group.direction)).join(' / ');
}

/**
 * `expr` restricted to the group's categories by joining on vmsoak_workload_info: the
 * query lists categories, not workload names, so a plug-in workload of the category shows.
 */
export function inGroupCategories(expr: string, group: KpiGroup): string {
  const categories = alternation([...new Set(group.workloads.map((workload) => workload.category))]);
  return `(${expr}\nand on (job, instance, workload)\n${selector(FAMILIES.workloadInfo.name, [matcher('category', '=~', categories)])})`;
}

/**
 * `expr` restricted to the workloads of the group's categories that declare its KPI, by
 * joining on the KPI's target (every planned series has one from the daemon's start).
 */
export function ofKpiGroup(expr: string, group: KpiGroup): string {
  const target = selector(FAMILIES.kpiTarget.name, [matcher('kpi', '=', group.name)]);
  return inGroupCategories(`${expr}\nand on (job, instance, workload, threads)\n${target}`, group);
}

/**
 * The KPI's value per workload and thread count, with the target in force (after config
 * overrides) as a dashed series and the catalog's default target as a threshold step.
 */
export function kpiValuePanel(title: string, group: KpiGroup, extra: Partial<{ width: number; min: number; max: number }> = {}): PanelSpec {
  const kpi = (family: string) => inGroupCategories(scoped(family, 'workload', [matcher('kpi', '=', group.name)]), group);
  return timeseriesPanel({
    title,
    description: `KPI ${group.name}: ${group.description} The median over its window of judged runs (absent while the window is pending). Default target ${targetText(group)} (the threshold); the dashed series is the target in force after config overrides.`,
    unit: grafanaUnit(group.unit),
    steps: targetSteps(group.target, group.unit, group.direction),
    workloads: workloadNames(group),
    queries: [
      { expr: kpi(FAMILIES.kpiWindowValue.name), legend: '{{workload}} ×{{threads}} {{instance}}' },
      { expr: kpi(FAMILIES.kpiTarget.name), legend: 'target {{workload}} ×{{threads}}' },
    ],
    perQuery: { B: [dashedLine()] },
    ...extra,
  });
}

/**
 * The exact latency statistics of the last run of each workload carrying the KPI (its
 * latency histogram is what the KPI reads), with the KPI's default target as a threshold:
 * p99 at default metrics detail, p50 … p999 and the maximum at full detail.
 */
export function lastRunLatencyPanel(title: string, group: KpiGroup): PanelSpec {
  return timeseriesPanel({
    title,
    description: `Last-run latency of ${workloadNames(group).join(', ')}, exact from the raw HDR histogram: p99 (with metrics.detail full also p50, p90, p999 and the maximum). `
      + `KPI ${group.name} reads one of them: ${group.description} Default target ${targetText(group)} (the threshold; config can override it).`,
    unit: 's',
    // The KPI reads a latency statistic when its unit is ns; only then is its target on this axis.
    steps: group.unit === 'ns' ? targetSteps(group.target, group.unit, group.direction) : undefined,
    workloads: workloadNames(group),
    queries: [{
      expr: ofKpiGroup(scoped(FAMILIES.workloadLatencyLast.name, 'workload-category'), group),
      legend: '{{workload}} ×{{threads}} {{statistic}} {{instance}}',
    }],
  });
}
