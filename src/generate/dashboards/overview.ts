/**
 * Overview: is every KPI met, are the runs happening and succeeding, is the daemon healthy,
 * and which build runs where.
 */
import type { CatalogView } from '../catalog-view.ts';
import { buildDashboard, type GeneratedDashboard, type RowSpec } from '../dashboard-frame.ts';
import { BAD, GOOD, grafanaUnit, unitNoun } from '../grafana-units.ts';
import {
  colouredCells, columnMappings, columnUnit, labelledValuesTable, statPanel, timeseriesPanel, valueMappings, type PanelSpec,
} from '../panels.ts';
import { alternation, matcher } from '../promql.ts';
import { FAMILIES } from '../../export/metric-families.ts';
import { scoped } from '../variables.ts';
import type { KpiUnit } from '../../workloads/api.ts';

const BREACHED_MAPPINGS = valueMappings([[0, 'OK', GOOD], [1, 'BREACHED', BAD]]);

/**
 * One KPI status table per unit: a table column has one unit, and the catalog's KPIs come
 * in seconds, ratios, factors and throughput.
 */
function kpiStatusTable(view: CatalogView, unit: KpiUnit): PanelSpec {
  const groups = view.kpiGroups(view.workloads, (kpi) => kpi.unit === unit);
  const kpis = [matcher('kpi', '=~', alternation(groups.map((group) => group.name)))];
  const select = (metric: string) => scoped(metric, 'workload', kpis);
  return labelledValuesTable({
    title: `KPI status: ${unitNoun(unit)}`,
    description: `Every KPI measured in ${unit} (${groups.map((group) => group.name).join(', ')}): the value of the last successful run `
      + 'against the target in force (catalog default or config override); a breached KPI is red.',
    workloads: [...new Set(groups.flatMap((group) => group.workloads.map((workload) => workload.name)))],
    labels: ['instance', 'workload', 'threads', 'kpi', 'direction', 'severity'],
    values: [
      { name: 'value', expr: select(FAMILIES.kpiValue.name), settings: [columnUnit(grafanaUnit(unit))] },
      { name: 'target', expr: select(FAMILIES.kpiTarget.name), settings: [columnUnit(grafanaUnit(unit))] },
      { name: 'status', expr: select(FAMILIES.kpiBreached.name), settings: [columnMappings(BREACHED_MAPPINGS), colouredCells()] },
    ],
    width: 24,
    height: 10,
  });
}

function runsPanel(): PanelSpec {
  return timeseriesPanel({
    title: 'Runs and failures by reason',
    description: 'Runs finished per interval, and failed runs by reason: error (a throw), timeout, oom (worker resource limits), exit (process.exit in a worker).',
    unit: 'short',
    bars: true,
    queries: [
      { expr: `sum(increase(${scoped(FAMILIES.runs.name, 'workload-category')}[$__rate_interval]))`, legend: 'runs' },
      {
        expr: `sum by (reason) (increase(${scoped(FAMILIES.runFailures.name, 'workload-category')}[$__rate_interval]))`,
        legend: 'failed: {{reason}}',
      },
    ],
    perQuery: { B: [{ id: 'color', value: { mode: 'fixed', fixedColor: BAD } }] },
  });
}

function lastSuccessPanel(): PanelSpec {
  const timestamp = scoped(FAMILIES.lastSuccessTimestamp.name, 'workload');
  return labelledValuesTable({
    title: 'Last successful run per workload',
    description: 'When each workload × thread count last finished a successful run, and how long ago. A workload whose age keeps growing fails or is not scheduled.',
    labels: ['instance', 'workload', 'threads'],
    values: [
      { name: 'age', expr: `time() - ${timestamp}`, settings: [columnUnit('s')] },
      // Grafana's date units read milliseconds.
      { name: 'finished at', expr: `${timestamp} * 1000`, settings: [columnUnit('dateTimeAsIso')] },
    ],
  });
}

function daemonHealthPanels(): PanelSpec[] {
  const daemon = (metric: string) => scoped(metric, 'daemon');
  return [
    statPanel({
      title: 'Up',
      description: 'Whether Prometheus\'s last scrape of each vmsoak instance succeeded.',
      queries: [{ expr: daemon('up'), legend: '{{instance}}' }],
      mappings: valueMappings([[1, 'UP', GOOD], [0, 'DOWN', BAD]]),
      width: 6,
    }),
    timeseriesPanel({
      title: 'Scrape duration',
      description: 'How long Prometheus took to scrape /metrics; it grows with the number of workload × thread series.',
      unit: 's',
      queries: [{ expr: daemon('scrape_duration_seconds'), legend: '{{instance}}' }],
      width: 9,
    }),
    timeseriesPanel({
      title: 'Event-loop delay of the main thread',
      description: 'Event-loop lag of the daemon\'s main thread (prom-client\'s nodejs_eventloop_lag_*): it only schedules, aggregates and serves HTTP, so a high value means vmsoak itself is struggling, not a workload.',
      unit: 's',
      queries: [
        { expr: daemon('nodejs_eventloop_lag_p50_seconds'), legend: 'p50 {{instance}}' },
        { expr: daemon('nodejs_eventloop_lag_p99_seconds'), legend: 'p99 {{instance}}' },
        { expr: daemon('nodejs_eventloop_lag_max_seconds'), legend: 'max {{instance}}' },
      ],
      width: 9,
    }),
  ];
}

function buildInfoPanel(): PanelSpec {
  return labelledValuesTable({
    title: 'Build info, Node and V8 versions, CPUs',
    description: 'The vmsoak, Node.js and V8 versions each instance runs, and the CPUs available to it (runs with more threads are oversubscribed).',
    labels: ['instance', 'version', 'node', 'v8'],
    values: [
      // Always 1: only its labels are shown.
      { name: 'build', expr: scoped(FAMILIES.buildInfo.name, 'daemon'), hidden: true },
      { name: 'CPUs', expr: scoped(FAMILIES.cpus.name, 'daemon') },
    ],
    width: 24,
    height: 6,
  });
}

export function overviewDashboard(view: CatalogView): GeneratedDashboard {
  const rows: RowSpec[] = [
    { title: 'KPIs', panels: view.units().map((unit) => kpiStatusTable(view, unit)) },
    { title: 'Runs', panels: [runsPanel(), lastSuccessPanel()] },
    { title: 'Daemon health', panels: daemonHealthPanels() },
    { title: 'Build', panels: [buildInfoPanel()] },
  ];
  return buildDashboard({
    slug: 'overview',
    title: 'Overview',
    description: 'KPI status, runs and failures, daemon health and build info of vmsoak. Generated by `vmsoak generate` from the workload catalog; do not edit by hand.',
    rows,
  });
}
