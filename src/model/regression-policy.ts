/**
 * The regression decision rule's settings (analysis/regression-policy.ts applies them):
 * the statistics compared and the per-tier thresholds, shared by the config and the analysis.
 */
import type { Tier } from './kpi.ts';

export const COMPARED_STATISTICS = ['mean', 'p50', 'p99', 'max', 'opsPerSecond'] as const;
export type ComparedStatistic = (typeof COMPARED_STATISTICS)[number];

export interface TierPolicy {
  /** Slower by more than this fraction (0.10 = 10 %) is a regression of severity warning. */
  warning: number;
  /** Slower by more than this is critical, the level that fails `compare` and `once --baseline`; null: never. */
  critical: number | null;
  /** A side whose run-level samples vary more than this (CV) makes the verdict `noisy`. */
  maxCv: number;
}

export type TierKey = `${Tier}`;

export interface RegressionPolicy {
  /** Significance level the Benjamini–Hochberg adjusted p-value must be below. */
  alpha: number;
  /** Faster by more than this fraction is an improvement. */
  improvement: number;
  /** A side with fewer run-level samples than this is `incomparable`. */
  minSamples: number;
  /** The statistics whose change decides the verdict; the others are compared and shown only. */
  gate: ComparedStatistic[];
  tiers: Record<TierKey, TierPolicy>;
}
