/**
 * `report.md`, `once --format markdown` and `/api/report`: environment header, verdict,
 * KPIs (breaches first), failed runs with their reasons, then a results table per category.
 */
import type { KpiResult, RunResult, SuiteResult } from '../../run/result.ts';
import { resultsByCategory, runNotes, sortedKpis, sortedResults, verdictLine, verdictOf } from './summary.ts';
import { formatCount, formatKpiValue, formatNs, formatPercent, formatTarget, kpiVerdict } from './units.ts';

/** Text safe inside a table cell: pipes escaped, line breaks kept as <br>, no stray HTML. */
export function markdownCell(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
    .replaceAll('|', '\\|').replace(/\r?\n/g, '<br>');
}

function table(header: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string[] {
  const rule = header.map((_, column) => (rightAligned.has(column) ? '---:' : '---'));
  return [header, rule, ...rows].map((row) => `| ${row.join(' | ')} |`);
}

const VERDICT_MARK = { PASS: '✔ PASS', FAIL: '✘ FAIL', 'N/A': '– N/A' } as const;

function kpiRow(kpi: KpiResult): string[] {
  return [VERDICT_MARK[kpiVerdict(kpi.pass)], `\`${kpi.id}\``, formatKpiValue(kpi.value, kpi.unit), markdownCell(formatTarget(kpi)), kpi.severity];
}

function resultRow(run: RunResult): string[] {
  const failed = run.status === 'failed';
  const latency = (ns: number) => (failed ? '–' : formatNs(ns));
  return [
    `\`${run.workload}\``, String(run.threads), failed ? '**failed**' : 'ok',
    failed ? '–' : formatCount(run.ops), failed ? '–' : formatCount(run.opsPerSecond),
    latency(run.latencyNs.mean), latency(run.latencyNs.p50), latency(run.latencyNs.p90), latency(run.latencyNs.p99),
    latency(run.latencyNs.p999), latency(run.latencyNs.max), failed ? '–' : formatPercent(run.cv),
    // A failed run's message is in the "Failed runs" section; here the reason is enough.
    markdownCell(failed ? (run.error?.reason ?? 'error') : runNotes(run).join(', ')),
  ];
}

export function renderMarkdown(result: SuiteResult): string {
  const verdict = verdictOf(result);
  const lines: string[] = ['# vmsoak report', ''];
  lines.push(...table(['', ''], [
    ['vmsoak', result.vmsoak],
    ['Node.js', `${result.node} (V8 ${result.v8})`],
    ['CPUs', String(result.cpus)],
    ['timer cost', `${formatNs(result.timerCostNs)} (resolution ${formatNs(result.timerResolutionNs)})`],
    ['seed', String(result.seed)],
    ['started', result.startedAt],
    ['finished', result.finishedAt],
  ]));
  lines.push('', `**Summary:** ${verdictLine(verdict)}.`, '');

  lines.push('## KPIs', '');
  const kpis = sortedKpis(result);
  if (kpis.length === 0) lines.push('No KPIs were evaluated.', '');
  else lines.push(...table(['result', 'KPI', 'value', 'target', 'severity'], kpis.map(kpiRow), new Set([2])), '');

  const failed = sortedResults(result.results).filter((run) => run.status === 'failed');
  if (failed.length > 0) {
    lines.push('## Failed runs', '');
    lines.push(...table(['workload', 'threads', 'reason', 'message'], failed.map((run) => [
      `\`${run.workload}\``, String(run.threads), run.error?.reason ?? 'error', markdownCell(run.error?.message ?? ''),
    ])), '');
  }

  lines.push('## Results', '');
  if (result.results.length === 0) lines.push('No runs were completed.', '');
  for (const [category, runs] of resultsByCategory(result.results)) {
    lines.push(`### ${category}`, '');
    lines.push(...table(
      ['workload', 'threads', 'status', 'ops', 'ops/s', 'mean', 'p50', 'p90', 'p99', 'p99.9', 'max', 'CV', 'notes'],
      runs.map(resultRow),
      new Set([1, 3, 4, 5, 6, 7, 8, 9, 10, 11]),
    ), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
