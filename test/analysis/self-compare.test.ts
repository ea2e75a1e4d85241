/**
 * Identical input is "unchanged": each real results file from this 2-CPU VM, compared with a
 * baseline saved from itself, gives that verdict for every series. The pre-judgement file
 * is 6 series of a pass whose self-compare said "3 unchanged, 12 noisy" of 15 before robust
 * noise statistics (these 6: 1 unchanged, 5 noisy; plain CVs 7-78 %); the busy-node file
 * has every run disturbed (other processes used 1.3-1.7 CPUs) or oversubscribed.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { compareWithBaseline, fingerprintOf } from '../../src/analysis/baseline-comparison.ts';
import type { SuiteResult } from '../../src/model/result.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { BASELINE_FORMAT, type Baseline } from '../../src/store/baselines.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/results');
const read = (name: string): SuiteResult => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
const baselineOf = (result: SuiteResult): Baseline => ({
  format: BASELINE_FORMAT, name: 'self', createdAt: result.finishedAt, source: 'fixture', fingerprint: fingerprintOf(result), results: result.results,
});

for (const file of ['pre-judgement-pass.json', 'busy-node-pass.json']) {
  test(`self-compare of ${file}: every series unchanged`, () => {
    const result = read(file);
    const config = defaultConfig();
    const comparison = compareWithBaseline(baselineOf(result), result, config.baseline, config.judgement);
    assert.ok(comparison.series.length >= 6);
    assert.deepEqual(comparison.series.filter((series) => series.verdict !== 'unchanged').map((series) => `${series.workload}@${series.threads}: ${series.verdict} ${series.reason}`), []);
    assert.equal(comparison.summary.unchanged, comparison.series.length);
  });
}

test('the fixtures are the hard case: plain CVs far above the tier limits', () => {
  const cvs = read('pre-judgement-pass.json').results.map((run) => run.cv ?? 0);
  assert.ok(cvs.filter((cv) => cv > 0.10).length >= 5, String(cvs));
  const states = read('busy-node-pass.json').results.map((run) => run.judgement?.state);
  assert.ok(states.every((state) => state !== 'judged') && states.includes('oversubscribed'), String(states));
});
