/**
 * A KPI's state over a window of judged runs. Its first state is the side of the target
 * that the median of its first full window lies on: the median, because one slow run in
 * five cannot carry it, where a mean would let one preempted run decide. After that the
 * state changes only when every value of the window (the last N judged runs) lies on the
 * other side: a Schmitt trigger. A median alone flips whenever three of five runs cross,
 * and a KPI whose runs straddle its target (a contention goal that 40 % of runs miss, a
 * tier-0 CV that a few runs per hour blow up) then flipped 78 times in a 30-minute A/A
 * soak; holding the state until the whole window agrees left 4 (docs/judgement.md, "KPI
 * windows"). The other side must also hold for `kpiWindow.for` (10 minutes): a continuous
 * suite runs a series 8 times a minute, so 5 runs are a slow stretch of the node, which
 * lasted up to 4 minutes in the soaks; at the default 15-minute schedule 5 runs already
 * span an hour. A real step still turns the state. Until the window holds
 * enough judged values the state is `pending`, which is not breached. Single-run values
 * stay on the runs (`KpiResult`); `value` is the window's median either way.
 */
import type { KpiWindowVerdict } from '../model/kpi-window.ts';
import type { KpiResult, RunResult } from '../model/result.ts';
import { isJudged, notJudgedReason, type RunFilter } from './judged-runs.ts';
import { median } from '../measure/median.ts';

export type { KpiWindowState, KpiWindowVerdict } from '../model/kpi-window.ts';

export interface KpiWindowOptions {
  /** Judged runs in the window (config `kpiWindow.runs`, default 5). */
  runs: number;
  /** Judged values the window needs before it has a verdict; default `runs`. */
  minJudged?: number;
  /**
   * Milliseconds the other side must hold, besides `runs` runs, before the state changes
   * (config `kpiWindow.for`, default 10 minutes); 0 for runs alone.
   */
  for?: number;
}

/** What a KPI window reads of a run: a slim history entry will do. */
export type KpiWindowRun = Pick<RunResult, 'workload' | 'threads' | 'startedAt' | 'status' | 'judgement' | 'kpis'>;


/** pass / breached of one value against a KPI's target and direction. */
export function withinTarget(value: number, kpi: Pick<KpiResult, 'target' | 'direction'>): boolean {
  return kpi.direction === 'max' ? value <= kpi.target : value >= kpi.target;
}

function byStart(a: KpiWindowRun, b: KpiWindowRun): number {
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0;
}

/**
 * The window verdict of every KPI in `runs` (any order, any series; the KPI's target,
 * severity and unit are taken from its latest run, so a changed override applies at once).
 */
export function kpiWindowVerdicts(runs: readonly KpiWindowRun[], options: KpiWindowOptions, include: RunFilter = isJudged): KpiWindowVerdict[] {
  if (!Number.isInteger(options.runs) || options.runs < 1) throw new RangeError(`window runs must be an integer >= 1, got ${options.runs}`);
  const needed = Math.min(options.minJudged ?? options.runs, options.runs);
  return verdicts(runs, include, () => ({ size: options.runs, needed, sticky: true, forMs: options.for ?? 0 }));
}

/**
 * The verdict over a fixed set of passes (`once --repeat N`, a results file): each KPI's
 * window is all its runs, and a majority of them must be judged. With fewer, most passes
 * were disturbed and the median of the rest is not a verdict.
 */
export function kpiVerdictsOverPasses(runs: readonly KpiWindowRun[], include: RunFilter = isJudged): KpiWindowVerdict[] {
  return verdicts(runs, include, (count) => ({ size: count, needed: Math.ceil(count / 2), sticky: false, forMs: 0 }));
}

type Target = Pick<KpiResult, 'target' | 'direction'>;

/** A judged value and when its run started (ms since the epoch). */
export interface TimedValue {
  value: number;
  at: number;
}

/**
 * The state after the judged `values` (oldest first): the side of the median of the first
 * `needed` of them, then turned each time the values have lain on the other side for the
 * last `size` of them in a row, spanning at least `forMs` from the first to the last. A
 * streak on the other side is counted with a counter and its start time, so one pass does
 * it: the daemon recomputes this on its main thread for every KPI after every judged run.
 */
export function heldState(values: readonly TimedValue[], size: number, needed: number, kpi: Target, forMs = 0): 'pass' | 'breached' {
  let breached = !withinTarget(median(values.slice(0, needed).map((point) => point.value)), kpi);
  let otherSideInARow = 0;
  let streakFrom = 0;
  for (let i = 0; i < values.length; i++) {
    const { value, at } = values[i];
    if (withinTarget(value, kpi) !== breached) {
      otherSideInARow = 0;
      continue;
    }
    if (otherSideInARow === 0) streakFrom = at;
    otherSideInARow++;
    if (i >= needed && otherSideInARow >= size && at - streakFrom >= forMs) {
      breached = !breached;
      otherSideInARow = 0;
    }
  }
  return breached ? 'breached' : 'pass';
}

function verdicts(
  runs: readonly KpiWindowRun[], include: RunFilter, sizing: (count: number) => { size: number; needed: number; sticky: boolean; forMs: number },
): KpiWindowVerdict[] {
  const byId = new Map<string, { run: KpiWindowRun; kpi: KpiResult }[]>();
  for (const run of [...runs].sort(byStart)) {
    for (const kpi of run.kpis) {
      const entries = byId.get(kpi.id) ?? [];
      entries.push({ run, kpi });
      byId.set(kpi.id, entries);
    }
  }
  return [...byId.values()].map((entries) => {
    const { run: last, kpi } = entries[entries.length - 1];
    const { size, needed, sticky, forMs } = sizing(entries.length);
    const allJudged = entries.filter(({ run, kpi: value }) => include(run) && value.value !== null && Number.isFinite(value.value))
      .map(({ run, kpi: value }) => ({ value: value.value as number, at: Date.parse(run.startedAt) }));
    const judged = allJudged.slice(-size).map((point) => point.value);
    const base = {
      id: kpi.id, name: kpi.name, target: kpi.target, direction: kpi.direction, unit: kpi.unit, severity: kpi.severity,
      workload: last.workload, threads: last.threads, judgedRuns: judged.length, needed, latest: kpi.value,
      value: judged.length > 0 ? median(judged) : null,
    };
    if (judged.length < needed) {
      const excluded = entries.filter(({ run }) => !include(run)).at(-1)?.run;
      const why = `${judged.length} of ${needed} judged run${needed === 1 ? '' : 's'}`;
      return { ...base, state: 'pending' as const, reason: excluded === undefined ? why : `${why}; latest not counted: ${notJudgedReason(excluded)}` };
    }
    const medianSide = withinTarget(base.value as number, kpi) ? 'pass' as const : 'breached' as const;
    if (!sticky) return { ...base, state: medianSide };
    const state = heldState(allJudged, size, needed, kpi, forMs);
    if (state === medianSide) return { ...base, state };
    const beyond = judged.filter((value) => !withinTarget(value, kpi)).length;
    const hold = forMs > 0 ? ` for ${Number((forMs / 60_000).toPrecision(3))} min` : '';
    const held = `held ${state}: ${beyond} of the last ${judged.length} judged runs are beyond target; the state changes when all ${size} are ${state === 'pass' ? 'beyond' : 'within'} it${hold}`;
    return { ...base, state, reason: held };
  }).sort((a, b) => a.id.localeCompare(b.id));
}
