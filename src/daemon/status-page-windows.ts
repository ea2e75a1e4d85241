/**
 * Whether a KPI a run missed is a breach. A breach is a window's verdict (the median of the
 * last judged runs, as vmsoak_kpi_breached says), so the page and the alert agree: one
 * judged run beyond target whose window passes or is still pending is only a hint.
 * Without window verdicts (a page built from results alone), a judged run's miss counts.
 */
import { judgementStateOf } from '../analysis/judged-runs.ts';
import type { KpiWindowState, KpiWindowVerdict } from '../model/kpi-window.ts';
import type { KpiResult, RunResult } from '../model/result.ts';

/** Window state by KPI id (`<workload>.<kpi>@<threads>`); null when the page has none. */
export type KpiWindows = ReadonlyMap<string, KpiWindowState> | null;

export function kpiWindowsOf(verdicts: readonly KpiWindowVerdict[] | undefined): KpiWindows {
  return verdicts === undefined ? null : new Map(verdicts.map((verdict) => [verdict.id, verdict.state]));
}

export function isBreach(run: RunResult, kpi: KpiResult, windows: KpiWindows): boolean {
  if (kpi.pass !== false || judgementStateOf(run) !== 'judged') return false;
  return windows === null || windows.get(kpi.id) === 'breached';
}

/** Why a judged run's miss is not a breach: its window's state. */
export function windowNote(kpi: KpiResult, windows: KpiWindows): string {
  const state = windows?.get(kpi.id);
  return state === 'pass' ? 'beyond target in this run; its window of judged runs passes'
    : 'beyond target in this run; its window of judged runs is still pending';
}
