/**
 * The HTML landing and status page at `/`: the KPI table with pass/fail, the latest
 * result of each workload x threads, the latency percentile plots and the contention
 * scaling chart, and links to the metrics.
 *
 * The page is a static shell around `#live`, the part that changes; `status/live` serves
 * that part alone and the page's one inline script swaps it in every few seconds, so it
 * refreshes without a reload (status-page-assets.ts). Everything is server-rendered and
 * works without script too (a <noscript> refresh). Every text from the catalog, the
 * config or a result is escaped.
 */
import { formatKpiValue, formatNs, formatTarget, kpiVerdict } from '../export/reports/units.ts';
import type { KpiResult, RunResult } from '../model/result.ts';
import { contentionScalingChart, percentilePlots } from './status-charts.ts';
import { REFRESH_MS, STATUS_SCRIPT, STATUS_STYLE } from './status-page-assets.ts';
import type { SuiteStatus } from './suite-scheduler.ts';

export interface RunningPass {
  suite: string;
  /** 0-based position of the run in flight within its pass. */
  index: number;
  total: number;
  workload: string;
  threads: number;
}

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
  /** The metric endpoints this daemon serves, e.g. ['metrics', 'otel/metrics'] (relative). */
  metricsPaths: readonly string[];
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

export function formatUptime(ms: number): string {
  let seconds = Math.max(0, Math.floor(ms / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60]] as const) {
    if (seconds >= size || parts.length > 0) parts.push(`${Math.floor(seconds / size)}${unit}`);
    seconds %= size;
  }
  parts.push(`${seconds}s`);
  return parts.join(' ');
}

function cell(text: string, className?: string): string {
  return className ? `<td class="${className}">${escapeHtml(text)}</td>` : `<td>${escapeHtml(text)}</td>`;
}

const VERDICT_CLASS = { PASS: 'pass', FAIL: 'fail', 'N/A': 'unknown' } as const;

function kpiCell(result: RunResult): string {
  if (result.kpis.length === 0) return cell('–');
  const failed = result.kpis.filter((kpi) => kpi.pass === false);
  const unknown = result.kpis.filter((kpi) => kpi.pass === null);
  if (failed.length > 0) return cell(`FAIL: ${failed.map((kpi) => kpi.name).join(', ')}`, 'fail');
  if (unknown.length > 0) return cell(`n/a: ${unknown.map((kpi) => kpi.name).join(', ')}`, 'unknown');
  return cell(`pass (${result.kpis.length})`, 'pass');
}

function resultRow(result: RunResult): string {
  const failed = result.status !== 'ok';
  const status = failed ? `failed (${result.error?.reason ?? 'error'})` : 'ok';
  const title = failed && result.error ? ` title="${escapeHtml(result.error.message)}"` : '';
  return `<tr${title}>${[
    cell(result.workload),
    cell(result.category),
    cell(String(result.threads)),
    cell(status, failed ? 'fail' : 'pass'),
    cell(failed ? '–' : formatNs(result.latencyNs.p50)),
    cell(failed ? '–' : formatNs(result.latencyNs.p99)),
    cell(failed || result.ops === 0 ? '–' : formatNs(result.sumNs / result.ops)),
    cell(failed ? '–' : Math.round(result.opsPerSecond).toLocaleString('en-US')),
    cell(result.cv === null || failed ? '–' : `${(result.cv * 100).toFixed(1)} %`),
    kpiCell(result),
    cell(result.startedAt),
  ].join('')}</tr>`;
}

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

interface KpiRow {
  result: RunResult;
  kpi: KpiResult;
}

const VERDICT_ORDER = { FAIL: 0, 'N/A': 1, PASS: 2 } as const;

/** Breached KPIs first, then those without a value, then the passing ones. */
function kpiRows(results: readonly RunResult[]): KpiRow[] {
  return results
    .flatMap((result) => result.kpis.map((kpi) => ({ result, kpi })))
    .sort((a, b) => VERDICT_ORDER[kpiVerdict(a.kpi.pass)] - VERDICT_ORDER[kpiVerdict(b.kpi.pass)] || a.kpi.id.localeCompare(b.kpi.id));
}

