/** What every report derives the same way: reading order, KPI order, the verdict counts. */
import type { KpiResult, RunResult, SuiteResult } from '../../model/result.ts';

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

export interface Verdict {
  runs: number;
  failedRuns: number;
  kpis: number;
  breached: number;
  notComputed: number;
}

export function verdictOf(result: SuiteResult): Verdict {
  const kpis = result.results.flatMap((run) => run.kpis);
  return {
    runs: result.results.length,
    failedRuns: result.results.filter((run) => run.status === 'failed').length,
    kpis: kpis.length,
    breached: kpis.filter((kpi) => kpi.pass === false).length,
    notComputed: kpis.filter((kpi) => kpi.pass === null).length,
  };
}

/** "12 runs, 1 failed; 20 KPIs, 2 breached, 1 not computed". */
export function verdictLine(verdict: Verdict): string {
  const runs = `${verdict.runs} run${verdict.runs === 1 ? '' : 's'}, ${verdict.failedRuns} failed`;
  const notComputed = verdict.notComputed > 0 ? `, ${verdict.notComputed} not computed` : '';
  return `${runs}; ${verdict.kpis} KPI${verdict.kpis === 1 ? '' : 's'}, ${verdict.breached} breached${notComputed}`;
}

/** Short notes for a run: why it failed, or the measurement warnings it carries. */
export function runNotes(run: RunResult): string[] {
  const notes: string[] = [];
  if (run.status === 'failed') notes.push(`${run.error?.reason ?? 'error'}: ${run.error?.message ?? ''}`.trim());
  if (run.oversubscribed) notes.push('oversubscribed');
  if (run.suspectDeadCode) notes.push('suspect dead code');
  return notes;
}
