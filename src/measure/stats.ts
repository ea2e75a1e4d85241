/**
 * Run-level statistics over plain sample arrays: spread (CV), the confidence interval of the
 * mean, fairness across threads, and bounding how many samples a run keeps.
 */

export function mean(samples: ArrayLike<number>): number {
  const n = samples.length;
  if (n === 0) return 0;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += samples[i];
  return sum / n;
}

/** Sample standard deviation (n - 1 in the denominator); 0 with fewer than 2 samples. */
export function stddev(samples: ArrayLike<number>): number {
  const n = samples.length;
  if (n < 2) return 0;
  const m = mean(samples);
  // Two passes (mean first, then squared deviations) rather than sum of squares minus
  // square of sums, which cancels catastrophically for large ns values with small spread.
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const d = samples[i] - m;
    squares += d * d;
  }
  return Math.sqrt(squares / (n - 1));
}

/** stddev / mean; 0 when it is undefined (fewer than 2 samples or a zero mean). */
export function coefficientOfVariation(samples: ArrayLike<number>): number {
  if (samples.length < 2) return 0;
  const m = mean(samples);
  if (m === 0) return 0;
  return stddev(samples) / Math.abs(m);
}

/**
 * Two-sided 95 % quantiles of Student's t (the 0.975 quantile) for 1..30 degrees of
 * freedom, from the standard tables (4 decimals). Index = degrees of freedom.
 */
const T_975_TABLE = [
  Number.NaN,
  12.7062, 4.3027, 3.1824, 2.7764, 2.5706, 2.4469, 2.3646, 2.3060, 2.2622, 2.2281,
  2.2010, 2.1788, 2.1604, 2.1448, 2.1314, 2.1199, 2.1098, 2.1009, 2.0930, 2.0860,
  2.0796, 2.0739, 2.0687, 2.0639, 2.0595, 2.0555, 2.0518, 2.0484, 2.0452, 2.0423,
] as const;

/** The 0.975 quantile of the standard normal distribution. */
const Z_975 = 1.959963984540054;

/**
 * The 0.975 quantile of Student's t with `df` degrees of freedom. Up to 30 from the table;
 * above, the Cornish-Fisher expansion of t around the normal quantile (Abramowitz & Stegun
 * 26.7.5, terms to 1/df^3), which is within 1e-7 of the exact value from df = 30 on, so
 * the two meet without a visible step.
 */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) throw new RangeError(`degrees of freedom must be >= 1, got ${df}`);
  const whole = Math.floor(df);
  if (whole <= 30) return T_975_TABLE[whole];
  const z = Z_975;
  const z3 = z * z * z;
  const z5 = z3 * z * z;
  const z7 = z5 * z * z;
  return z
    + (z3 + z) / (4 * df)
    + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df)
    + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df * df * df);
}

/** 95 % confidence interval of the mean (Student's t, two-sided); null with fewer than 2 samples. */
export function confidenceInterval95(samples: ArrayLike<number>): { low: number; high: number } | null {
  const n = samples.length;
  if (n < 2) return null;
  const m = mean(samples);
  const halfWidth = tQuantile975(n - 1) * stddev(samples) / Math.sqrt(n);
  return { low: m - halfWidth, high: m + halfWidth };
}

/**
 * Jain's fairness index (Σx)² / (n·Σx²): 1 when all values are equal, 1/n when one value
 * has everything. 1 for no values or all zeros, where nobody is treated unfairly.
 */
export function jainIndex(values: ArrayLike<number>): number {
  const n = values.length;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    sum += values[i];
    squares += values[i] * values[i];
  }
  if (n === 0 || squares === 0) return 1;
  return (sum * sum) / (n * squares);
}

/**
 * At most `max` samples, each the mean of a run of adjacent input samples: groups of
 * ceil(n / max), the last group possibly shorter. Adjacent merging keeps the time order,
 * so a drift over the run stays visible. Returns a copy when nothing needs merging.
 */
export function downsample(samples: ArrayLike<number>, max: number): number[] {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be an integer >= 1, got ${max}`);
  const n = samples.length;
  if (n <= max) return Array.from(samples);
  const group = Math.ceil(n / max);
  const out: number[] = [];
  for (let start = 0; start < n; start += group) {
    const end = Math.min(n, start + group);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i];
    out.push(sum / (end - start));
  }
  return out;
}
