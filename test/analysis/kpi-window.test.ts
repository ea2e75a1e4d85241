import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kpiVerdictsOverPasses, kpiWindowVerdicts } from '../../src/analysis/kpi-window.ts';
import { fakeRun } from './run-factory.ts';

const WINDOW = { runs: 5 };
const series = (values: readonly (number | [number, 'disturbed' | 'oversubscribed' | 'failed'])[]) => values.map((entry, minute) => (
  typeof entry === 'number' ? fakeRun({ minute, value: entry }) : fakeRun({ minute, value: entry[0], state: entry[1] })));

test('breached is the median of the last 5 judged runs beyond the target, not one run', () => {
  // Target ≤ 120: one slow run in five is not a breach; three are.
  const [oneSlow] = kpiWindowVerdicts(series([100, 100, 200, 100, 100]), WINDOW);
  assert.equal(oneSlow.state, 'pass');
  assert.equal(oneSlow.value, 100);
  assert.equal(oneSlow.latest, 100);
  const [threeSlow] = kpiWindowVerdicts(series([100, 200, 200, 100, 200]), WINDOW);
  assert.equal(threeSlow.state, 'breached');
  assert.equal(threeSlow.value, 200);
});

test('pending until the window holds N judged runs; a pending KPI is not breached', () => {
  const [verdict] = kpiWindowVerdicts(series([200, 200, 200, 200]), WINDOW);
  assert.equal(verdict.state, 'pending');
  assert.equal(verdict.judgedRuns, 4);
  assert.match(verdict.reason ?? '', /4 of 5 judged runs/);
});

test('disturbed, oversubscribed and failed runs stay out of the window; their values are still the latest shown', () => {
  const runs = series([100, 100, 100, 100, 100, [400, 'disturbed'], [400, 'disturbed'], [400, 'oversubscribed'], [0, 'failed']]);
  const [verdict] = kpiWindowVerdicts(runs, WINDOW);
  assert.equal(verdict.state, 'pass');
  assert.equal(verdict.value, 100);
  assert.equal(verdict.judgedRuns, 5);
  assert.equal(verdict.latest, null); // the failed run has no value
  const [disturbedLast] = kpiWindowVerdicts(runs.slice(0, 7), WINDOW);
  assert.equal(disturbedLast.latest, 400);
  assert.equal(disturbedLast.state, 'pass');
});

test('flapping stops: alternating slow and fast runs around the target flip a per-run verdict every run, the window rarely', () => {
  const values = Array.from({ length: 40 }, (_, i) => (i % 3 === 0 ? 130 : 110));
  let perRunFlips = 0;
  let windowFlips = 0;
  let previousRun: boolean | undefined;
  let previousWindow: string | undefined;
  for (let end = 1; end <= values.length; end++) {
    const runs = series(values.slice(0, end));
    const pass = values[end - 1] <= 120;
    if (previousRun !== undefined && pass !== previousRun) perRunFlips++;
    previousRun = pass;
    const [verdict] = kpiWindowVerdicts(runs, WINDOW);
    if (previousWindow !== undefined && verdict.state !== previousWindow && previousWindow !== 'pending') windowFlips++;
    previousWindow = verdict.state;
  }
  assert.ok(perRunFlips >= 20, `per-run flips ${perRunFlips}`);
  assert.equal(windowFlips, 0);
});

/** The window state after each run of `values` from the first full window on (target ≤ 120). */
function statesAfterEachRun(values: readonly number[]): string[] {
  const states: string[] = [];
  for (let end = WINDOW.runs; end <= values.length; end++) states.push(kpiWindowVerdicts(series(values.slice(0, end)), WINDOW)[0].state);
  return states;
}

const changes = (states: readonly string[]) => states.filter((state, i) => i > 0 && state !== states[i - 1]).length;

test('a KPI whose runs straddle the target keeps its state: it changes only when the whole window is on the other side', () => {
  // Clusters of slow runs (130) among fast ones (110), 45 % slow: a median of five crosses often.
  const pattern = [110, 110, 130, 130, 130, 110, 110, 130, 110, 130, 130, 110, 110, 110, 130, 130, 130, 130, 110, 110];
  const values = [...pattern, ...pattern, ...pattern];
  const medianSides = values.slice(WINDOW.runs - 1).map((_, i) => {
    const window = values.slice(i, i + WINDOW.runs).sort((a, b) => a - b);
    return window[2] <= 120 ? 'pass' : 'breached';
  });
  assert.ok(changes(medianSides) >= 10, `the median alone changes ${changes(medianSides)} times`);
  const states = statesAfterEachRun(values);
  assert.equal(states[0], medianSides[0], 'the first window takes its median\'s side');
  assert.equal(states[0], 'breached');
  assert.equal(changes(states), 0);
});

