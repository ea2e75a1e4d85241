/**
 * The synthetic runtime regression of bench/inject-step.ts and the step replay of
 * bench/replay-steps.ts, which the docs quote for the cost of the node rule.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { injectStep, parseStep } from '../../bench/inject-step.ts';
import { replaySteps } from '../../bench/replay-steps.ts';
import type { RunResult } from '../../src/model/result.ts';
import { okRun } from '../export/run-fixture.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const WORKLOADS = ['a', 'b', 'c', 'd'].map((name) => `tier1.${name}`);

let template: RunResult;

before(async () => {
  template = await okRun({ threads: 1, recorded: [[100, 10]] });
});

/** A quiet node: every workload once a minute for an hour at 10 ns/op (1 % noise), all judged. */
function quietLog(): RunResult[] {
  const random = seededRandom(11);
  return Array.from({ length: 60 }, (_, pass) => WORKLOADS.map((workload, slot) => {
    const value = 10 * (1 + (random.uniform() - 0.5) * 0.02);
    return {
      ...template, workload, startedAt: new Date(T0 + pass * 60_000 + slot * 1000).toISOString(),
      latencyNs: { ...template.latencyNs, mean: value, p50: value }, opsPerSecond: 1e9 / value,
      samples: Array.from({ length: 20 }, () => value * (1 + (random.uniform() - 0.5) * 0.01)),
      judgement: { state: 'judged' as const, reason: null },
    };
  })).flat();
}

test('parseStep reads WORKLOAD:FRACTION:MINUTE and names the flag on bad input', () => {
  assert.deepEqual(parseStep('tier1.counter-increment:0.1:15'), { workload: 'tier1.counter-increment', fraction: 0.1, fromMinute: 15 });
  assert.throws(() => parseStep('tier1.a:0:15'), /^RangeError: --step: expected WORKLOAD:FRACTION:MINUTE/);
  assert.throws(() => parseStep('tier1.a'), /--step/);
});

test('injectStep slows only the one workload, only from the minute on, in every time it records', () => {
  const runs = quietLog();
  const stepped = injectStep(runs, { workload: 'tier1.a', fraction: 0.1, fromMinute: 15 });
  for (const [i, run] of stepped.entries()) {
    const original = runs[i];
    const after = run.workload === 'tier1.a' && Date.parse(run.startedAt) >= T0 + 15 * 60_000;
    if (!after) {
      assert.equal(run, original);
      continue;
    }
    assert.ok(Math.abs(run.latencyNs.mean / original.latencyNs.mean - 1.1) < 1e-9);
    assert.ok(Math.abs(run.latencyNs.p99 / original.latencyNs.p99 - 1.1) < 1e-9);
    assert.ok(Math.abs(original.opsPerSecond / run.opsPerSecond - 1.1) < 1e-9);
    assert.ok(Math.abs(run.samples[0] / original.samples[0] - 1.1) < 1e-9);
    for (const [k, kpi] of run.kpis.entries()) {
      const was = original.kpis[k].value;
      if (kpi.unit === 'ns' && was !== null) assert.ok(Math.abs((kpi.value as number) / was - 1.1) < 1e-9, kpi.id);
      else assert.equal(kpi.value, was, kpi.id);
    }
  }
  assert.ok(stepped.some((run, i) => run !== runs[i]), 'some runs were stepped');
});

test('on a quiet node every step beyond the tier\'s gate is a runtime regression, and a 1 % one is none', () => {
  const runs = quietLog();
  // From minute 15 and 30: a baseline of judged runs before, and 10 minutes (kpiWindow.for) after.
  const big = replaySteps(runs, 0.2, [15, 30]);
  assert.equal(big.steps, WORKLOADS.length * 2);
  assert.equal(big.regressions, big.steps);
  assert.equal(big.latencies.length, big.steps);
  const small = replaySteps(runs, 0.01, [15, 30]);
  assert.equal(small.regressions, 0);
});
