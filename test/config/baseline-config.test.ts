import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TIER_POLICIES } from '../../src/analysis/regression-policy.ts';
import { configSchema } from '../../src/config/schema.ts';
import { validateConfig } from '../../src/config/load.ts';

test('baseline and history have documented defaults', () => {
  const config = configSchema.parse({});
  assert.equal(config.baseline.alpha, 0.05);
  assert.deepEqual(config.baseline.tiers[1], DEFAULT_TIER_POLICIES[1]);
  assert.deepEqual(config.baseline.gate, ['mean', 'p50', 'opsPerSecond']);
  assert.equal(config.history.windowDays, 7);
  assert.deepEqual(config.history.changePoints, { windowLength: 50, maxPValue: 0.001, minMagnitude: 0.05, minSegment: 5, minSegmentSpan: 600_000 });
  assert.deepEqual(config.kpiWindow, { runs: 5, for: 600_000 });
  assert.equal(configSchema.parse({ kpiWindow: { for: '15m' } }).kpiWindow.for, 900_000);
  assert.equal(configSchema.parse({ kpiWindow: { for: 0 } }).kpiWindow.for, 0);
});

test('a partial tier override keeps the tier\'s other fields and the other tiers', () => {
  const config = configSchema.parse({ baseline: { tiers: { 1: { warning: 0.08 } } } });
  assert.deepEqual(config.baseline.tiers[1], { ...DEFAULT_TIER_POLICIES[1], warning: 0.08 });
  assert.deepEqual(config.baseline.tiers[0], DEFAULT_TIER_POLICIES[0]);
  assert.equal(configSchema.parse({ baseline: { tiers: { 3: { critical: 0.5 } } } }).baseline.tiers[3].critical, 0.5);
});

test('bad values are one-line errors naming the key', () => {
  const cases: [unknown, RegExp][] = [
    [{ baseline: { alpha: 1.5 } }, /baseline\.alpha: must be between 0 and 1/],
    [{ baseline: { gate: ['p75'] } }, /baseline\.gate\[0\]: must be one of mean, p50, p99, max, opsPerSecond/],
    [{ baseline: { tiers: { 0: { warning: 0.2, critical: 0.1 } } } }, /baseline\.tiers\["0"\]\.critical: must not be below warning/],
    [{ history: { windowRuns: 3, minRuns: 5 } }, /history\.minRuns: must not exceed history\.windowRuns/],
    [{ history: { changePoints: { windowLength: 2 } } }, /history\.changePoints\.windowLength: must be at least 4/],
    [{ kpiWindow: { for: 'ten minutes' } }, /kpiWindow\.for: /],
    [{ kpiWindow: { for: -1 } }, /kpiWindow\.for: /],
    [{ baseline: { alpah: 0.1 } }, /baseline: unknown key "alpah" \(did you mean "alpha"\?\)/],
  ];
  for (const [input, expected] of cases) {
    assert.throws(() => validateConfig(input), expected, JSON.stringify(input));
  }
});
