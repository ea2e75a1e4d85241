/**
 * The latest run of each workload x threads, grouped as the health grid is: one <tbody>
 * per category x threads, which is what a grid cell links to (and `:target` highlights).
 * A run that does not count (disturbed, oversubscribed, failed) is greyed with its reason,
 * and every run shows what else the node did meanwhile: other processes' CPUs, steal and
 * CPU pressure, so a reader can tell a slow runtime from a busy node.
 */
import { judgementStateOf, notJudgedReason } from '../analysis/judged-runs.ts';
import { formatNs } from '../export/reports/units.ts';
import type { Interference } from '../model/interference.ts';
import type { RunResult } from '../model/result.ts';
import { compareHealth, runHealth } from './status-page-health.ts';
import type { KpiWindows } from './status-page-windows.ts';
import { cell, cellAnchor, escapeHtml, formatClock, runAnchor } from './status-page-html.ts';

const COLUMNS = ['workload', 'threads', 'state', 'p50', 'p99', 'ns/op', 'ops/s', 'CV', 'KPIs', 'interference', 'started'];

function kpiCell(result: RunResult): string {
  if (result.kpis.length === 0) return cell('–');
  const failed = result.kpis.filter((kpi) => kpi.pass === false);
  const unknown = result.kpis.filter((kpi) => kpi.pass === null);
  if (failed.length > 0) return cell(`FAIL: ${failed.map((kpi) => kpi.name).join(', ')}`, 'fail');
  if (unknown.length > 0) return cell(`n/a: ${unknown.map((kpi) => kpi.name).join(', ')}`, 'unknown');
  return cell(`pass (${result.kpis.length})`, 'pass');
}

/** "1.5" CPUs, "41 %": two significant figures are all a reading this coarse supports. */
function ratio(value: number): string {
  return `${Number((value * 100).toPrecision(2))} %`;
}

/** Other CPUs, steal, throttling (only when it happened), pressure and slow CPU (where measured); "n/a" for a source this node lacks. */
export function interferenceText(interference: Interference | undefined): string {
  if (interference === undefined) return '–';
  const { otherCpus, stealRatio, throttledRatio, cpuPressureRatio } = interference;
  const parts = [
    `other ${otherCpus === null ? 'n/a' : `${Number(otherCpus.toPrecision(2))} CPU`}`,
    `steal ${stealRatio === null ? 'n/a' : ratio(stealRatio)}`,
  ];
  if (throttledRatio !== null && throttledRatio > 0) parts.push(`throttled ${ratio(throttledRatio)}`);
  parts.push(`pressure ${cpuPressureRatio === null ? 'n/a' : ratio(cpuPressureRatio)}`);
  // Only where the workload timed batches: elsewhere there is no reading, and "n/a" would blame the node.
  if (typeof interference.slowCpuShare === 'number') parts.push(`slow CPU ${ratio(interference.slowCpuShare)}`);
  return parts.join(' · ');
}

function stateCell(run: RunResult): string {
  const state = judgementStateOf(run);
  if (state === 'judged') return cell('judged', 'pass');
  const reason = state === 'failed' && run.judgement === undefined && run.error ? `failed: ${run.error.reason}` : notJudgedReason(run);
  return cell(reason, `s-${state} wrap`);
}

function startedText(startedAt: string, now: Date): string {
  const at = new Date(startedAt);
  return Number.isNaN(at.getTime()) ? startedAt : formatClock(at, now);
}

function runRow(run: RunResult, now: Date, windows: KpiWindows): string {
  const failed = run.status !== 'ok';
  const state = judgementStateOf(run);
  const title = failed && run.error ? ` title="${escapeHtml(run.error.message)}"` : '';
  const className = `run${state === 'judged' ? '' : ' not-judged'}`;
  return `<tr id="${runAnchor(run)}" class="${className}" data-state="${runHealth(run, windows)}"${title}>${[
    cell(run.workload),
    cell(String(run.threads)),
    stateCell(run),
    cell(failed ? '–' : formatNs(run.latencyNs.p50)),
    cell(failed ? '–' : formatNs(run.latencyNs.p99)),
    cell(failed || run.ops === 0 ? '–' : formatNs(run.sumNs / run.ops)),
    cell(failed ? '–' : Math.round(run.opsPerSecond).toLocaleString('en-US')),
    cell(run.cv === null || failed ? '–' : `${(run.cv * 100).toFixed(1)} %`),
    kpiCell(run),
    cell(interferenceText(run.interference), 'wrap'),
    cell(startedText(run.startedAt, now)),
  ].join('')}</tr>`;
}

/** Groups in the grid's order (category, then threads); the worst runs first within a group. */
function groups(results: readonly RunResult[], windows: KpiWindows): Map<string, RunResult[]> {
  const sorted = [...results].sort((a, b) => a.category.localeCompare(b.category) || a.threads - b.threads
    || compareHealth(runHealth(a, windows), runHealth(b, windows)) || a.workload.localeCompare(b.workload));
  return Map.groupBy(sorted, (run) => cellAnchor(run.category, run.threads));
}

export function latestRunsSection(results: readonly RunResult[], now: Date, windows: KpiWindows = null): string {
  if (results.length === 0) return '<section id="latest"><h2>Latest run per workload</h2><p>No run has finished yet.</p></section>';
  const bodies = [...groups(results, windows)].map(([anchor, runs]) => `<tbody id="${anchor}">${runs.map((run) => runRow(run, now, windows)).join('')}</tbody>`);
  return `<section id="latest"><h2>Latest run per workload</h2>
<div class="wide"><table id="results"><thead><tr>${COLUMNS.map((name) => `<th>${name}</th>`).join('')}</tr></thead>${bodies.join('')}</table></div></section>`;
}
