/**
 * Whether a change in one series was the whole node's: the node's other series, over the
 * same stretches of time, measured as a reference (CPI²'s idea of judging a task against
 * its peers, within one node). The A/A soak showed why: for a minute or two every workload
 * of a pinned daemon ran 10–46 % slower at once, with no steal, no other process on its CPU
 * and nothing in any interference reading (a neighbour on the host's sibling hyperthread,
 * or the host's clock, is invisible from inside a VM). Each series alone then showed a
 * "runtime" change point or regression.
 *
 * The runtime under test cannot change inside one daemon process: its runners fork the same
 * binary. So while every run compared was made since the daemon started, a shift that the
 * other series share is the node's. Across a restart (where Node or vmsoak may have been
 * upgraded, and everything slowed for that reason) the rule stays out of it, so an upgrade's
 * regression is never explained away.
 */
import type { CauseVerdict } from './change-cause.ts';
import { median } from '../measure/median.ts';

/** A judged run's per-operation time (ns/op, lower is better) and when it started. */
export interface NodePoint {
  at: string;
  value: number;
}

/** A stretch of time, ISO strings: from inclusive, to exclusive (open-ended without). */
export interface Span {
  from: string;
  to?: string;
}

export interface NodeShift {
  /** Median over the other series of median(after) / median(before) − 1. */
  shift: number;
  /** How many other series had enough runs on both sides. */
  series: number;
}

/** Fewer other series than this say nothing about the node. */
export const MIN_OTHER_SERIES = 3;
/** Judged runs each other series needs on each side. */
export const MIN_RUNS_PER_SIDE = 3;
/**
 * Judged runs of its own, at most, that a series' verdict (a change point's cause, a
 * regression) waits for the other series to have run after the change; then the
 * interference decides alone (other series on another schedule may never run in between).
 */
export const MAX_WAIT_RUNS = 10;
/** The share of a series' own change the node must show for the change to be the node's. */
export const NODE_SHARE = 0.25;
/**
 * A node-wide move this large is the node's whatever the series' own change: series differ
 * in how much a slow stretch of the CPU moves them. In the A/A soak of 2026-12-04 12:58 a
 * slow stretch moved the node's other 8 series by a median +10 to +17 % and
 * contention.atomic-add by +58 % (its atomics went from 9.2 to 18 ns), so NODE_SHARE alone
 * called a runtime regression. 5 % is the tier-0 regression gate: a move the gates would
 * flag in any one series. The runtime under test cannot change inside one daemon process,
 * so a real regression of one series leaves the others where they were.
 */
export const NODE_MOVE = 0.05;


const inside = (at: string, span: Span): boolean => at >= span.from && (span.to === undefined || at < span.to);

/**
 * How the other series moved from `before` to `after`. `waiting` when enough of them ran
 * before but not yet after (a change point found in the last few runs); null when the node
 * has too few other series for a verdict at all.
 */
export function nodeShift(others: readonly (readonly NodePoint[])[], before: Span, after: Span): NodeShift | 'waiting' | null {
  const ratios: number[] = [];
  let ranBefore = 0;
  for (const points of others) {
    const was = points.filter((point) => inside(point.at, before)).map((point) => point.value);
    if (was.length < MIN_RUNS_PER_SIDE) continue;
    ranBefore++;
    const is = points.filter((point) => inside(point.at, after)).map((point) => point.value);
    if (is.length < MIN_RUNS_PER_SIDE) continue;
    const base = median(was);
    if (base > 0) ratios.push(median(is) / base - 1);
  }
  if (ratios.length >= MIN_OTHER_SERIES) return { shift: median(ratios), series: ratios.length };
  return ranBefore >= MIN_OTHER_SERIES ? 'waiting' : null;
}

const percent = (value: number): string => `${value >= 0 ? '+' : ''}${Math.round(value * 1000) / 10} %`;

/**
 * `environment` when the node's other series moved the same way by at least NODE_SHARE of
 * `change` (the series' own after / before − 1), or by NODE_MOVE, whichever is less; null
 * when they did not, or cannot say.
 */
export function nodeCause(change: number, node: NodeShift | null): CauseVerdict | null {
  if (node === null || !Number.isFinite(change) || change === 0) return null;
  const needed = Math.min(NODE_SHARE * Math.abs(change), NODE_MOVE);
  const shared = Math.sign(node.shift) === Math.sign(change) && Math.abs(node.shift) >= needed;
  if (!shared) return null;
  return { cause: 'environment', reason: `the node's ${node.series} other series moved ${percent(node.shift)} over the same runs (this one ${percent(change)})` };
}
