/**
 * The terminal report of `once`: one aligned row per run with latencies in human units,
 * then the KPIs, breaches first. Colour only when asked for (the CLI asks on a TTY).
 */
import { styleText } from 'node:util';
import type { RunResult, SuiteResult } from '../../model/result.ts';
import { judgementStateOf } from '../../analysis/judged-runs.ts';
import { judgementLine, kpiRows, sortedResults, runNotes, verdictLine, verdictOf } from './summary.ts';
import { alignColumns, type Align, type Cell } from './text-table.ts';
import { formatCount, formatKpiValue, formatNs, formatPercent, formatTarget, MISSING } from './units.ts';

export interface TableOptions {
  color?: boolean;
}

type Style = 'red' | 'green' | 'yellow' | 'dim' | 'bold';
// The caller decides about colour (TTY, NO_COLOR), so styleText must not second-guess it.
const styled = (style: Style, text: string) => styleText(style, text, { validateStream: false });

export function renderTable(result: SuiteResult, options: TableOptions = {}): string {
  const paint = (style: Style) => (options.color ? (text: string) => styled(style, text) : undefined);
  const cell = (text: string, style?: Style): Cell => ({ text, paint: style && text !== '' ? paint(style) : undefined });

  const runRow = (run: RunResult): (string | Cell)[] => {
    const failed = run.status === 'failed';
    const state = judgementStateOf(run);
    const latency = (ns: number) => (failed ? MISSING : formatNs(ns));
    return [
      // A run that was not judged is shown, dimmed, with its reason in NOTES; it counts toward no verdict.
      run.workload, String(run.threads), failed ? cell('FAILED', 'red') : state === 'judged' ? 'ok' : cell(state, 'dim'),
      failed ? MISSING : formatCount(run.ops), failed ? MISSING : formatCount(run.opsPerSecond),
      latency(run.latencyNs.mean), latency(run.latencyNs.p50), latency(run.latencyNs.p99),
      latency(run.latencyNs.p999), latency(run.latencyNs.max), failed ? MISSING : formatPercent(run.cv),
      // One run, one line: a multi-line error message would break the columns.
      cell(runNotes(run).join(', ').replace(/\s+/g, ' '), failed ? 'red' : 'yellow'),
    ];
  };
  const runAlign: Align[] = ['left', 'right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'];

  const header = `vmsoak ${result.vmsoak} · node ${result.node} · ${result.cpus} CPUs · timer ${formatNs(result.timerCostNs)} · seed ${result.seed}`;
  const lines = [header, ''];
  if (result.results.length === 0) lines.push('No runs were completed.');
  else {
    lines.push(...alignColumns(
      ['WORKLOAD', 'THREADS', 'STATUS', 'OPS', 'OPS/S', 'MEAN', 'P50', 'P99', 'P99.9', 'MAX', 'CV', 'NOTES'],
      sortedResults(result.results).map(runRow), runAlign,
    ));
  }

  const kpis = kpiRows(result);
  if (kpis.length > 0) {
    const verdictStyle = { PASS: 'green', FAIL: 'red', PENDING: 'yellow', 'N/A': 'dim' } as const;
    const noted = kpis.some((kpi) => kpi.note !== '');
    lines.push('', ...alignColumns(
      ['RESULT', 'KPI', 'VALUE', 'TARGET', 'SEVERITY', ...(noted ? ['NOTE'] : [])],
      kpis.map((kpi) => [
        cell(kpi.verdict, verdictStyle[kpi.verdict]), kpi.id, formatKpiValue(kpi.value, kpi.unit), formatTarget(kpi), kpi.severity,
        ...(noted ? [kpi.note] : []),
      ]),
      ['left', 'left', 'right', 'left', 'left', 'left'],
    ));
  }
  const verdict = verdictOf(result);
  const failing = verdict.failedRuns > 0 || verdict.breached > 0;
  const summary = verdictLine(verdict);
  lines.push('', failing && options.color ? styled('bold', summary) : summary);
  if (result.results.length > 0) lines.push(`Runs: ${judgementLine(result.results)} (only judged runs count toward KPI windows and regressions)`);
  return `${lines.join('\n')}\n`;
}
