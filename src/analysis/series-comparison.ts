/**
 * The decision rule for one workload × threads series, given its two sides:
 *
 * - `incomparable`: a side is missing, failed, or has fewer run-level samples than
 *   `minSamples`; nothing can be said.
 * - `noisy`: a side's robust CV (1.4826 · MAD / median of its run-level samples) is above
 *   the tier's `maxCv` AND the series would otherwise be `regressed` or `improved`, or a
 *   gated statistic moved beyond the tier's warning or the improvement threshold: there is
 *   a change to distrust. Noise with nothing moved is `unchanged` (with the noise noted), so
 *   identical inputs are always `unchanged`.
 * - `regressed`: the run-level samples differ significantly (Mann–Whitney, p adjusted by
 *   Benjamini–Hochberg across the matrix, below alpha), they moved the worse way, AND a gated
 *   statistic got worse by more than the tier's warning threshold.
 * - `improved`: significant, moved the better way, and a gated statistic is better by more
 *   than `improvement`.
 * - `unchanged`: anything else.
 *
 * Two gates because each alone fails: with hundreds of samples a 0.5 % shift is
 * "significant", and without a test a 6 % swing of one noisy run is a "regression".
 * The direction check keeps a tail statistic from being blamed when the samples as a
 * whole moved the other way. The noise gate uses the robust CV because the plain CV of a
 * run with a few preempted batches is 40–80 % while the rest agree within a few percent
 * (docs/judgement.md, "Noise").
 */
import { robustCv } from '../measure/robust-stats.ts';
import { coefficientOfVariation, mean } from '../measure/stats.ts';
import { mannWhitneyU } from './mann-whitney.ts';
import {
  type Better, COMPARED_STATISTICS, type ComparedStatistic, type RegressionPolicy, type RegressionSeverity,
  severityOf, STATISTIC_BETTER, type TierPolicy, worsening,
} from './regression-policy.ts';

export type Verdict = 'regressed' | 'improved' | 'unchanged' | 'noisy' | 'incomparable';

/** One side of a comparison: its run-level samples and its summary statistics. */
export interface SeriesSide {
  samples: readonly number[];
  /** Statistics of the side; a missing one is not compared. */
  statistics: Partial<Record<ComparedStatistic, number>>;
  /** CV of the run-level samples (computed from `samples` when absent); reported, not gated on. */
  cv?: number | null;
  /** Robust CV of the run-level samples (computed from `samples` when absent); the noise gate's measure. */
  robustCv?: number | null;
}

export interface StatisticChange {
  statistic: ComparedStatistic;
  better: Better;
  baseline: number;
  current: number;
  /** current / baseline. */
  ratio: number;
  /** How much worse, direction-aware (see regression-policy.ts); negative is better. */
  worsening: number;
  /** Beyond the tier's warning threshold the worse way (whatever the test says). */
  severity: RegressionSeverity | null;
  /** True when this statistic takes part in the verdict. */
  gated: boolean;
}

export interface SeriesTest {
  /** Two-sided Mann–Whitney p-value of the run-level samples, before adjustment; NaN when not tested. */
  pValue: number;
  /** +1 when the current samples moved the worse way, −1 the better way, 0 not at all. */
  shift: -1 | 0 | 1;
  changes: StatisticChange[];
  baselineCv: number | null;
  currentCv: number | null;
  /** Robust CVs the noise gate judges; absent (not gated) from tests built without samples. */
  baselineRobustCv?: number | null;
  currentRobustCv?: number | null;
  /** Set when the series cannot be compared at all. */
  incomparable?: string;
}

export interface SeriesDecision extends SeriesTest {
  verdict: Verdict;
  /** Worst severity of the gated statistics that regressed; null unless `regressed`. */
  severity: RegressionSeverity | null;
  /** Benjamini–Hochberg adjusted p-value; NaN when not tested. */
  adjustedPValue: number;
  /** Why the verdict is `noisy` or `incomparable`; for `unchanged`, the noise that was above the limit. */
  reason?: string;
}

const cvOf = (side: SeriesSide): number | null => {
  if (side.cv !== undefined && side.cv !== null) return side.cv;
  return side.samples.length >= 2 ? coefficientOfVariation(side.samples) : null;
};

const robustCvOf = (side: SeriesSide): number | null => (side.robustCv !== undefined && side.robustCv !== null ? side.robustCv : robustCv(side.samples));

