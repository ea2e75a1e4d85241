/**
 * Compares a whole workload × threads matrix: each series is tested on its own, then the
 * p-values of all tested series are adjusted together (Benjamini–Hochberg) before any
 * verdict is made, so a matrix of 60 series does not flag three of them by chance. Only
 * judged runs are compared where a side has any. A side with none (all its runs disturbed
 * or oversubscribed) is compared as it is, but cannot carry a claim of change: a verdict
 * other than `unchanged` becomes `incomparable` with the reason, and `unchanged` notes it.
 * So identical inputs are `unchanged` however busy the node was, and a disturbed run never
 * raises a regression.
 */
import type { RunResult } from '../model/result.ts';
import type { Tier } from '../workloads/api.ts';
import { benjaminiHochberg } from './benjamini-hochberg.ts';
import type { ChangeCause } from './change-cause.ts';
import { isJudged, notJudgedReason, type RunFilter } from './judged-runs.ts';
import type { RegressionPolicy } from './regression-policy.ts';
import { historyRunOf, pooledSide } from './rolling-baseline.ts';
import { decideSeries, type SeriesDecision, type SeriesSide, testSeries, type Verdict } from './series-comparison.ts';

export interface SeriesKey {
  workload: string;
  category: string;
  tier: Tier;
  threads: number;
}

export interface SeriesPair extends SeriesKey {
  /** null when the series is missing on that side or its run failed; `missing` says which. */
  baseline: SeriesSide | null;
  current: SeriesSide | null;
  /** Why a side is null, for the report: "not in the baseline", "current run failed", ... */
  missing?: string;
  /** Set when a side had no judged run and its other runs stand in: why they were not judged. */
  unjudged?: string;
}

export type SeriesComparison = SeriesKey & SeriesDecision & {
  /** For a regression or improvement, whether the node's interference or the runtime changed (see change-cause.ts). */
  cause?: ChangeCause;
  causeReason?: string;
};

export interface ComparisonSummary {
  series: number;
  regressed: number;
  /** Regressions of severity critical: what fails a CI job. */
  critical: number;
  improved: number;
  unchanged: number;
  noisy: number;
  incomparable: number;
}

/** The side a finished run gives: its samples and HDR statistics; null for a failed run. */
export function sideOfRun(run: RunResult): SeriesSide | null {
  if (run.status !== 'ok') return null;
  return {
    samples: run.samples,
    cv: run.cv,
    ...(run.robustCv === undefined ? {} : { robustCv: run.robustCv }),
    statistics: {
      mean: run.latencyNs.mean, p50: run.latencyNs.p50, p99: run.latencyNs.p99, max: run.latencyNs.max,
      opsPerSecond: run.opsPerSecond,
    },
  };
}

export function seriesKeyOf(run: Pick<RunResult, 'workload' | 'category' | 'tier' | 'threads'>): SeriesKey {
  return { workload: run.workload, category: run.category, tier: run.tier, threads: run.threads };
}

const keyString = (key: Pick<SeriesKey, 'workload' | 'threads'>) => `${key.workload}@${key.threads}`;

/**
 * The side several runs of one series give (the passes of `once --repeat`): one run's own
 * side, or their samples pooled with the medians of their statistics; null when none is given.
 */
export function sideOfRuns(runs: readonly RunResult[]): SeriesSide | null {
  const completed = runs.filter((run) => run.status === 'ok');
  if (completed.length === 0) return null;
  if (completed.length === 1) return sideOfRun(completed[0]);
  return pooledSide(completed.map((run) => historyRunOf(run)));
}

function groupByKey(runs: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const run of runs) {
    const group = groups.get(keyString(run));
    if (group === undefined) groups.set(keyString(run), [run]);
    else group.push(run);
  }
  return groups;
}

/** The runs a side is made of: its judged runs, else its completed ones with why they were not judged; null when every run failed. */
function sideRuns(side: 'baseline' | 'current', runs: readonly RunResult[], include: RunFilter): { runs: RunResult[]; unjudged?: string } | null {
  const counted = runs.filter(include);
  if (counted.length > 0) return { runs: counted };
  const completed = runs.filter((run) => run.status === 'ok');
  if (completed.length === 0) return null;
  return { runs: completed, unjudged: `the ${side} run${completed.length === 1 ? ' was' : 's were'} not judged (${notJudgedReason(completed.at(-1) as RunResult)})` };
}

/**
 * Pairs two result sets by workload × threads. A series only in the baseline is left out
 * (the current pass did not select it); one only in the current results is incomparable.
 * Several runs of a series on one side (repeated passes) make one side; only the runs
 * `include` accepts (the judged ones) count.
 */
export function pairRuns(baseline: readonly RunResult[], current: readonly RunResult[], include: RunFilter = isJudged): SeriesPair[] {
  const before = groupByKey(baseline);
  return [...groupByKey(current).values()].map((runs) => {
    const key = seriesKeyOf(runs[0]);
    const old = before.get(keyString(runs[0]));
    if (old === undefined) return { ...key, baseline: null, current: null, missing: 'not in the baseline' };
    const baselineRuns = sideRuns('baseline', old, include);
    const currentRuns = sideRuns('current', runs, include);
    if (baselineRuns === null || currentRuns === null) {
      return { ...key, baseline: null, current: null, missing: baselineRuns === null ? 'the baseline run failed' : 'the current run failed' };
    }
    const unjudged = [baselineRuns.unjudged, currentRuns.unjudged].filter((text) => text !== undefined).join('; ');
    return {
      ...key, baseline: sideOfRuns(baselineRuns.runs), current: sideOfRuns(currentRuns.runs), ...(unjudged === '' ? {} : { unjudged }),
    };
  });
}

/** A verdict of a side without judged runs: only `unchanged` stands, noted; a claimed change is no verdict. */
function withoutJudgedRuns(decision: SeriesDecision, unjudged: string): SeriesDecision {
  if (decision.verdict === 'unchanged') return { ...decision, reason: decision.reason === undefined ? unjudged : `${unjudged}; ${decision.reason}` };
  return { ...decision, verdict: 'incomparable', severity: null, reason: `${unjudged}; a ${decision.verdict} verdict on it would not be trusted` };
}

export function compareMatrix(pairs: readonly SeriesPair[], policy: RegressionPolicy): SeriesComparison[] {
  const tests = pairs.map((pair) => {
    const tier = policy.tiers[`${pair.tier}`];
    if (pair.baseline === null || pair.current === null) {
      return {
        pair, tier,
        test: { pValue: Number.NaN, shift: 0 as const, changes: [], baselineCv: null, currentCv: null, incomparable: pair.missing ?? 'a side is missing' },
      };
    }
    return { pair, tier, test: testSeries(pair.baseline, pair.current, tier, policy) };
  });
  const adjusted = benjaminiHochberg(tests.map(({ test }) => test.pValue));
  return tests.map(({ pair, tier, test }, index) => {
    const decision = decideSeries(test, adjusted[index], tier, policy);
    return { ...seriesKeyOf(pair), ...(pair.unjudged === undefined ? decision : withoutJudgedRuns(decision, pair.unjudged)) };
  });
}

export function summarize(comparisons: readonly SeriesComparison[]): ComparisonSummary {
  const count = (verdict: Verdict) => comparisons.filter((c) => c.verdict === verdict).length;
  return {
    series: comparisons.length,
    regressed: count('regressed'),
    critical: comparisons.filter((c) => c.verdict === 'regressed' && c.severity === 'critical').length,
    improved: count('improved'),
    unchanged: count('unchanged'),
    noisy: count('noisy'),
    incomparable: count('incomparable'),
  };
}
