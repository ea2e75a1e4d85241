/**
 * The two-sided Mann–Whitney U test (Wilcoxon rank-sum), as Google Benchmark's compare.py
 * runs it: does one set of run-level samples tend to be larger than the other?
 *
 * The p-value comes from the normal approximation with the tie correction of the variance
 * and a continuity correction of 0.5, the same as R's `wilcox.test(exact = FALSE)` and
 * SciPy's `mannwhitneyu(method="asymptotic")`. Run-level samples come in the hundreds, where
 * the approximation is accurate; the exact distribution matters only below ~20 samples, where
 * the test has too little power to decide a regression anyway.
 *
 * No npm package was used for the test itself: the ones that exist (mann-whitney-utest and
 * its fork) return only U and a "significant at 5 %" flag without a p-value or tie
 * correction, and Benjamini–Hochberg needs the p-value.
 */
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';

export interface MannWhitneyResult {
  /** U of the first sample: the number of (a, b) pairs with a > b, ties counting one half. */
  u: number;
  /** Standardised statistic after the continuity correction; positive when `a` tends larger. */
  z: number;
  /** Two-sided p-value; 1 when either sample is empty or every value is tied. */
  pValue: number;
}

/**
 * Ranks 1..n of the pooled values (average ranks for ties) and Σ(t³ − t) over the tie
 * groups, which the variance correction needs.
 */
function rankPooled(a: ArrayLike<number>, b: ArrayLike<number>): { rankSumA: number; tieTerm: number } {
  const n = a.length + b.length;
  const values = new Float64Array(n);
  const fromA = new Uint8Array(n);
  for (let i = 0; i < a.length; i++) values[i] = a[i];
  for (let i = 0; i < b.length; i++) values[a.length + i] = b[i];
  for (let i = 0; i < a.length; i++) fromA[i] = 1;
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => values[x] - values[y]);
  let rankSumA = 0;
  let tieTerm = 0;
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const ties = end - start;
    // Positions start..end-1 share the average of ranks start+1..end.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) if (fromA[order[k]] === 1) rankSumA += rank;
    if (ties > 1) tieTerm += ties * ties * ties - ties;
    start = end;
  }
  return { rankSumA, tieTerm };
}

export function mannWhitneyU(a: ArrayLike<number>, b: ArrayLike<number>): MannWhitneyResult {
  const n1 = a.length;
  const n2 = b.length;
  if (n1 === 0 || n2 === 0) return { u: 0, z: 0, pValue: 1 };
  const n = n1 + n2;
  const { rankSumA, tieTerm } = rankPooled(a, b);
  const u = rankSumA - (n1 * (n1 + 1)) / 2;
  const meanU = (n1 * n2) / 2;
  const variance = ((n1 * n2) / 12) * ((n + 1) - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, z: 0, pValue: 1 };
  const distance = Math.max(0, Math.abs(u - meanU) - 0.5);
  const z = Math.sign(u - meanU) * distance / Math.sqrt(variance);
  const pValue = Math.min(1, 2 * normalCdf(-Math.abs(z), 0, 1));
  return { u, z, pValue };
}