/** Mean, p50, p99 and max of plain samples, for sides that only have samples. */
export function statisticsOfSamples(samples: readonly number[]): Partial<Record<ComparedStatistic, number>> {
  if (samples.length === 0) return {};
  const sorted = [...samples].sort((a, b) => a - b);
  // Nearest rank, as HDR reports percentiles: the smallest value with at least q of the data at or below it.
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
  return { mean: mean(sorted), p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] };
}

/**
 * The test and the per-statistic changes of one series; the verdict waits for the
 * adjustment across the matrix (see decideSeries).
 * @param samplesBetter which way is better for the samples themselves (ns/op: lower).
 */
export function testSeries(
  baseline: SeriesSide, current: SeriesSide, tier: TierPolicy, policy: RegressionPolicy, samplesBetter: Better = 'lower',
): SeriesTest {
  const changes: StatisticChange[] = [];
  for (const statistic of COMPARED_STATISTICS) {
    const before = baseline.statistics[statistic];
    const after = current.statistics[statistic];
    if (before === undefined || after === undefined) continue;
    const better = STATISTIC_BETTER[statistic];
    const worse = worsening(before, after, better);
    if (Number.isNaN(worse)) continue;
    changes.push({
      statistic, better, baseline: before, current: after, ratio: after / before, worsening: worse,
      severity: severityOf(worse, tier), gated: policy.gate.includes(statistic),
    });
  }
  const base = {
    changes, baselineCv: cvOf(baseline), currentCv: cvOf(current),
    baselineRobustCv: robustCvOf(baseline), currentRobustCv: robustCvOf(current),
  };
  const fewest = Math.min(baseline.samples.length, current.samples.length);
  if (fewest < policy.minSamples) {
    return { ...base, pValue: Number.NaN, shift: 0, incomparable: `fewer than ${policy.minSamples} run-level samples (${fewest})` };
  }
  const { z, pValue } = mannWhitneyU(current.samples, baseline.samples);
  // z > 0: current samples tend larger, which is worse when lower is better.
  const larger = Math.sign(z) as -1 | 0 | 1;
  return { ...base, pValue, shift: samplesBetter === 'lower' ? larger : (-larger as -1 | 0 | 1) };
}

const SEVERITY_RANK: Readonly<Record<RegressionSeverity, number>> = { warning: 1, critical: 2 };

/** The verdict of a tested series, given its adjusted p-value. */
export function decideSeries(test: SeriesTest, adjustedPValue: number, tier: TierPolicy, policy: RegressionPolicy): SeriesDecision {
  if (test.incomparable !== undefined) {
    return { ...test, adjustedPValue, verdict: 'incomparable', severity: null, reason: test.incomparable };
  }
  const decided = decideQuietly(test, adjustedPValue, policy);
  const noisySide = ([['baseline', test.baselineRobustCv], ['current', test.currentRobustCv]] as const)
    .find(([, cv]) => typeof cv === 'number' && cv > tier.maxCv);
  if (noisySide === undefined) return decided;
  const [side, cv] = noisySide as readonly [string, number];
  const noise = `${side} robust CV ${(cv * 100).toFixed(1)} % is above the tier's limit of ${(tier.maxCv * 100).toFixed(0)} %`;
  const moved = test.changes.some((change) => change.gated && (change.worsening > tier.warning || change.worsening < -policy.improvement));
  if (decided.verdict === 'unchanged' && !moved) return { ...decided, reason: `${noise}, but no gated statistic moved beyond the thresholds` };
  return { ...test, adjustedPValue, verdict: 'noisy', severity: null, reason: noise };
}

/** The verdict as if both sides were quiet: significance, direction and the tier's thresholds. */
function decideQuietly(test: SeriesTest, adjustedPValue: number, policy: RegressionPolicy): SeriesDecision {
  const significant = adjustedPValue < policy.alpha;
  const gated = test.changes.filter((change) => change.gated);
  if (significant && test.shift > 0) {
    const regressions = gated.filter((change) => change.severity !== null);
    if (regressions.length > 0) {
      const severity = regressions.map((change) => change.severity as RegressionSeverity)
        .reduce((worst, next) => (SEVERITY_RANK[next] > SEVERITY_RANK[worst] ? next : worst));
      return { ...test, adjustedPValue, verdict: 'regressed', severity };
    }
  }
  if (significant && test.shift < 0 && gated.some((change) => change.worsening < -policy.improvement)) {
    return { ...test, adjustedPValue, verdict: 'improved', severity: null };
  }
  return { ...test, adjustedPValue, verdict: 'unchanged', severity: null };
}
