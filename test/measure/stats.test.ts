import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  coefficientOfVariation, confidenceInterval95, downsample, jainIndex, mean, stddev, tQuantile975,
} from '../../src/measure/stats.ts';

const close = (actual: number, expected: number, tolerance = 1e-9): void => {
  assert.ok(Math.abs(actual - expected) <= tolerance, `expected ${expected}, got ${actual}`);
};

// The textbook sample 2, 4, 4, 4, 5, 5, 7, 9:
//   sum = 40, n = 8, mean = 5
//   deviations -3 -1 -1 -1 0 0 2 4, squares 9 1 1 1 0 0 4 16, sum of squares = 32
//   sample variance = 32 / (8 - 1) = 32/7, stddev = sqrt(32/7) = 2.138089935...
//   CV = sqrt(32/7) / 5 = 0.427617987...
const textbook = [2, 4, 4, 4, 5, 5, 7, 9];

test('mean, sample stddev and CV of a sample worked by hand', () => {
  assert.equal(mean(textbook), 5);
  close(stddev(textbook), Math.sqrt(32 / 7));
  close(stddev(textbook), 2.138089935299395);
  close(coefficientOfVariation(textbook), 0.427617987059879);
});

test('degenerate inputs give 0 instead of NaN', () => {
  assert.equal(mean([]), 0);
  assert.equal(stddev([7]), 0);
  assert.equal(coefficientOfVariation([7]), 0);
  assert.equal(coefficientOfVariation([0, 0, 0]), 0);
  assert.equal(stddev([3, 3, 3]), 0);
});

test('95 % confidence interval with a known t value', () => {
  // [1, 3]: mean 2, squares 1 + 1 = 2, variance 2/1, stddev sqrt(2),
  // standard error sqrt(2)/sqrt(2) = 1, t(0.975, df 1) = 12.7062 -> 2 ± 12.7062.
  const two = confidenceInterval95([1, 3]);
  assert.ok(two);
  close(two.low, 2 - 12.7062);
  close(two.high, 2 + 12.7062);
  // Textbook sample: df 7, t = 2.3646, standard error sqrt(32/7)/sqrt(8) = sqrt(4/7),
  // half width 2.3646 * sqrt(4/7) = 1.787469...
  const eight = confidenceInterval95(textbook);
  assert.ok(eight);
  close(eight.low, 5 - 2.3646 * Math.sqrt(4 / 7));
  close(eight.high, 5 + 2.3646 * Math.sqrt(4 / 7));
  assert.equal(confidenceInterval95([42]), null);
  assert.equal(confidenceInterval95([]), null);
});

test('t quantiles beyond the table match published values', () => {
  // Published two-sided 95 % values: df 40 -> 2.0211, 60 -> 2.0003, 120 -> 1.9799, 1000 -> 1.9623.
  close(tQuantile975(40), 2.0211, 1e-4);
  close(tQuantile975(60), 2.0003, 1e-4);
  close(tQuantile975(120), 1.9799, 1e-4);
  close(tQuantile975(1000), 1.9623, 1e-4);
  // The table and the expansion meet without a step at 30/31 (table: 30 -> 2.0423).
  close(tQuantile975(31), 2.0395, 1e-4);
  assert.throws(() => tQuantile975(0), RangeError);
});

test("Jain's index worked by hand", () => {
  // [1, 2, 3]: (1+2+3)^2 / (3 * (1+4+9)) = 36 / 42 = 6/7
  close(jainIndex([1, 2, 3]), 6 / 7);
  // One thread has everything: 25 / (4 * 25) = 1/4 = 1/n
  close(jainIndex([5, 0, 0, 0]), 0.25);
  // Perfectly fair: 81 / (3 * 27) = 1
  close(jainIndex([3, 3, 3]), 1);
  assert.equal(jainIndex([]), 1);
  assert.equal(jainIndex([0, 0]), 1);
});

test('downsample averages adjacent groups', () => {
  // 7 samples into at most 3: groups of ceil(7/3) = 3 -> (1+2+3)/3, (4+5+6)/3, 7/1
  assert.deepEqual(downsample([1, 2, 3, 4, 5, 6, 7], 3), [2, 5, 7]);
  // 10 into 5: pairs
  assert.deepEqual(downsample([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5), [1.5, 3.5, 5.5, 7.5, 9.5]);
  const input = [4, 5];
  const copy = downsample(input, 10);
  assert.deepEqual(copy, [4, 5]);
  assert.notEqual(copy, input);
  assert.deepEqual(downsample(new Float64Array([1, 3]), 1), [2]);
  assert.throws(() => downsample([1], 0), RangeError);
});

test('downsample keeps at most max samples, each within the range of the input', () => {
  fc.assert(fc.property(
    fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 500 }),
    fc.integer({ min: 1, max: 100 }),
    (samples, max) => {
      const out = downsample(samples, max);
      assert.ok(out.length <= max);
      assert.ok(out.length >= Math.min(max, samples.length) / 2);
      const low = Math.min(...samples);
      const high = Math.max(...samples);
      for (const value of out) assert.ok(value >= low - 1e-6 && value <= high + 1e-6);
    },
  ));
});
