/**
 * Overview: is every KPI met, which nodes are worse than their fleet, are the runs happening,
 * succeeding and judged, how busy the nodes were, is the daemon healthy, and which build
 * runs where.
 */
import type { CatalogView } from '../catalog-view.ts';
import { buildDashboard, type GeneratedDashboard, type RowSpec } from '../dashboard-frame.ts';
import { BAD, GOOD, grafanaUnit, unitNoun } from '../grafana-units.ts';
import {
  colouredCells, columnMappings, columnUnit, labelledValuesTable, statPanel, timeseriesPanel, valueMappings, type PanelSpec,
} from '../panels.ts';
import { fleetRatio } from '../fleet.ts';
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
    description: `Every KPI measured in ${unit} (${groups.map((group) => group.name).join(', ')}): the median over its window of judged runs `
      + '(what the status judges) and the target in force (catalog default or config override). '
      + 'A breached window is red; an empty status is a pending window (fewer judged runs than it needs).',
    workloads: [...new Set(groups.flatMap((group) => group.workloads.map((workload) => workload.name)))],
    labels: ['instance', 'workload', 'threads', 'kpi', 'direction', 'severity'],
    values: [
      { name: 'judged median', expr: select(FAMILIES.kpiWindowValue.name), settings: [columnUnit(grafanaUnit(unit))] },
      { name: 'target', expr: select(FAMILIES.kpiTarget.name), settings: [columnUnit(grafanaUnit(unit))] },
      { name: 'status', expr: select(FAMILIES.kpiBreached.name), settings: [columnMappings(BREACHED_MAPPINGS), colouredCells()] },
    ],
    width: 24,
    height: 10,
  });
}

/** CPI²'s view: each node's judged KPI values against the median of every node running the same workload at the same thread count. */
function fleetOutlierPanel(): PanelSpec {
  return labelledValuesTable({
    title: 'Nodes against the fleet median',
    description: 'Each node\'s judged KPI value (the median of its KPI window) divided by the median of every node reporting the same KPI, workload and '
      + 'thread count, the worse way (value / median for lower-is-better KPIs, median / value for higher-is-better ones): 2 means twice as bad as the '
      + 'fleet. The worst 10 of each direction. VmsoakNodeOutlier fires above its factor (default 1.5) with at least 3 nodes reporting.',
    labels: ['instance', 'workload', 'threads', 'kpi', 'direction'],
    values: [{ name: '× fleet median', expr: fleetRatio(10, (metric, extra) => scoped(metric, 'workload', extra)), settings: [columnUnit('x')] }],
    sortDescendingBy: '× fleet median',
    width: 24,
    height: 8,
  });
}

function judgementsPanel(): PanelSpec {
  return timeseriesPanel({
    title: 'Runs by judgement',
    description: 'Runs finished per interval by judgement: judged runs count toward KPI windows, baselines, change points and regressions; '
      + 'disturbed (interference beyond the judgement thresholds), oversubscribed (more threads than effective CPUs) and failed runs are kept and shown, '
      + 'but move none of them.',
    unit: 'short',
    bars: true,
    queries: [{ expr: `sum by (judgement) (increase(${scoped(FAMILIES.runJudgements.name, 'daemon')}[$__rate_interval]))`, legend: '{{judgement}}' }],
  });
}

function interferencePanel(): PanelSpec {
  const daemon = (metric: string) => scoped(metric, 'daemon');
  return timeseriesPanel({
    title: 'Interference during the last run',
    description: 'What else each node did while vmsoak measured: CPUs other processes kept busy, the share of CPU time stolen by the hypervisor, '
      + 'of CFS periods throttled, of time some task waited for a CPU (PSI) and of time the CPU itself ran slow (a reference loop timed between batches), and the CPUs the run could use. A reading the node cannot give is absent.',
    unit: 'short',
    queries: [
      { expr: daemon(FAMILIES.interferenceOtherCpus.name), legend: 'other CPUs {{instance}}' },
      { expr: daemon(FAMILIES.effectiveCpus.name), legend: 'effective CPUs {{instance}}' },
      { expr: daemon(FAMILIES.interferenceStealRatio.name), legend: 'steal {{instance}}' },
      { expr: daemon(FAMILIES.interferenceThrottledRatio.name), legend: 'throttled {{instance}}' },
      { expr: daemon(FAMILIES.interferenceCpuPressureRatio.name), legend: 'CPU pressure {{instance}}' },
      { expr: daemon(FAMILIES.interferenceSlowCpuRatio.name), legend: 'slow CPU {{instance}}' },
    ],
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
    { title: 'Fleet', panels: [fleetOutlierPanel()] },
    { title: 'Runs', panels: [runsPanel(), lastSuccessPanel(), judgementsPanel(), interferencePanel()] },
    { title: 'Daemon health', panels: daemonHealthPanels() },
    { title: 'Build', panels: [buildInfoPanel()] },
  ];
  return buildDashboard({
    slug: 'overview',
    title: 'Overview',
    description: 'KPI status, nodes against their fleet, runs, failures, judgements and interference, daemon health and build info of vmsoak. Generated by `vmsoak generate` from the workload catalog; do not edit by hand.',
    rows,
  });
}
