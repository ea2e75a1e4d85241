/**
 * Seeded soak simulations through the real analysis functions (see soak-simulation.ts):
 * interference episodes alone never produce a regression verdict or a runtime change point
 * once disturbed runs are kept out, and a 10 % slowdown of a tier-1-like series is found
 * within 10 judged runs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeSeries, type SimulatedRun, simulateSeries } from './soak-simulation.ts';

const STEP_AT = 40;

function falseVerdicts(runs: readonly SimulatedRun[]): { regressions: number; runtime: number; environment: number } {
  const { regressions, changePoints } = judgeSeries(runs);
  const runtime = changePoints.filter((point) => point.cause === 'runtime').length;
  return { regressions: regressions.length, runtime, environment: changePoints.length - runtime };
}

test('A/A with interference episodes: no regression verdict and no runtime change point in 1,000 series', () => {
  let regressions = 0;
  let runtime = 0;
  let environment = 0;
  let disturbedRuns = 0;
  for (let seed = 0; seed < 1000; seed++) {
    const runs = simulateSeries(1_000 + seed, { episodes: true });
    disturbedRuns += runs.filter((run) => !run.judged).length;
    const found = falseVerdicts(runs);
    regressions += found.regressions;
    runtime += found.runtime;
    environment += found.environment;
  }
  console.log(`A/A: 1000 series, ${disturbedRuns} disturbed runs; ${regressions} regression verdicts, ${runtime} runtime and ${environment} environment change points`);
  // The episodes must be there for the test to mean anything: ~12 % of the runs.
  assert.ok(disturbedRuns > 5_000, `disturbed runs ${disturbedRuns}`);
  assert.equal(regressions, 0);
  assert.equal(runtime, 0);
});

test('control: the same episodes counted as judged runs do raise false verdicts', () => {
  let series = 0;
  for (let seed = 0; seed < 100; seed++) {
    const runs = simulateSeries(1_000 + seed, { episodes: true }).map((run) => ({
      ...run, judged: true, history: { ...run.history, judgement: { state: 'judged' as const, reason: null } },
    }));
    const found = falseVerdicts(runs);
    if (found.regressions + found.runtime + found.environment > 0) series++;
  }
  console.log(`control: ${series} of 100 A/A series got a false verdict when disturbed runs were counted`);
  assert.ok(series >= 20, `only ${series} series`);
});

test('A/B: a 10 % slowdown of a tier-1-like series is detected within 10 judged runs in at least 95 % of 400 series', () => {
  const trials = 400;
  let detected = 0;
  let byRegression = 0;
  let byChangePoint = 0;
  for (let seed = 0; seed < trials; seed++) {
    const runs = simulateSeries(50_000 + seed, { episodes: true, stepAt: STEP_AT, slowdown: 0.10 });
    // What the daemon has seen by the 10th judged run after the change.
    let judgedAfter = 0;
    let end = runs.length;
    for (let i = STEP_AT; i < runs.length; i++) {
      if (runs[i].judged) judgedAfter++;
      if (judgedAfter === 10) {
        end = i + 1;
        break;
      }
    }
    const { regressions, changePoints } = judgeSeries(runs.slice(0, end));
    // Three runs of slack before the step: E-Divisive may place it a run early in noise.
    const earliest = runs[STEP_AT - 3].at;
    const regression = regressions.some((index) => index >= STEP_AT);
    const changePoint = changePoints.some((point) => point.cause === 'runtime' && point.at >= earliest);
    if (regression) byRegression++;
    if (changePoint) byChangePoint++;
    if (regression || changePoint) detected++;
  }
  console.log(`A/B 10 %: detected in ${detected} of ${trials} series within 10 judged runs `
    + `(regression verdict ${byRegression}, runtime change point ${byChangePoint})`);
  assert.ok(detected >= 0.95 * trials, `detected ${detected} of ${trials}`);
});
