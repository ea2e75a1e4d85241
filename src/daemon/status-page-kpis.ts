/**
 * Every KPI of every latest run, collapsed under a <details> (a full catalog has over a
 * hundred rows, which would bury the charts), with a text filter the page's script applies.
 * Breaches first (those that count before those in runs that do not), then KPIs without a
 * value, then passes. A KPI of a run that does not count is greyed, with the run's state.
 */
import { judgementStateOf } from '../analysis/judged-runs.ts';
import { formatKpiValue, formatTarget, kpiVerdict } from '../export/reports/units.ts';
import type { KpiResult, RunResult } from '../model/result.ts';
import { cell, escapeHtml } from './status-page-html.ts';

const VERDICT_CLASS = { PASS: 'pass', FAIL: 'fail', 'N/A': 'unknown' } as const;
const VERDICT_ORDER = { FAIL: 0, 'N/A': 1, PASS: 2 } as const;

interface KpiRow {
  result: RunResult;
  kpi: KpiResult;
  judged: boolean;
}

function kpiRows(results: readonly RunResult[]): KpiRow[] {
  return results
    .flatMap((result) => result.kpis.map((kpi) => ({ result, kpi, judged: judgementStateOf(result) === 'judged' })))
    .sort((a, b) => VERDICT_ORDER[kpiVerdict(a.kpi.pass)] - VERDICT_ORDER[kpiVerdict(b.kpi.pass)]
      || Number(b.judged) - Number(a.judged) || a.kpi.id.localeCompare(b.kpi.id));
}

function kpiRow({ result, kpi, judged }: KpiRow): string {
  const verdict = kpiVerdict(kpi.pass);
  const why = kpi.pass === null ? (result.status === 'ok' ? 'no value' : `run failed (${result.error?.reason ?? 'error'})`) : '';
  const state = judgementStateOf(result);
  return `<tr class="kpi-${VERDICT_CLASS[verdict]}${judged ? '' : ' not-judged'}" data-kpi="${escapeHtml(kpi.id)}" data-verdict="${verdict}" data-state="${state}">${[
    `<td><span class="verdict ${VERDICT_CLASS[verdict]}">${verdict}</span></td>`,
    cell(result.workload),
    cell(String(result.threads)),
    cell(kpi.name),
    cell(kpi.pass === null ? why : formatKpiValue(kpi.value, kpi.unit)),
    cell(formatTarget(kpi)),
    cell(kpi.severity),
    cell(state),
  ].join('')}</tr>`;
}

export function kpiSection(results: readonly RunResult[]): string {
  const rows = kpiRows(results);
  if (rows.length === 0) return '<section id="all-kpis"><h2>KPIs</h2><p>No KPI has been evaluated yet.</p></section>';
  const breached = rows.filter((row) => row.kpi.pass === false);
  const counted = breached.filter((row) => row.judged).length;
  const unknown = rows.filter((row) => row.kpi.pass === null).length;
  const summary = `All ${rows.length} KPIs: ${counted} breached in judged runs, ${breached.length - counted} beyond target in runs that do not count, ${unknown} without a value`;
  return `<section id="all-kpis"><details id="kpi-details"><summary><h2>KPIs</h2> ${escapeHtml(summary)}</summary>
<p class="js-only"><input id="kpi-filter" type="search" placeholder="filter: workload, KPI, verdict, state" aria-label="Filter the KPIs"> <span id="kpi-filter-count"></span></p>
<table id="kpis"><thead><tr><th>verdict</th><th>workload</th><th>threads</th><th>KPI</th><th>value</th><th>target</th><th>severity</th><th>run</th></tr></thead>
<tbody>${rows.map(kpiRow).join('')}</tbody></table></details></section>`;
}
