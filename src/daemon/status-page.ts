/**
 * The HTML landing and status page at `/`: what vmsoak is, what it runs and the last result
 * of each workload x threads. Server-rendered, no script; every text from the catalog, the
 * config or a result is escaped.
 */
import type { RunResult } from '../run/result.ts';
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
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]);
}

/** A latency in the unit that keeps 3 significant digits readable. */
export function formatNs(ns: number): string {
  if (!Number.isFinite(ns)) return '–';
  if (ns < 1e3) return `${ns.toPrecision(3)} ns`;
  if (ns < 1e6) return `${(ns / 1e3).toPrecision(3)} µs`;
  if (ns < 1e9) return `${(ns / 1e6).toPrecision(3)} ms`;
  return `${(ns / 1e9).toPrecision(3)} s`;
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

const STYLE = `
body{font-family:system-ui,sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:1em 0}
th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;font-variant-numeric:tabular-nums}
th{background:#f4f4f4}
.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:bold}.unknown{color:#9a6700}
nav a{margin-right:1em}`;

export function renderStatusPage(model: StatusPageModel): string {
  const running = model.running
    ? `<p id="running">Running: suite ${escapeHtml(model.running.suite)}, ${escapeHtml(model.running.workload)} at ${model.running.threads} thread(s) (run ${model.running.index + 1} of ${model.running.total})</p>`
    : '<p id="running">Idle.</p>';
  const results = model.results.length === 0
    ? '<p>No run has finished yet.</p>'
    : `<table id="results"><thead><tr><th>workload</th><th>category</th><th>threads</th><th>status</th><th>p50</th><th>p99</th><th>ns/op</th><th>ops/s</th><th>CV</th><th>KPIs</th><th>started</th></tr></thead><tbody>${model.results.map(resultRow).join('')}</tbody></table>`;
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="30">
<title>vmsoak</title><style>${STYLE}</style></head>
<body>
<h1>vmsoak</h1>
<p>Soak daemon for VM-core workloads.${model.shuttingDown ? ' <strong class="fail">Shutting down.</strong>' : ''}</p>
<nav><a href="metrics">Metrics</a><a href="api/results">Results (JSON)</a><a href="-/healthy">Health</a><a href="-/ready">Readiness</a></nav>
<table id="build"><tbody>
<tr><th>version</th>${cell(model.version)}</tr>
<tr><th>node</th>${cell(model.node)}</tr>
<tr><th>v8</th>${cell(model.v8)}</tr>
<tr><th>CPUs</th>${cell(String(model.cpus))}</tr>
<tr><th>workloads in catalog</th>${cell(String(model.workloadCount))}</tr>
<tr><th>started</th>${cell(model.startedAt.toISOString())}</tr>
<tr><th>uptime</th>${cell(formatUptime(model.now.getTime() - model.startedAt.getTime()))}</tr>
</tbody></table>
<h2>Suites</h2>
${running}
<table id="suites"><thead><tr><th>suite</th><th>schedule (UTC)</th><th>state</th><th>next run</th><th>passes</th><th>last finished</th><th>last duration</th></tr></thead>
<tbody>${model.suites.map(suiteRow).join('')}</tbody></table>
<h2>Latest results</h2>
${results}
</body></html>
`;
}
