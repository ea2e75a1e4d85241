/**
 * A seeded random source for statistical tests, so a test that draws thousands of sample
 * sets gives the same result on every run (vmsoak's mulberry32 for uniforms, Box–Muller for normals).
 */
import { mulberry32 } from '../../src/measure/mulberry32.ts';

export interface SeededRandom {
  /** Uniform in [0, 1). */
  uniform(): number;
  /** Standard normal. */
  normal(): number;
  /** Log-normal with the given mean and coefficient of variation: right-skewed like timings. */
  logNormal(mean: number, cv: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  const uniform = mulberry32(seed);
  const normal = (): number => {
    const u = 1 - uniform(); // (0, 1]: log(0) must not happen
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
  const logNormal = (mean: number, cv: number): number => {
    const sigma = Math.sqrt(Math.log(1 + cv * cv));
    const mu = Math.log(mean) - (sigma * sigma) / 2;
    return Math.exp(mu + sigma * normal());
  };
  return { uniform, normal, logNormal };
}
