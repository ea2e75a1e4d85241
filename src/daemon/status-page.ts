/**
 * The HTML landing and status page at `/`, laid out so that its first screen answers "is
 * this node healthy?": the next pass, the health grid (category x threads, worst state per
 * cell), the breaches beside the lead chart; then the percentile plots, the latest run per
 * workload (non-judged runs greyed with their reason and interference), every KPI (collapsed,
 * filterable), and the suites.
 *
 * The page is a static shell around `#live`, the part that changes; `status/live` serves
 * that part alone and the page's one inline script swaps it in every few seconds, so it
 * refreshes without a reload (status-page-assets.ts). Everything is server-rendered and
 * works without script too (a <noscript> refresh). Every text from the catalog, the
 * config or a result is escaped.
 */
import type { RunResult } from '../model/result.ts';
import { contentionScalingChart, percentilePlots } from './status-charts.ts';
import { REFRESH_MS, STATUS_SCRIPT, STATUS_STYLE } from './status-page-assets.ts';
import { breachesSection } from './status-page-breaches.ts';
import { healthSection } from './status-page-health.ts';
import { cell, escapeHtml } from './status-page-html.ts';
import { kpiSection } from './status-page-kpis.ts';
import { kpiWindowsOf, type KpiWindows } from './status-page-windows.ts';
import type { KpiWindowVerdict } from '../model/kpi-window.ts';
import { latestRunsSection } from './status-page-runs.ts';
import { scheduleSection, type RunningPass } from './status-page-schedule.ts';
import type { SuiteStatus } from './suite-scheduler.ts';

export type { RunningPass } from './status-page-schedule.ts';

export interface StatusPageModel {
  version: string;
  node: string;
  v8: string;
  cpus: number;
  startedAt: Date;
  now: Date;
  shuttingDown: boolean;
  workloadCount: number;
  suites: readonly SuiteStatus[];
  running: RunningPass | null;
  results: readonly RunResult[];
  /** The KPI window verdicts (what vmsoak_kpi_breached says); absent on a page built from results alone. */
  kpiWindows?: readonly KpiWindowVerdict[];
  /** The metric endpoints this daemon serves, e.g. ['metrics', 'otel/metrics'] (relative). */
  metricsPaths: readonly string[];
}

/** The lead chart's size: beside the breaches, within the first 1280 x 800 screen. */
const LEAD_CHART = { width: 640, height: 320 };

function suiteRow(suite: SuiteStatus): string {
  return `<tr>${[
    cell(suite.name),
    cell(suite.schedule),
    cell(suite.state),
    cell(suite.nextRunAt?.toISOString() ?? '–'),
    cell(String(suite.passes)),
    cell(suite.lastFinishedAt?.toISOString() ?? '–'),
    cell(suite.lastDurationMs === null ? '–' : `${(suite.lastDurationMs / 1000).toFixed(1)} s`),
  ].join('')}</tr>`;
}

/**
 * The breaches beside the lead chart: the contention scaling chart (it has the KPI targets
 * drawn in) when contention ran, else the first percentile plot; the other plots follow.
 */
function glanceAndCharts(results: readonly RunResult[], windows: KpiWindows): string {
  const plots = percentilePlots(results);
  const scaling = results.some((result) => result.category === 'contention' && result.status === 'ok') ? contentionScalingChart(results, LEAD_CHART) : '';
  const lead = scaling !== '' ? `<div class="charts" id="scaling">${scaling}</div>` : plots.length > 0 ? `<div class="charts" id="lead-percentiles">${plots[0]}</div>` : '';
  const rest = scaling !== '' ? plots : plots.slice(1);
  const leadSection = lead === '' ? '' : `<section id="charts"><h2>Charts</h2>${lead}</section>`;
  const percentiles = rest.length === 0 ? '' : `<section id="percentile-plots"><h2>Latency by percentile</h2>
<div class="charts" id="percentiles">${rest.join('')}</div></section>`;
  return `<div class="glance">${breachesSection(results, windows)}${leadSection}</div>\n${percentiles}`;
}

/** The part of the page that `status/live` serves and the page's script swaps in. */
export function renderStatusFragment(model: StatusPageModel): string {
  const windows = kpiWindowsOf(model.kpiWindows);
  return `${scheduleSection(model)}
${healthSection(model.results, windows)}
${glanceAndCharts(model.results, windows)}
${latestRunsSection(model.results, model.now, windows)}
${kpiSection(model.results)}
<section id="suites-section"><h2>Suites</h2>
<table id="suites"><thead><tr><th>suite</th><th>schedule (UTC)</th><th>state</th><th>next run</th><th>passes</th><th>last finished</th><th>last duration</th></tr></thead>
<tbody>${model.suites.map(suiteRow).join('')}</tbody></table></section>
`;
}

const METRICS_LABELS: Readonly<Record<string, string>> = { metrics: 'Metrics', 'otel/metrics': 'Metrics (OpenTelemetry)' };

export function renderStatusPage(model: StatusPageModel): string {
  const links = [
    ...model.metricsPaths.map((path) => [path, METRICS_LABELS[path] ?? path]),
    ['api/results', 'Results (JSON)'], ['-/healthy', 'Health'], ['-/ready', 'Readiness'],
  ].map(([href, label]) => `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>`).join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<noscript><meta http-equiv="refresh" content="30"></noscript>
<link rel="icon" href="data:,">
<title>vmsoak</title><style>${STATUS_STYLE}</style></head>
<body>
<header><h1>vmsoak</h1>
<p class="about">vmsoak ${escapeHtml(model.version)} · node ${escapeHtml(model.node)} · v8 ${escapeHtml(model.v8)} · ${model.cpus} CPUs · ${model.workloadCount} workloads <span id="refresh-state"></span></p>
<nav>${links}</nav></header>
<main id="live" data-refresh-ms="${REFRESH_MS}">
${renderStatusFragment(model)}</main>
<script>${STATUS_SCRIPT}</script>
</body></html>
`;
}
