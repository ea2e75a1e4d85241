import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type HistoryRun, rollingSide, thinSamples, windowRuns } from '../../src/analysis/rolling-baseline.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T00:00:00Z');
const run = (daysAgo: number, mean: number): HistoryRun => ({
  at: new Date(NOW - daysAgo * DAY).toISOString(), statistics: { mean, p99: mean * 2 }, cv: 0.01 * mean, samples: [mean, mean + 1],
});

test('the window holds the runs of the last windowDays, at most the last windowRuns', () => {
  const history = [run(10, 1), run(6, 2), run(5, 3), run(2, 4), run(1, 5)];
  assert.deepEqual(windowRuns(history, { windowDays: 7, windowRuns: 64, minRuns: 1 }, NOW).map((r) => r.statistics.mean), [2, 3, 4, 5]);
  assert.deepEqual(windowRuns(history, { windowDays: 7, windowRuns: 2, minRuns: 1 }, NOW).map((r) => r.statistics.mean), [4, 5]);
});

test('the rolling side: pooled samples, median statistics, median CV', () => {
  const side = rollingSide([run(3, 10), run(2, 30), run(1, 20)], { windowDays: 7, windowRuns: 64, minRuns: 3 });
  assert.ok(!('missing' in side));
  assert.deepEqual(side.samples, [10, 11, 30, 31, 20, 21]);
  assert.deepEqual(side.statistics, { mean: 20, p99: 40 });
  assert.ok(Math.abs((side.cv ?? 0) - 0.2) < 1e-12);
});

test('too few runs in the window say how many are needed', () => {
  const side = rollingSide([run(1, 10)], { windowDays: 7, windowRuns: 64, minRuns: 5 });
  assert.deepEqual(side, { missing: '1 run in the rolling window, 5 needed' });
});

test('thinning picks evenly spaced samples and keeps short lists whole', () => {
  const samples = Array.from({ length: 1000 }, (_, i) => i);
  const thinned = thinSamples(samples, 100);
  assert.equal(thinned.length, 100);
  assert.deepEqual(thinned.slice(0, 3), [0, 10, 20]);
  assert.deepEqual(thinSamples([3, 1, 2], 100), [3, 1, 2]);
});
