import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type HistoryRun, rollingComparison, rollingSide, thinSamples, windowRuns } from '../../src/analysis/rolling-baseline.ts';

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

test('the rolling side: one sample per run (its mean), median statistics, median CV', () => {
  const side = rollingSide([run(3, 10), run(2, 30), run(1, 20)], { windowDays: 7, windowRuns: 64, minRuns: 3 });
  assert.ok(!('missing' in side));
  assert.deepEqual(side.samples, [10, 30, 20]);
  assert.deepEqual(side.statistics, { mean: 20, p99: 40 });
  assert.ok(Math.abs((side.cv ?? 0) - 0.2) < 1e-12);
});

test('too few runs in the window say how many are needed', () => {
  const side = rollingSide([run(1, 10)], { windowDays: 7, windowRuns: 64, minRuns: 5 });
  assert.deepEqual(side, { missing: '1 judged run in the rolling window, 5 needed' });
});

test('thinning picks evenly spaced samples and keeps short lists whole', () => {
  const samples = Array.from({ length: 1000 }, (_, i) => i);
  const thinned = thinSamples(samples, 100);
  assert.equal(thinned.length, 100);
  assert.deepEqual(thinned.slice(0, 3), [0, 10, 20]);
  assert.deepEqual(thinSamples([3, 1, 2], 100), [3, 1, 2]);
});

test('only judged runs enter the window; a history run without a judgement counts as judged', () => {
  const disturbed = { ...run(3, 99), judgement: { state: 'disturbed' as const, reason: 'other processes used 1.2 CPUs' } };
  const history = [run(4, 1), disturbed, run(2, 2), { ...run(1, 3), judgement: { state: 'judged' as const, reason: null } }];
  assert.deepEqual(windowRuns(history, { windowDays: 7, windowRuns: 64, minRuns: 1 }, NOW).map((r) => r.statistics.mean), [1, 2, 3]);
});

test('the rolling comparison: the last N judged runs against the judged window before them', () => {
  const history = [10, 11, 12, 13, 14, 15, 16, 17].map((mean, i) => run(8 - i, mean));
  const sides = rollingComparison(history, { windowDays: 30, windowRuns: 64, minRuns: 3 }, { runs: 3 }, NOW);
  assert.ok(!('missing' in sides));
  assert.equal(sides.current.statistics.mean, 16);
  assert.equal(sides.baseline.statistics.mean, 12);
  assert.deepEqual(sides.current.samples, [15, 16, 17]);
  // A current window shorter than a baseline's minimum pools its runs' batch samples.
  const short = rollingComparison(history, { windowDays: 30, windowRuns: 64, minRuns: 3 }, { runs: 2 }, NOW);
  assert.ok(!('missing' in short));
  assert.deepEqual(short.current.samples, [16, 17, 17, 18]);
  assert.deepEqual(rollingComparison(history.slice(0, 2), { windowDays: 30, windowRuns: 64, minRuns: 3 }, { runs: 3 }, NOW), { missing: '2 judged runs of the 3 the current window needs' });
  assert.deepEqual(rollingComparison(history.slice(0, 5), { windowDays: 30, windowRuns: 64, minRuns: 3 }, { runs: 3 }, NOW), { missing: '2 judged runs in the rolling window, 3 needed' });
});

test('with kpiWindow.for the current window takes earlier runs until it spans that long: a 35-second slow stretch cannot carry it', () => {
  // A continuous suite: a run every 7 s for 30 minutes at 10 ns/op, the last 5 of them 30 % slower.
  const second = 1000;
  const history: HistoryRun[] = Array.from({ length: 257 }, (_, i) => {
    const mean = i >= 252 ? 13 : 10;
    return { at: new Date(NOW - (256 - i) * 7 * second).toISOString(), statistics: { mean }, cv: 0.01, samples: [mean] };
  });
  const window = { windowDays: 30, windowRuns: 500, minRuns: 5 };
  const runsAlone = rollingComparison(history, window, { runs: 5 }, NOW);
  assert.ok(!('missing' in runsAlone));
  assert.equal(runsAlone.currentRuns.length, 5);
  assert.equal(runsAlone.current.statistics.mean, 13);
  const spanned = rollingComparison(history, window, { runs: 5, for: 600 * second }, NOW);
  assert.ok(!('missing' in spanned));
  // 600 s at 7 s a run: the window reaches back 86 runs further than the last.
  assert.equal(spanned.currentRuns.length, 87);
  assert.equal(spanned.current.statistics.mean, 10);
  assert.equal(spanned.baselineRuns.length, 257 - 87);
  // Fewer runs than the span needs leave the baseline too few: no verdict yet, and it says why.
  assert.deepEqual(rollingComparison(history.slice(-60), window, { runs: 5, for: 600 * second }, NOW), { missing: '1 judged run in the rolling window, 5 needed' });
});
