/**
 * Which runs may move KPI state, rolling baselines, change points and regression verdicts:
 * the `judged` ones. Every analysis function that feeds those takes a RunFilter, and
 * defaults to this one, so a disturbed or oversubscribed run is kept and shown but never
 * counted.
 */
import type { JudgementState } from '../model/judgement.ts';
import type { RunResult } from '../model/result.ts';

export type JudgedFields = Pick<RunResult, 'status' | 'judgement'>;
export type RunFilter = (run: JudgedFields) => boolean;

/**
 * A run's state. Results from before judgement existed have none: an ok run among them
 * counts as judged, as it did when it was measured.
 */
export function judgementStateOf(run: JudgedFields): JudgementState {
  if (run.status !== 'ok') return 'failed';
  return run.judgement?.state ?? 'judged';
}

export const isJudged: RunFilter = (run) => judgementStateOf(run) === 'judged';

/** Every completed run, whatever its judgement: for views that show everything (greyed or not). */
export const isCompleted: RunFilter = (run) => run.status === 'ok';

/** Why a run does not count, for a report line: "disturbed: other processes used 0.9 CPU". */
export function notJudgedReason(run: JudgedFields): string {
  const state = judgementStateOf(run);
  const reason = run.judgement?.reason;
  return reason ? `${state}: ${reason}` : state;
}
