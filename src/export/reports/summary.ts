/** What every report derives the same way: reading order, KPI order, the verdict counts, judgements. */
import { judgementStateOf, notJudgedReason } from '../../analysis/judged-runs.ts';
import type { JudgementState } from '../../model/judgement.ts';
import type { KpiWindowVerdict } from '../../model/kpi-window.ts';
import type { KpiResult, RunResult, SuiteResult } from '../../model/result.ts';
import { formatKpiValue } from './units.ts';

/** Runs are executed in a shuffled order; reports read better by workload, then threads. */
export function sortedResults(results: readonly RunResult[]): RunResult[] {
  return [...results].sort((a, b) => a.workload.localeCompare(b.workload) || a.threads - b.threads);
}

export function resultsByCategory(results: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const result of sortedResults(results)) {
    const group = groups.get(result.category) ?? [];
    group.push(result);
    groups.set(result.category, group);
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)));
}

const VERDICT_ORDER = (pass: boolean | null) => (pass === false ? 0 : pass === null ? 1 : 2);

/** Breaches first, then KPIs that could not be computed, then passes; by id within each. */
export function sortedKpis(result: SuiteResult): KpiResult[] {
  return sortedResults(result.results)
    .flatMap((run) => run.kpis)
    .sort((a, b) => VERDICT_ORDER(a.pass) - VERDICT_ORDER(b.pass));
}

/** `PENDING`: too few judged runs for a verdict (see analysis/kpi-window.ts); not a breach. */
export type KpiRowVerdict = 'PASS' | 'FAIL' | 'PENDING' | 'N/A';

/** One line of a report's KPI table: a KPI's window verdict, or one run's value where the result has no window. */
export interface KpiRow extends Pick<KpiResult, 'id' | 'value' | 'target' | 'direction' | 'unit' | 'severity'> {
  verdict: KpiRowVerdict;
  /** "median of 5 judged runs", why the verdict is pending, or why it is held against the median. */
  note: string;
}

const ROW_ORDER: Readonly<Record<KpiRowVerdict, number>> = { FAIL: 0, PENDING: 1, 'N/A': 2, PASS: 3 };

function windowRow(kpi: KpiWindowVerdict): KpiRow {
  const verdict = kpi.state === 'pass' ? 'PASS' : kpi.state === 'breached' ? 'FAIL' : 'PENDING';
  const latest = kpi.latest === null ? '' : `; latest run ${formatKpiValue(kpi.latest, kpi.unit)}`;
  const note = kpi.state === 'pending' ? `${kpi.reason ?? ''}${latest}` : kpi.reason ?? (kpi.judgedRuns > 1 ? `median of ${kpi.judgedRuns} judged runs` : '');
  return { id: kpi.id, value: kpi.value, target: kpi.target, direction: kpi.direction, unit: kpi.unit, severity: kpi.severity, verdict, note };
}

/**
 * The KPI table: the window verdicts where the result has them (breaches, then pending,
 * then passes), else each run's KPIs as sortedKpis orders them.
 */
export function kpiRows(result: SuiteResult): KpiRow[] {
  if (result.kpiWindow === undefined) {
    return sortedKpis(result).map((kpi) => ({
      id: kpi.id, value: kpi.value, target: kpi.target, direction: kpi.direction, unit: kpi.unit, severity: kpi.severity,
      verdict: kpi.pass === true ? 'PASS' : kpi.pass === false ? 'FAIL' : 'N/A', note: '',
    }));
  }
  return result.kpiWindow.map(windowRow).sort((a, b) => ROW_ORDER[a.verdict] - ROW_ORDER[b.verdict] || a.id.localeCompare(b.id));
}

export interface Verdict {
  runs: number;
  failedRuns: number;
  kpis: number;
  breached: number;
  notComputed: number;
  /** KPIs without a verdict yet: too few judged runs. */
  pending: number;
}

export function verdictOf(result: SuiteResult): Verdict {
  const rows = kpiRows(result);
  return {
    runs: result.results.length,
    failedRuns: result.results.filter((run) => run.status === 'failed').length,
    kpis: rows.length,
    breached: rows.filter((row) => row.verdict === 'FAIL').length,
    notComputed: rows.filter((row) => row.verdict === 'N/A').length,
    pending: rows.filter((row) => row.verdict === 'PENDING').length,
  };
}

/** "12 runs, 1 failed; 20 KPIs, 2 breached, 3 pending, 1 not computed". */
export function verdictLine(verdict: Verdict): string {
  const runs = `${verdict.runs} run${verdict.runs === 1 ? '' : 's'}, ${verdict.failedRuns} failed`;
  const pending = verdict.pending > 0 ? `, ${verdict.pending} pending (too few judged runs)` : '';
  const notComputed = verdict.notComputed > 0 ? `, ${verdict.notComputed} not computed` : '';
  return `${runs}; ${verdict.kpis} KPI${verdict.kpis === 1 ? '' : 's'}, ${verdict.breached} breached${pending}${notComputed}`;
}

/** How many runs of each judgement, in the order a reader cares about them. */
export function judgementCounts(results: readonly RunResult[]): Record<JudgementState, number> {
  const counts: Record<JudgementState, number> = { judged: 0, disturbed: 0, oversubscribed: 0, failed: 0 };
  for (const run of results) counts[judgementStateOf(run)]++;
  return counts;
}

/** "9 judged, 2 disturbed, 1 oversubscribed, 0 failed": only judged runs count toward KPI windows and regressions. */
export function judgementLine(results: readonly RunResult[]): string {
  return Object.entries(judgementCounts(results)).map(([state, count]) => `${count} ${state}`).join(', ');
}

/** Whether a report shows the run as counted (judged) or greyed with its reason. */
export function isCounted(run: RunResult): boolean {
  return judgementStateOf(run) === 'judged';
}

/**
 * Short notes for a run: why it failed, why a completed run was not judged
 * ("disturbed: other processes used 0.9 CPU"), or the measurement warnings it carries.
 */
export function runNotes(run: RunResult): string[] {
  const notes: string[] = [];
  if (run.status === 'failed') notes.push(`${run.error?.reason ?? 'error'}: ${run.error?.message ?? ''}`.trim());
  else if (judgementStateOf(run) !== 'judged') notes.push(notJudgedReason(run));
  else if (run.oversubscribed) notes.push('oversubscribed');
  if (run.suspectDeadCode) notes.push('suspect dead code');
  return notes;
}
