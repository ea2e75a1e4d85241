/**
 * A KPI's verdict over a window of judged runs (analysis/kpi-window.ts computes it): what
 * `once` reports, the exit code gates on, and vmsoak_kpi_breached follows.
 */
import type { KpiResult } from './result.ts';

/** `pending`: fewer judged values than the window needs; not breached. */
export type KpiWindowState = 'pending' | 'pass' | 'breached';

export interface KpiWindowVerdict extends Pick<KpiResult, 'id' | 'name' | 'target' | 'direction' | 'unit' | 'severity'> {
  workload: string;
  threads: number;
  state: KpiWindowState;
  /** Median of the judged values in the window; null while no judged value exists. */
  value: number | null;
  /** Judged values in the window, and how many it needs. */
  judgedRuns: number;
  needed: number;
  /** The latest single-run value, judged or not (what one run said; not the verdict). */
  latest: number | null;
  /** Why the state is pending, or why it is held on the other side of the window's median. */
  reason?: string;
}
