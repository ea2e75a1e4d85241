/**
 * What counts as a regression: the statistics compared, which way is better for each, and
 * the per-tier thresholds. The defaults come from the seeds' regression gates (tier 0 and 1)
 * and are config (`baseline:` in the YAML); see docs/baselines.md for why.
 */
import { COMPARED_STATISTICS, type ComparedStatistic, type RegressionPolicy, type TierKey, type TierPolicy } from '../model/regression-policy.ts';

export { COMPARED_STATISTICS };
export type { ComparedStatistic, RegressionPolicy, TierKey, TierPolicy };

/** Which way is better: latency and time want `lower`, throughput, hit rate and fairness `higher`. */
export type Better = 'lower' | 'higher';

export const STATISTIC_BETTER: Readonly<Record<ComparedStatistic, Better>> = {
  mean: 'lower', p50: 'lower', p99: 'lower', max: 'lower', opsPerSecond: 'higher',
};

export type RegressionSeverity = 'warning' | 'critical';

export const DEFAULT_TIER_POLICIES: Readonly<Record<TierKey, Readonly<TierPolicy>>> = Object.freeze({
  // Seeds: critical path, "> 5 % slower fails"; Criterion config there: noise threshold 2 %, CV target < 5 %.
  0: Object.freeze({ warning: 0.05, critical: 0.05, maxCv: 0.05 }),
  // Seeds: fast path, "> 10 % warns, > 20 % is high severity"; CV target < 10 %.
  1: Object.freeze({ warning: 0.10, critical: 0.20, maxCv: 0.10 }),
  // vmsoak's choice: contention and scheduling depend on the OS scheduler and the other
  // threads, so they get wider gates than single-thread code.
  2: Object.freeze({ warning: 0.15, critical: 0.30, maxCv: 0.25 }),
  // Seeds: system integration, "> 20 % informational only": it never fails a build.
  3: Object.freeze({ warning: 0.20, critical: null, maxCv: 0.35 }),
});

export function defaultRegressionPolicy(): RegressionPolicy {
  return {
    alpha: 0.05,
    improvement: 0.05,
    minSamples: 5,
    // The location statistics the Mann–Whitney test speaks about. p99 and max are compared and
    // flagged too, but one run has one p99 and one max: no test stands behind their change,
    // and on a busy machine they swing by tens of percent between identical runs.
    gate: ['mean', 'p50', 'opsPerSecond'],
    tiers: {
      0: { ...DEFAULT_TIER_POLICIES[0] }, 1: { ...DEFAULT_TIER_POLICIES[1] },
      2: { ...DEFAULT_TIER_POLICIES[2] }, 3: { ...DEFAULT_TIER_POLICIES[3] },
    },
  };
}

/**
 * How much worse `current` is than `baseline` as a fraction, whichever way is better:
 * 0.1 means 10 % slower (10 % more time, or throughput that needs 10 % more time per op).
 * Negative is better. NaN when either value is not a positive number.
 */
export function worsening(baseline: number, current: number, better: Better): number {
  if (!(baseline > 0) || !(current > 0) || !Number.isFinite(baseline) || !Number.isFinite(current)) return Number.NaN;
  return better === 'lower' ? current / baseline - 1 : baseline / current - 1;
}

/** The severity of a worsening beyond the tier's thresholds, or null below them. */
export function severityOf(worse: number, tier: TierPolicy): RegressionSeverity | null {
  if (!(worse > tier.warning)) return null;
  return tier.critical !== null && worse > tier.critical ? 'critical' : 'warning';
}
