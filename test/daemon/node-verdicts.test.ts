/**
 * The daemon's verdicts on several series of one node: a change point's and a regression's
 * cause are decided with the node's other series (analysis/node-shift.ts), and each change
 * point is reported once.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { defaultConfig } from '../../src/config/defaults.ts';
import { RegressionTracker } from '../../src/daemon/regression-tracker.ts';
import { RunHistory } from '../../src/daemon/run-history.ts';
import type { RegressionMetrics } from '../../src/export/prometheus/regression-metrics.ts';
import type { ChangePointView } from '../../src/model/report-views.ts';
import type { RunResult } from '../../src/model/result.ts';
import { okRun } from '../export/run-fixture.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const PASSES = 80;
const STEP_AT = 40;
const WORKLOADS = ['a', 'b', 'c', 'd', 'e'].map((name) => `tier1.${name}`);
/** A pass every 5 minutes: 5 judged runs of a series span 20 minutes, past kpiWindow.for and minSegmentSpan (10m). */
const PASS_MS = 5 * 60_000;

let template: RunResult;

before(async () => {
  template = await okRun({ threads: 1, recorded: [[100, 10]] });
});

/** One run of `workload` in pass `pass` at about `mean` ns/op (1 % noise), judged and quiet. */
function run(workload: string, pass: number, slot: number, mean: number, random: () => number): RunResult {
  const value = mean * (1 + (random() - 0.5) * 0.02);
  return {
    ...template, workload, startedAt: new Date(T0 + pass * PASS_MS + slot * 1000).toISOString(),
    latencyNs: { ...template.latencyNs, mean: value }, samples: Array.from({ length: 20 }, () => value * (1 + (random() - 0.5) * 0.01)),
    judgement: { state: 'judged', reason: null },
  };
}

/** Every run of PASSES passes, in order; `stepped` workloads get `step` slower from pass STEP_AT on. */
function passes(stepped: readonly string[], step: number): RunResult[] {
  const random = seededRandom(7);
  return Array.from({ length: PASSES }, (_, pass) => WORKLOADS.map((workload, slot) => {
    const slower = pass >= STEP_AT && stepped.includes(workload) ? 1 + step : 1;
    return run(workload, pass, slot, 10 * slower, random.uniform);
  })).flat();
}

/** Feeds the passes to the history; returns every change point reported, by workload. */
function feed(history: RunHistory, stepped: readonly string[], step: number): Map<string, ChangePointView[]> {
  const reported = new Map<string, ChangePointView[]>(WORKLOADS.map((workload) => [workload, []]));
  for (const each of passes(stepped, step)) reported.get(each.workload)!.push(...history.add(each));
  return reported;
}

/** Feeds the passes to a regression tracker; returns the regression verdicts counted, as `workload cause`. */
function regressions(stepped: readonly string[], step: number, runs = passes(stepped, step)): string[] {
  const counted: string[] = [];
  const metrics = {
    observeComparison() {},
    observeChangePoints() {},
    observeRegression(workload: string, _threads: number, cause: string) {
      counted.push(`${workload} ${cause}`);
    },
  } as unknown as RegressionMetrics;
  const tracker = new RegressionTracker(config, new RunHistory(options(SINCE_START)), metrics);
  for (const each of runs) tracker.observe(each);
  return counted;
}

const config = { ...defaultConfig(), judgement: { ...defaultConfig().judgement } };
const options = (since?: string) => ({ changePoints: config.history.changePoints, judgement: config.judgement, kpiWindow: { runs: 5 }, ...(since === undefined ? {} : { since }) });
const SINCE_START = new Date(T0 - 1000).toISOString();

describe('run history change points', () => {
  it('gives a step every series of the node took together the cause environment', () => {
    const reported = feed(new RunHistory(options(SINCE_START)), WORKLOADS, 0.3);
    for (const workload of WORKLOADS) {
      const points = reported.get(workload)!;
      assert.equal(points.length, 1, `${workload}: ${JSON.stringify(points)}`);
      assert.equal(points[0].cause, 'environment', `${workload}: ${points[0].causeReason}`);
      assert.match(points[0].causeReason ?? '', /the node's 4 other series moved \+(29|30)(\.\d)? %/);
    }
  });

  it('leaves a step of one series alone the cause runtime', () => {
    const reported = feed(new RunHistory(options(SINCE_START)), ['tier1.a'], 0.3);
    const points = reported.get('tier1.a')!;
    assert.equal(points.length, 1, JSON.stringify(points));
    assert.equal(points[0].cause, 'runtime');
    for (const workload of WORKLOADS.slice(1)) assert.deepEqual(reported.get(workload), [], workload);
  });

  it('does not explain a shared step by the node across a restart, nor without the daemon\'s start time', () => {
    const afterTheStep = new Date(T0 + STEP_AT * PASS_MS + 1000).toISOString();
    for (const history of [new RunHistory(options(afterTheStep)), new RunHistory(options())]) {
      const points = feed(history, WORKLOADS, 0.3).get('tier1.b')!;
      assert.equal(points.length, 1, JSON.stringify(points));
      assert.equal(points[0].cause, 'runtime');
    }
  });

  it('reports each change point once, however often it is found again', () => {
    const history = new RunHistory(options(SINCE_START));
    const reported = feed(history, ['tier1.a'], 0.3);
    const known = history.changePoints().find((series) => series.workload === 'tier1.a')!.points;
    assert.deepEqual(reported.get('tier1.a')!.map((point) => point.at), known.map((point) => point.at));
    assert.deepEqual(history.detectAll().get('tier1.a@1'), []);
  });
});

describe('regression verdicts', () => {
  it('count a slowdown every series of the node shares as environment', () => {
    const counted = regressions(WORKLOADS, 0.3);
    assert.deepEqual(new Set(counted), new Set(WORKLOADS.map((workload) => `${workload} environment`)));
  });

  it('count a slowdown of one series alone as runtime', () => {
    assert.deepEqual(regressions(['tier1.a'], 0.3), ['tier1.a runtime']);
  });

  it('count a slowdown that began in a slow stretch of the node once as environment, then as runtime when the node is back', () => {
    // Every series 30 % slower for 8 passes from STEP_AT; tier1.a stays slower after them.
    const random = seededRandom(7);
    const runs = Array.from({ length: PASSES }, (_, pass) => WORKLOADS.map((workload, slot) => {
      const nodeSlow = pass >= STEP_AT && pass < STEP_AT + 8;
      const slower = nodeSlow || (workload === 'tier1.a' && pass >= STEP_AT) ? 1.3 : 1;
      return run(workload, pass, slot, 10 * slower, random.uniform);
    })).flat();
    const counted = regressions([], 0, runs);
    assert.deepEqual(counted.filter((entry) => entry.startsWith('tier1.a ')), ['tier1.a environment', 'tier1.a runtime']);
    assert.deepEqual(counted.filter((entry) => !entry.startsWith('tier1.a ')).filter((entry) => entry.endsWith('runtime')), []);
  });
});
