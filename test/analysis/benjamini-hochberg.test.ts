import assert from 'node:assert/strict';
import { test } from 'node:test';
import { benjaminiHochberg } from '../../src/analysis/benjamini-hochberg.ts';

test('adjusted values match the step-up procedure worked by hand', () => {
  // m = 5, sorted p: .01 .02 .03 .04 .5 -> p*m/rank: .05 .05 .05 .05 .5; running minimum from the top.
  const adjusted = benjaminiHochberg([0.04, 0.01, 0.5, 0.03, 0.02]);
  const expected = [0.05, 0.05, 0.5, 0.05, 0.05];
  adjusted.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < 1e-12, `${i}: ${value}`));
});

test('monotone: a smaller p never gets a larger adjusted value, and none exceeds 1', () => {
  const p = [0.001, 0.2, 0.04, 0.9, 0.011, 0.6];
  const q = benjaminiHochberg(p);
  for (let i = 0; i < p.length; i++) {
    assert.ok(q[i] <= 1 && q[i] >= p[i]);
    for (let j = 0; j < p.length; j++) if (p[i] < p[j]) assert.ok(q[i] <= q[j]);
  }
});

test('NaN entries (series not tested) do not count towards m', () => {
  const q = benjaminiHochberg([0.01, Number.NaN, 0.04]);
  assert.ok(Number.isNaN(q[1]));
  assert.ok(Math.abs(q[0] - 0.02) < 1e-12);
  assert.ok(Math.abs(q[2] - 0.04) < 1e-12);
});
