/**
 * Contention & scheduler: how ns/op scales with threads, how fairly threads are served,
 * how long wake-ups take, and the latency histogram as a heatmap.
 */
import type * as dashboard from '@grafana/grafana-foundation-sdk/dashboard';
import type { CatalogView, KpiGroup } from '../catalog-view.ts';
import { buildDashboard, type GeneratedDashboard } from '../dashboard-frame.ts';
import { grafanaUnit, targetSteps } from '../grafana-units.ts';
import { FAMILIES } from '../../export/metric-families.ts';
import { inGroupCategories, lastRunLatencyPanel, targetText, workloadNames } from '../kpi-panels.ts';
import { colouredCells, heatmapPanel, tablePanel, timeseriesPanel, type PanelSpec } from '../panels.ts';
import { categoryWorkloads, matcher, stringLiteral } from '../promql.ts';
import { scoped } from '../variables.ts';

/** The categories this dashboard is about; their workloads feed the fairness and heatmap panels. */
const CATEGORIES = ['contention', 'scheduler'];
/** The KPIs whose workloads the percentile panels show: the wake-up ring and the herd. */
const WAKEUP_KPI = 'scheduling_latency';
const HERD_KPI = 'herd_wake_time';

function threadTransforms(): dashboard.DataTransformerConfig[] {
  return [
    // Thread counts arrive as label strings; as numbers they sort 1, 2, 4, 8, 16.
    { id: 'convertFieldType', options: { conversions: [{ targetField: 'threads', destinationType: 'number' }], fields: {} } },
    { id: 'sortBy', options: { sort: [{ field: 'threads', desc: false }] } },
    { id: 'groupingToMatrix', options: { columnField: 'threads', rowField: 'workload', valueField: 'Value', emptyValue: 'null' } },
  ];
}

/**
 * ns/op against threads: a row per workload, a column per thread count, from the KPIs
 * with per-thread-count targets (the contention scaling KPIs). The targets of every such
 * KPI are added as rows of their own, so each cell can be read against its column's target.
 */
function scalingTable(groups: readonly KpiGroup[]): PanelSpec {
  const [value] = groups;
  const workloads = [...new Set(groups.flatMap(workloadNames))];
  const select = (metric: string, group: KpiGroup) => inGroupCategories(scoped(metric, 'workload', [matcher('kpi', '=', group.name)]), group);
  const targetRows = groups.map((group) => `label_replace(max by (threads) (${select(FAMILIES.kpiTarget.name, group)}), "workload", `
    + `${stringLiteral(`target: ${group.name} (${group.severities.join('/')})`)}, "", "")`);
  return tablePanel({
    title: 'ns/op against threads',
    description: `The scaling view: ${value.name} (${value.description}) of the last successful run, a row per workload and a column per thread count, `
      + `worst instance shown. The "target:" rows are the per-thread-count targets in force of ${groups.map((group) => group.name).join(', ')}; `
      + `cells turn red above the catalog's default ${value.name} target, ${targetText(value)}.`,
    queries: [{
      expr: [`max by (workload, threads) (${select(FAMILIES.kpiWindowValue.name, value)})`, ...targetRows].join('\nor '),
      instant: true,
      format: 'table',
    }],
    workloads,
    unit: grafanaUnit(value.unit),
    steps: targetSteps(value.target, value.unit, value.direction),
    transformations: threadTransforms(),
    numberColumns: [colouredCells()],
    width: 24,
    height: 9,
  });
}

function fairnessPanel(view: CatalogView, workloads: readonly string[]): PanelSpec {
  return timeseriesPanel({
    title: 'Jain\'s fairness index',
    description: 'Jain\'s index over the per-thread throughput of the last successful run of each multi-threaded run (1 = every thread got the same share; 1/n = one thread got all).',
    unit: 'percentunit',
    min: 0,
    max: 1,
    workloads,
    queries: [{
      expr: scoped(FAMILIES.workloadFairness.name, 'workload-category', [
        matcher('workload', '=~', CATEGORIES.filter((category) => view.categories().includes(category)).map(categoryWorkloads).join('|')),
        matcher('threads', '!=', '1'),
      ]),
      legend: '{{workload}} ×{{threads}} {{instance}}',
    }],
  });
}

function heatmap(workloads: readonly string[]): PanelSpec {
  const buckets = scoped(`${FAMILIES.workloadLatency.name}_bucket`, 'workload-category', [
    matcher('workload', '=~', CATEGORIES.map(categoryWorkloads).join('|')),
  ]);
  return heatmapPanel({
    title: 'Latency histogram',
    description: 'Operations per latency bucket and interval, from the classic histogram whose buckets vmsoak derives exactly from its HDR data. '
      + 'Pick one workload and thread count with the variables: All adds up different workloads.',
    queries: [{ expr: `sum by (le) (increase(${buckets}[$__rate_interval]))`, format: 'heatmap', legend: '{{le}}' }],
    yUnit: 's',
    workloads,
    width: 24,
    height: 10,
  });
}

export function contentionSchedulerDashboard(view: CatalogView): GeneratedDashboard {
  const scaling = view.kpiGroups(view.workloads, (kpi) => kpi.targetByThreads !== undefined && kpi.unit === 'ns');
  if (scaling.length === 0) throw new Error('no KPI in the catalog has per-thread-count targets (targetByThreads): nothing to draw ns/op against threads from');
  const categoryMembers = view.inCategories(CATEGORIES);
  const multiThreaded = categoryMembers.filter((workload) => (workload.maxThreads ?? Number.POSITIVE_INFINITY) >= 2).map((workload) => workload.name);
  return buildDashboard({
    slug: 'contention-scheduler',
    title: 'Contention & scheduler',
    description: 'Scaling of ns/op with threads, fairness, wake-up and thundering-herd latency, and the latency heatmap. Generated by `vmsoak generate` from the workload catalog; do not edit by hand.',
    rows: [
      { title: 'Scaling', panels: [scalingTable(scaling), fairnessPanel(view, multiThreaded)] },
      {
        title: 'Wake-ups',
        panels: [
          lastRunLatencyPanel('Wake-up latency percentiles', view.kpiGroup(WAKEUP_KPI)),
          lastRunLatencyPanel('Thundering-herd time', view.kpiGroup(HERD_KPI)),
        ],
      },
      { title: 'Latency distribution', panels: [heatmap(categoryMembers.map((workload) => workload.name))] },
    ],
  });
}
