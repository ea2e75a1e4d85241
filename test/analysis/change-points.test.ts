import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectChangePoints } from '../../src/analysis/change-points.ts';
import { studentTTest } from '../../src/analysis/student-t-test.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const noisy = (random: ReturnType<typeof seededRandom>, length: number, mean: number, cv: number) =>
  Array.from({ length }, () => mean * (1 + cv * random.normal()));

test('Student t-test matches a hand computation', () => {
  // a: mean 2, var 1; b: mean 5, var 1; pooled var 1, se = sqrt(1/3 + 1/3), t = 3 / 0.8165 = 3.674, df 4.
  const result = studentTTest([1, 2, 3], [4, 5, 6]);
  assert.ok(Math.abs(result.t - 3 / Math.sqrt(2 / 3)) < 1e-12);
  assert.equal(result.degreesOfFreedom, 4);
  // Two-sided p of t = 3.674 at 4 df is 0.0213 (from the t table: t(0.99, 4) = 3.747, t(0.975, 4) = 2.776).
  assert.ok(result.pValue > 0.02 && result.pValue < 0.025, `p ${result.pValue}`);
});

test('a 10 % step in a noisy series is found where it happened', () => {
  const random = seededRandom(11);
  const series = [...noisy(random, 40, 100, 0.02), ...noisy(random, 40, 110, 0.02)];
  const points = detectChangePoints(series);
  assert.equal(points.length, 1, JSON.stringify(points));
  assert.ok(Math.abs(points[0].index - 40) <= 1, `at ${points[0].index}`);
  assert.ok(points[0].change > 0.08 && points[0].change < 0.12);
  assert.ok(points[0].pValue <= 0.001);
});

test('two steps, one up and one down, both found', () => {
  const random = seededRandom(12);
  const series = [...noisy(random, 30, 100, 0.02), ...noisy(random, 30, 120, 0.02), ...noisy(random, 30, 95, 0.02)];
  const indices = detectChangePoints(series).map((point) => point.index);
  assert.equal(indices.length, 2, String(indices));
  assert.ok(Math.abs(indices[0] - 30) <= 1 && Math.abs(indices[1] - 60) <= 1, String(indices));
});

test('a level must hold for minSegment points: a 3-run slow episode is no change, a step is reported once it has held', () => {
  const random = seededRandom(14);
  const before = noisy(random, 40, 100, 0.02);
  const episode = [...before, ...noisy(random, 3, 140, 0.02), ...noisy(random, 20, 100, 0.02)];
  assert.deepEqual(detectChangePoints(episode), []);
  assert.equal(detectChangePoints(episode, { minSegment: 2 }).length, 2, 'Hunter\'s 2 points a side make it an up and a down');
  const step = [...before, ...noisy(random, 5, 130, 0.02)];
  assert.deepEqual(detectChangePoints(step.slice(0, 44)), [], 'four points after the step');
  const points = detectChangePoints(step);
  assert.equal(points.length, 1, JSON.stringify(points));
  assert.equal(points[0].index, 40, 'placed where the step happened, not where the rule allowed it');
  assert.throws(() => detectChangePoints(step, { minSegment: 0 }), /minSegment/);
});

test('a change smaller than minMagnitude is not reported', () => {
  const random = seededRandom(13);
  const series = [...noisy(random, 40, 100, 0.005), ...noisy(random, 40, 103, 0.005)];
  assert.deepEqual(detectChangePoints(series, { minMagnitude: 0.05 }), []);
  assert.equal(detectChangePoints(series, { minMagnitude: 0.01 }).length, 1);
});

test('short and constant series have no change points', () => {
  assert.deepEqual(detectChangePoints([1, 2, 3]), []);
  assert.deepEqual(detectChangePoints(Array.from({ length: 30 }, () => 7)), []);
  assert.throws(() => detectChangePoints([1, Number.NaN, 2, 3, 4]), /finite/);
});

test('false-positive rate on pure noise, and detection rate of a 10 % step (measured)', () => {
  const random = seededRandom(14);
  const trials = 400;
  const bands = [[0.03, 0.05], [0.05, 0.10]] as const;
  const measured = bands.map(([low, high]) => {
    let falseSeries = 0;
    let detected = 0;
    for (let i = 0; i < trials; i++) {
      const cv = low + random.uniform() * (high - low);
      if (detectChangePoints(noisy(random, 60, 100, cv)).length > 0) falseSeries++;
      const stepped = [...noisy(random, 30, 100, cv), ...noisy(random, 30, 110, cv)];
      if (detectChangePoints(stepped).some((point) => Math.abs(point.index - 30) <= 2)) detected++;
    }
    console.log(`change points, CV ${low * 100}-${high * 100} %: ${((falseSeries / trials) * 100).toFixed(1)} % of ${trials} noise-only `
      + `series of 60 runs got one; a 10 % step after 30 runs was found ${((detected / trials) * 100).toFixed(1)} % of the time`);
    return { falseRate: falseSeries / trials, detectionRate: detected / trials };
  });
  for (const { falseRate } of measured) assert.ok(falseRate <= 0.05, `false-positive series rate ${falseRate}`);
  assert.ok(measured[0].detectionRate >= 0.9, `detection rate at CV 3-5 %: ${measured[0].detectionRate}`);
});