test('a real step turns the state after one whole window of judged runs, and back', () => {
  const values = [...new Array(10).fill(100), ...new Array(8).fill(200), ...new Array(8).fill(100)];
  const states = statesAfterEachRun(values);
  // states[i] is after run i + 5: runs 11-15 are the first five at 200, 19-23 the first five back at 100.
  assert.equal(states.indexOf('breached'), 15 - WINDOW.runs);
  assert.equal(states.lastIndexOf('breached'), 23 - 1 - WINDOW.runs);
  assert.equal(changes(states), 2);
});

test('with kpiWindow.for the other side must also hold that long: a slow stretch shorter than it leaves the state alone', () => {
  // One run a minute, as a continuous suite's series runs on a busy node; for = 10 minutes.
  const held = { runs: 5, for: 10 * 60_000 };
  const statesFor = (values: readonly number[]) => values.slice(held.runs - 1)
    .map((_, i) => kpiWindowVerdicts(series(values.slice(0, i + held.runs)), held)[0].state);
  // 8 slow runs in a row (7 minutes): all 5 of the window beyond, but not for 10 minutes.
  const stretch = statesFor([...new Array(10).fill(100), ...new Array(8).fill(200), ...new Array(10).fill(100)]);
  assert.equal(changes(stretch), 0);
  // A step that stays: it turns at the run 10 minutes after its first slow run (the 11th at 200), not before.
  // As in statesAfterEachRun, states[i] is after the (i + runs)th run.
  const step = statesFor([...new Array(10).fill(100), ...new Array(15).fill(200)]);
  assert.equal(step.indexOf('breached'), 21 - held.runs);
  assert.equal(changes(step), 1);
  // Without `for` the same step turns after 5 runs.
  assert.equal(statesAfterEachRun([...new Array(10).fill(100), ...new Array(15).fill(200)]).indexOf('breached'), 15 - WINDOW.runs);
});

test('a held state says why it differs from the window\'s median', () => {
  const [held] = kpiWindowVerdicts(series([100, 100, 100, 100, 100, 200, 200, 200]), WINDOW);
  assert.equal(held.value, 200);
  assert.equal(held.state, 'pass');
  assert.equal(held.reason, 'held pass: 3 of the last 5 judged runs are beyond target; the state changes when all 5 are beyond it');
  const [heldFor] = kpiWindowVerdicts(series([100, 100, 100, 100, 100, 200, 200, 200, 200, 200]), { runs: 5, for: 600_000 });
  assert.equal(heldFor.reason, 'held pass: 5 of the last 5 judged runs are beyond target; the state changes when all 5 are beyond it for 10 min');
  const [plain] = kpiWindowVerdicts(series([100, 100, 100, 100, 100, 200]), WINDOW);
  assert.equal(plain.reason, undefined);
});

test('the window is per KPI id and takes target and severity from the latest run', () => {
  const runs = [
    ...series([100, 100, 100, 100, 100]),
    ...[0, 1, 2, 3, 4].map((minute) => fakeRun({ minute, threads: 2, value: 150 })),
    fakeRun({ minute: 9, threads: 2, value: 150, kpi: { target: 200 } }),
  ];
  const verdicts = kpiWindowVerdicts(runs, WINDOW);
  assert.deepEqual(verdicts.map((verdict) => [verdict.id, verdict.state, verdict.target]), [
    ['tier1.fake-op.ns_per_op@1', 'pass', 120],
    ['tier1.fake-op.ns_per_op@2', 'pass', 200],
  ]);
});

test('over the passes of once --repeat: the window is every pass, a majority must be judged', () => {
  const [three] = kpiVerdictsOverPasses(series([130, 130, [90, 'disturbed']]));
  assert.equal(three.state, 'breached');
  assert.equal(three.needed, 2);
  const [mostlyDisturbed] = kpiVerdictsOverPasses(series([130, [90, 'disturbed'], [90, 'disturbed']]));
  assert.equal(mostlyDisturbed.state, 'pending');
  const [single] = kpiVerdictsOverPasses(series([130]));
  assert.equal(single.state, 'breached');
  assert.throws(() => kpiWindowVerdicts([], { runs: 0 }), /window runs/);
});
