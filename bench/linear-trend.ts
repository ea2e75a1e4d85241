/**
 * The slope of a least-squares line through (x, y) samples, with a 95 % confidence
 * interval that allows for autocorrelation: memory sampled every few seconds is not a set
 * of independent draws (a heap that has not been collected yet stays high for several
 * samples), and the plain standard error would then call noise a trend. The residuals'
 * lag-1 autocorrelation r shrinks the sample count to an effective n·(1 − r)/(1 + r)
 * (Santer et al. 2000, the usual correction for trends in serially correlated series).
 */
import { tQuantile975 } from '../src/measure/stats.ts';

export interface LinearTrend {
  slope: number;
  intercept: number;
  /** 95 % confidence interval of the slope; null with fewer than 3 effective samples. */
  slopeCi95: { low: number; high: number } | null;
  /** Standard deviation of the residuals: the noise around the line. */
  residualSd: number;
  lag1Autocorrelation: number;
  effectiveSamples: number;
}

export function linearTrend(x: readonly number[], y: readonly number[]): LinearTrend {
  const n = x.length;
  if (n !== y.length || n < 2) throw new Error(`linearTrend needs at least 2 paired samples, got ${x.length} and ${y.length}`);
  const meanX = x.reduce((total, value) => total + value, 0) / n;
  const meanY = y.reduce((total, value) => total + value, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - meanX) ** 2;
    sxy += (x[i] - meanX) * (y[i] - meanY);
  }
  if (sxx === 0) throw new Error('linearTrend needs x values that are not all equal');
  const slope = sxy / sxx;
  const intercept = meanY - slope * meanX;
  const residuals = x.map((value, i) => y[i] - (intercept + slope * value));
  const sumSquares = residuals.reduce((total, value) => total + value * value, 0);
  let lagged = 0;
  for (let i = 1; i < n; i++) lagged += residuals[i] * residuals[i - 1];
  const lag1Autocorrelation = sumSquares === 0 ? 0 : Math.max(0, lagged / sumSquares);
  const effectiveSamples = n * (1 - lag1Autocorrelation) / (1 + lag1Autocorrelation);
  const residualSd = Math.sqrt(sumSquares / Math.max(1, n - 2));
  let slopeCi95: LinearTrend['slopeCi95'] = null;
  if (effectiveSamples > 3) {
    const residualVariance = sumSquares / (effectiveSamples - 2);
    const standardError = Math.sqrt(residualVariance / sxx);
    const half = tQuantile975(effectiveSamples - 2) * standardError;
    slopeCi95 = { low: slope - half, high: slope + half };
  }
  return { slope, intercept, slopeCi95, residualSd, lag1Autocorrelation, effectiveSamples };
}
