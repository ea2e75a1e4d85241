import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import {
  classifyOutliers, MAD_TO_SIGMA, medianAbsoluteDeviation, medianOf, quantileOfSorted, robustCv, tukeyFences,
} from '../../src/measure/robust-stats.ts';
import { coefficientOfVariation } from '../../src/measure/stats.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const close = (actual: number, expected: number, tolerance = 1e-9): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
};

// The textbook sample 2, 4, 4, 4, 5, 5, 7, 9 (sorted already):
//   median (4 + 5) / 2 = 4.5; |x − 4.5| = 2.5 .5 .5 .5 .5 .5 2.5 4.5, whose median is 0.5 = MAD
//   robust CV = 1.4826 · 0.5 / 4.5 = 0.164733...
//   type-7 quartiles: rank 0.25 · 7 = 1.75 → 4 + 0.75 · (4 − 4) = 4; rank 5.25 → 5 + 0.25 · (7 − 5) = 5.5
//   IQR 1.5: mild fences 4 − 2.25 = 1.75 and 5.5 + 2.25 = 7.75; severe −0.5 and 10
const textbook = [2, 4, 4, 4, 5, 5, 7, 9];

test('median, MAD and robust CV of a sample worked by hand', () => {
  assert.equal(medianOf(textbook), 4.5);
  assert.equal(medianAbsoluteDeviation(textbook), 0.5);
  close(robustCv(textbook) as number, (MAD_TO_SIGMA * 0.5) / 4.5);
  close(MAD_TO_SIGMA, 1.4826, 1e-4);
});

test('type-7 quantiles and Tukey fences worked by hand', () => {
  assert.equal(quantileOfSorted(textbook, 0.25), 4);
  assert.equal(quantileOfSorted(textbook, 0.75), 5.5);
  assert.equal(quantileOfSorted(textbook, 0), 2);
  assert.equal(quantileOfSorted(textbook, 1), 9);
  assert.deepEqual(tukeyFences(textbook), { lowSevere: -0.5, lowMild: 1.75, highMild: 7.75, highSevere: 10 });
  // 9 lies beyond the mild fence 7.75 only; 20 beyond the severe fence 10.
  assert.deepEqual(classifyOutliers(textbook), { mild: 1, severe: 0 });
  assert.deepEqual(classifyOutliers([...textbook.slice(0, 7), 20]), { mild: 0, severe: 1 });
});

test('a value exactly on a fence is inside it, as in Criterion', () => {
  // Six 0s, six 1s and two tail values: type-7 ranks 3.25 and 9.75 of 14 give q1 0, q3 1,
  // so the mild high fence is 2.5 and the severe one 4, whatever the tail values are.
  const body = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];
  assert.deepEqual(classifyOutliers([...body, 2.5, 4]), { mild: 1, severe: 0 });
  assert.deepEqual(classifyOutliers([...body, 2.51, 4.01]), { mild: 1, severe: 1 });
});

test('one preempted batch in a hundred: the CV explodes, the robust CV does not', () => {
  const random = seededRandom(3);
  const batches = Array.from({ length: 99 }, () => random.logNormal(100, 0.01));
  const preempted = [...batches, 100 * 120]; // one batch lost a 1.2 ms time slice
  assert.ok(coefficientOfVariation(preempted) > 1, `CV ${coefficientOfVariation(preempted)}`);
  const robust = robustCv(preempted) as number;
  assert.ok(robust > 0.005 && robust < 0.02, `robust CV ${robust}`);
  assert.deepEqual(classifyOutliers(preempted).severe, 1);
});

test('the robust CV estimates the CV of normal data (the 1.4826 scale)', () => {
  const random = seededRandom(4);
  const normal = Array.from({ length: 20_000 }, () => 100 * (1 + 0.05 * random.normal()));
  close(robustCv(normal) as number, 0.05, 0.002);
});

test('undefined cases give null or zeros, never NaN', () => {
  assert.equal(robustCv([]), null);
  assert.equal(robustCv([5]), null);
  assert.equal(robustCv([-1, 0, 1]), null);
  assert.deepEqual(classifyOutliers([1, 100, 10_000]), { mild: 0, severe: 0 });
  assert.ok(Number.isNaN(medianOf([])));
});

test('properties: scale invariance, and under half the samples replaced cannot carry the robust CV away', () => {
  fc.assert(fc.property(
    fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 10, maxLength: 60 }),
    fc.double({ min: 0.001, max: 1000, noNaN: true }),
    (samples, scale) => {
      const base = robustCv(samples) as number;
      close(robustCv(samples.map((x) => x * scale)) as number, base, 1e-9 * Math.max(1, base));
      // Replace fewer than half of the samples by absurd values: the median and MAD stay
      // within the range of the untouched samples.
      const sorted = [...samples].sort((a, b) => a - b);
      const kept = sorted.length - Math.floor((sorted.length - 1) / 2);
      const attacked = [...sorted.slice(0, kept), ...Array.from({ length: sorted.length - kept }, () => 1e12)];
      const center = medianOf(attacked);
      return center <= sorted[sorted.length - 1] && medianAbsoluteDeviation(attacked) <= sorted[sorted.length - 1] - sorted[0];
    },
  ));
});