function kpiRow({ result, kpi }: KpiRow): string {
  const verdict = kpiVerdict(kpi.pass);
  const why = kpi.pass === null ? (result.status === 'ok' ? 'no value' : `run failed (${result.error?.reason ?? 'error'})`) : '';
  return `<tr class="kpi-${VERDICT_CLASS[verdict]}" data-kpi="${escapeHtml(kpi.id)}" data-verdict="${verdict}">${[
    `<td><span class="verdict ${VERDICT_CLASS[verdict]}">${verdict}</span></td>`,
    cell(result.workload),
    cell(String(result.threads)),
    cell(kpi.name),
    cell(kpi.pass === null ? why : formatKpiValue(kpi.value, kpi.unit)),
    cell(formatTarget(kpi)),
    cell(kpi.severity),
  ].join('')}</tr>`;
}

function kpiSection(results: readonly RunResult[]): string {
  const rows = kpiRows(results);
  if (rows.length === 0) return '<h2>KPIs</h2><p id="kpi-summary">No KPI has been evaluated yet.</p>';
  const failed = rows.filter((row) => row.kpi.pass === false).length;
  const unknown = rows.filter((row) => row.kpi.pass === null).length;
  const summary = failed > 0
    ? `<p id="kpi-summary" class="banner fail">${failed} of ${rows.length} KPIs breached</p>`
    : unknown > 0
      ? `<p id="kpi-summary" class="banner unknown">No KPI breached; ${unknown} of ${rows.length} without a value</p>`
      : `<p id="kpi-summary" class="banner pass">All ${rows.length} KPIs pass</p>`;
  return `<h2>KPIs</h2>${summary}
<table id="kpis"><thead><tr><th>verdict</th><th>workload</th><th>threads</th><th>KPI</th><th>value</th><th>target</th><th>severity</th></tr></thead>
<tbody>${rows.map(kpiRow).join('')}</tbody></table>`;
}

function chartsSection(results: readonly RunResult[]): string {
  const plots = percentilePlots(results);
  if (plots.length === 0) return '';
  const scaling = results.some((result) => result.category === 'contention' && result.status === 'ok') ? contentionScalingChart(results) : '';
  return `<h2>Charts</h2>
${scaling === '' ? '' : `<div class="charts" id="scaling">${scaling}</div>`}
<h3>Latency by percentile</h3>
<div class="charts" id="percentiles">${plots.join('')}</div>`;
}

/** The part of the page that `status/live` serves and the page's script swaps in. */
export function renderStatusFragment(model: StatusPageModel): string {
  const state = model.shuttingDown
    ? '<strong class="fail">Shutting down.</strong>'
    : model.running
      ? `Running: suite ${escapeHtml(model.running.suite)}, ${escapeHtml(model.running.workload)} at ${model.running.threads} thread(s) (run ${model.running.index + 1} of ${model.running.total})`
      : 'Idle.';
  const results = model.results.length === 0
    ? '<p>No run has finished yet.</p>'
    : `<table id="results"><thead><tr><th>workload</th><th>category</th><th>threads</th><th>status</th><th>p50</th><th>p99</th><th>ns/op</th><th>ops/s</th><th>CV</th><th>KPIs</th><th>started</th></tr></thead><tbody>${model.results.map(resultRow).join('')}</tbody></table>`;
  return `<p id="running">${state} Up ${escapeHtml(formatUptime(model.now.getTime() - model.startedAt.getTime()))}, as of ${escapeHtml(model.now.toISOString())}.</p>
${kpiSection(model.results)}
<h2>Latest run per workload</h2>
${results}
${chartsSection(model.results)}
<h2>Suites</h2>
<table id="suites"><thead><tr><th>suite</th><th>schedule (UTC)</th><th>state</th><th>next run</th><th>passes</th><th>last finished</th><th>last duration</th></tr></thead>
<tbody>${model.suites.map(suiteRow).join('')}</tbody></table>
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
<h1>vmsoak</h1>
<p>Soak daemon for VM-core workloads: vmsoak ${escapeHtml(model.version)}, node ${escapeHtml(model.node)}, v8 ${escapeHtml(model.v8)}, ${model.cpus} CPUs, ${model.workloadCount} workloads in the catalog, started ${escapeHtml(model.startedAt.toISOString())}. <span id="refresh-state"></span></p>
<nav>${links}</nav>
<main id="live" data-refresh-ms="${REFRESH_MS}">
${renderStatusFragment(model)}</main>
<script>${STATUS_SCRIPT}</script>
</body></html>
`;
}
