/**
 * The noise gate on robust CVs, and what runs that were not judged may and may not say:
 * noise or disturbance blocks a claim of change, never the verdict that nothing changed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareMatrix, pairRuns } from '../../src/analysis/matrix-comparison.ts';
import { defaultRegressionPolicy } from '../../src/analysis/regression-policy.ts';
import { decideSeries, statisticsOfSamples, testSeries, type SeriesSide } from '../../src/analysis/series-comparison.ts';
import { coefficientOfVariation } from '../../src/measure/stats.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { fakeRun } from './run-factory.ts';

const policy = defaultRegressionPolicy();
const tier1 = policy.tiers[1];

function sideOf(samples: number[]): SeriesSide {
  return { samples, statistics: statisticsOfSamples(samples) };
}

/** 200 batches with a CV of 2 %, of which 4 were preempted for 50× their time. */
function preempted(seed: number, level: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: 200 }, (_, i) => random.logNormal(level, 0.02) * (i % 50 === 7 ? 50 : 1));
}

const decide = (baseline: SeriesSide, current: SeriesSide) => {
  const tested = testSeries(baseline, current, tier1, policy);
  return decideSeries(tested, tested.pValue, tier1, policy);
};

test('identical sides are unchanged however noisy, with the noise noted', () => {
  const random = seededRandom(1);
  const samples = Array.from({ length: 300 }, () => random.logNormal(100, 0.4));
  const decision = decide(sideOf(samples), sideOf(samples));
  assert.equal(decision.verdict, 'unchanged');
  assert.match(decision.reason ?? '', /robust CV .* above the tier's limit of 10 %, but no gated statistic moved/);
});

test('preempted batches no longer hide a regression: plain CV far above the limit, robust CV below', () => {
  const baseline = preempted(2, 100);
  const current = preempted(3, 130);
  assert.ok(coefficientOfVariation(baseline) > 1, 'the plain CV is what made this noisy before');
  // p50 is 30 % worse; mean is dominated by the preempted batches but moves the same way.
  const decision = decide(sideOf(baseline), sideOf(current));
  assert.equal(decision.verdict, 'regressed');
  assert.equal(decision.severity, 'critical');
  assert.ok((decision.currentRobustCv ?? 1) < 0.05);
});

test('a noisy side with a gated change beyond the thresholds stays noisy', () => {
  const random = seededRandom(4);
  const baseline = Array.from({ length: 300 }, () => random.logNormal(100, 0.4));
  const decision = decide(sideOf(baseline), sideOf(baseline.map((x) => x * 1.3)));
  assert.equal(decision.verdict, 'noisy');
});

test('a disturbed current run cannot raise a regression; a disturbed self-compare is still unchanged', () => {
  const slow = Array.from({ length: 50 }, (_, i) => 150 + (i % 7));
  const fast = Array.from({ length: 50 }, (_, i) => 100 + (i % 7));
  const baseline = [fakeRun({ minute: 0, value: 100, samples: fast })];
  const disturbed = [fakeRun({ minute: 10, value: 150, samples: slow, state: 'disturbed' })];
  const [blocked] = compareMatrix(pairRuns(baseline, disturbed), policy);
  assert.equal(blocked.verdict, 'incomparable');
  assert.match(blocked.reason ?? '', /current run was not judged \(disturbed: other processes used 1\.2 CPUs\); a regressed verdict/);
  const judged = [fakeRun({ minute: 10, value: 150, samples: slow })];
  assert.equal(compareMatrix(pairRuns(baseline, judged), policy)[0].verdict, 'regressed');
  const [self] = compareMatrix(pairRuns(disturbed, disturbed), policy);
  assert.equal(self.verdict, 'unchanged');
  assert.match(self.reason ?? '', /not judged/);
});

test('repeated passes make one side of their judged runs: medians, pooled samples', () => {
  const fast = Array.from({ length: 50 }, (_, i) => 100 + (i % 7));
  const baseline = [0, 1, 2].map((minute) => fakeRun({ minute, value: 100, samples: fast }));
  const current = [
    fakeRun({ minute: 10, value: 101, samples: fast }),
    fakeRun({ minute: 11, value: 400, samples: fast.map((x) => x * 4), state: 'disturbed' }),
    fakeRun({ minute: 12, value: 99, samples: fast }),
  ];
  const pairs = pairRuns(baseline, current);
  assert.equal(pairs.length, 1);
  assert.equal(pairs[0].current?.samples.length, 100);
  assert.equal(pairs[0].current?.statistics.mean, 100);
  assert.equal(compareMatrix(pairs, policy)[0].verdict, 'unchanged');
});
