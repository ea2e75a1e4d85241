/**
 * Student's two-sample t-test with pooled variance, two-sided: the significance test Hunter
 * (and MongoDB's signal processing) applies to a candidate change point, comparing the
 * segment before it with the segment after it. The t distribution comes from stdlib.
 */
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import { mean, stddev } from '../measure/stats.ts';

export interface TTestResult {
  meanA: number;
  meanB: number;
  stddevA: number;
  stddevB: number;
  t: number;
  degreesOfFreedom: number;
  pValue: number;
}

export function studentTTest(a: ArrayLike<number>, b: ArrayLike<number>): TTestResult {
  const n1 = a.length;
  const n2 = b.length;
  const meanA = mean(a);
  const meanB = mean(b);
  const stddevA = stddev(a);
  const stddevB = stddev(b);
  const degreesOfFreedom = n1 + n2 - 2;
  const base = { meanA, meanB, stddevA, stddevB, degreesOfFreedom };
  // Two points in all cannot tell a change from noise.
  if (n1 === 0 || n2 === 0 || degreesOfFreedom < 1) return { ...base, t: 0, pValue: 1 };
  const pooledVariance = ((n1 - 1) * stddevA ** 2 + (n2 - 1) * stddevB ** 2) / degreesOfFreedom;
  const standardError = Math.sqrt(pooledVariance * (1 / n1 + 1 / n2));
  if (standardError === 0) {
    // Both segments constant: any difference at all is certain, none is no change.
    return meanA === meanB ? { ...base, t: 0, pValue: 1 } : { ...base, t: Math.sign(meanB - meanA) * Infinity, pValue: 0 };
  }
  const t = (meanB - meanA) / standardError;
  return { ...base, t, pValue: Math.min(1, 2 * tCdf(-Math.abs(t), degreesOfFreedom)) };
}
