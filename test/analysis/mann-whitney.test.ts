import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mannWhitneyU } from '../../src/analysis/mann-whitney.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

test('U and the one-sided p match the published ClickHouse example (no ties)', () => {
  // ClickHouse docs: mannWhitneyUTest('greater') of (10, 11, 12) vs (1, 2, 3) = (9, 0.04042779918503192).
  const result = mannWhitneyU([10, 11, 12], [1, 2, 3]);
  assert.equal(result.u, 9);
  assert.ok(Math.abs(result.pValue / 2 - 0.04042779918503192) < 1e-12, `one-sided p ${result.pValue / 2}`);
});

test('the tie-corrected p matches the published DolphinDB example (ties, continuity correction)', () => {
  // DolphinDB docs: mannWhitneyUTest(5 1 4 3 5, 2 4 7 -1 0 4): U = 11, two-sided p = 0.518023.
  const result = mannWhitneyU([5, 1, 4, 3, 5], [2, 4, 7, -1, 0, 4]);
  // DolphinDB prints the smaller U; this one is the first sample's, 5 * 6 - 11.
  assert.equal(result.u, 19);
  // Hand: ties {4,4,4} and {5,5} -> var = 2.5 * (12 - 30 / 110) = 29.318, z = 3.5 / 5.4147 = 0.6464,
  // p = 0.518022; the published six digits differ from it in the last place.
  assert.ok(Math.abs(result.pValue - 0.518023) < 1.5e-6, `two-sided p ${result.pValue}`);
  assert.ok(Math.abs(result.z - 3.5 / Math.sqrt(2.5 * (12 - 30 / 110))) < 1e-12, `z ${result.z}`);
});

test('U counts the pairs a > b directly, ties one half', () => {
  const a = [3, 3, 5, 8, 1];
  const b = [3, 4, 2, 8];
  let pairs = 0;
  for (const x of a) for (const y of b) pairs += x > y ? 1 : x === y ? 0.5 : 0;
  assert.equal(mannWhitneyU(a, b).u, pairs);
});

test('hand-computed z with a tie group: variance reduced by the tie term', () => {
  // a = [1, 2, 2], b = [2, 3, 4]: ranks 1, 3, 3 | 3, 5, 6 -> R_a = 7, U = 7 - 6 = 1.
  // mean U = 4.5; ties: one group of 3 -> sum(t^3 - t) = 24; n = 6.
  // var = (9 / 12) * (7 - 24 / 30) = 0.75 * 6.2 = 4.65; z = -(4.5 - 1 - 0.5) / sqrt(4.65).
  const result = mannWhitneyU([1, 2, 2], [2, 3, 4]);
  assert.equal(result.u, 1);
  assert.ok(Math.abs(result.z - (-3 / Math.sqrt(4.65))) < 1e-12, `z ${result.z}`);
});

test('symmetric: swapping the samples keeps p and flips z', () => {
  const random = seededRandom(7);
  const a = Array.from({ length: 40 }, () => random.logNormal(100, 0.1));
  const b = Array.from({ length: 55 }, () => random.logNormal(104, 0.1));
  const ab = mannWhitneyU(a, b);
  const ba = mannWhitneyU(b, a);
  assert.ok(Math.abs(ab.pValue - ba.pValue) < 1e-12);
  assert.ok(Math.abs(ab.z + ba.z) < 1e-12);
  assert.ok(ab.z < 0, 'a tends smaller than b');
});

test('degenerate inputs give p = 1', () => {
  assert.equal(mannWhitneyU([], [1, 2]).pValue, 1);
  assert.equal(mannWhitneyU([5, 5, 5], [5, 5]).pValue, 1);
});

test('calibrated: under the null about 5 % of p-values fall below 0.05', () => {
  const random = seededRandom(20240601);
  const trials = 2000;
  let below = 0;
  for (let i = 0; i < trials; i++) {
    const cv = 0.03 + random.uniform() * 0.07;
    const a = Array.from({ length: 100 }, () => random.logNormal(100, cv));
    const b = Array.from({ length: 100 }, () => random.logNormal(100, cv));
    if (mannWhitneyU(a, b).pValue < 0.05) below++;
  }
  const rate = below / trials;
  console.log(`Mann-Whitney alone, A/A: ${(rate * 100).toFixed(2)} % of ${trials} p-values below 0.05`);
  // Binomial sd at 5 % over 2000 trials is 0.49 %: 3.5 % .. 6.5 % is about 3 sd.
  assert.ok(rate > 0.035 && rate < 0.065, `rate ${rate}`);
});
