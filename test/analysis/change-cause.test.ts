import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeCause } from '../../src/analysis/change-cause.ts';
import { changePointsOver, seriesChangePoints } from '../../src/analysis/history-trends.ts';
import { DEFAULT_CHANGE_POINT_OPTIONS } from '../../src/analysis/change-point-options.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { fakeRun, interference } from './run-factory.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

const thresholds = defaultConfig().judgement; // maxOtherCpus 0.5
const spans = (before: number[], after: number[]) => [before.map((cpus) => ({ interference: interference(cpus) })), after.map((cpus) => ({ interference: interference(cpus) }))] as const;

test('the node got busier by more than half a threshold: environment, naming the reading', () => {
  const verdict = changeCause(...spans([0.05, 0.04, 0.06], [0.35, 0.4, 0.3]), thresholds);
  assert.equal(verdict.cause, 'environment');
  assert.match(verdict.reason, /other processes' CPUs 0\.05 -> 0\.35 \(threshold 0\.5\)/);
});

test('crossing the threshold is environment however small the step; the same level is runtime', () => {
  assert.equal(changeCause(...spans([0.45, 0.45], [0.55, 0.6]), thresholds).cause, 'environment');
  const same = changeCause(...spans([0.05, 0.1], [0.1, 0.15]), thresholds);
  assert.equal(same.cause, 'runtime');
  assert.equal(same.reason, 'interference did not differ beyond the thresholds');
});

test('no readings on a side (results from before interference) is runtime, and says so', () => {
  const verdict = changeCause([{}], [{ interference: interference(1.5) }], thresholds);
  assert.deepEqual(verdict, { cause: 'runtime', reason: 'no interference readings on both sides' });
});

test('a reading whose threshold is null is not compared', () => {
  const withSwitches = (perSecond: number) => ({ interference: { ...interference(0.05), involuntarySwitchesPerSecond: perSecond } });
  assert.equal(changeCause([withSwitches(10)], [withSwitches(5000)], thresholds).cause, 'runtime');
  assert.equal(changeCause([withSwitches(10)], [withSwitches(5000)], { ...thresholds, maxInvoluntarySwitchesPerSecond: 1000 }).cause, 'environment');
});

test('change points are searched on judged runs only: a disturbed episode makes none', () => {
  const random = seededRandom(21);
  const runs = Array.from({ length: 60 }, (_, minute) => {
    const episode = minute >= 20 && minute < 32;
    return fakeRun({ minute, value: 100 * (1 + 0.01 * random.normal()) * (episode ? 1.3 : 1), state: episode ? 'disturbed' : 'judged' });
  });
  assert.deepEqual(seriesChangePoints(runs, DEFAULT_CHANGE_POINT_OPTIONS, thresholds)[0].points, []);
  // Counted as judged, the same episode is two change points: what the A/A soak saw.
  const counted = runs.map((run) => ({ ...run, judgement: { state: 'judged' as const, reason: null } }));
  assert.equal(seriesChangePoints(counted, DEFAULT_CHANGE_POINT_OPTIONS, thresholds)[0].points.length, 2);
});

test('a step among judged runs is labelled by the judged runs around it', () => {
  const random = seededRandom(22);
  const point = (minute: number, value: number, otherCpus: number) => ({
    at: new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString(), value: value * (1 + 0.01 * random.normal()), judged: true, interference: interference(otherCpus),
  });
  const runtimeStep = Array.from({ length: 40 }, (_, i) => point(i, i < 20 ? 100 : 115, 0.05));
  const [runtime] = changePointsOver(runtimeStep, DEFAULT_CHANGE_POINT_OPTIONS, thresholds);
  assert.equal(runtime.cause, 'runtime');
  const busierStep = Array.from({ length: 40 }, (_, i) => point(i, i < 20 ? 100 : 115, i < 20 ? 0.05 : 0.4));
  const [environment] = changePointsOver(busierStep, DEFAULT_CHANGE_POINT_OPTIONS, thresholds);
  assert.equal(environment.cause, 'environment');
  // Without thresholds there is no label.
  assert.equal(changePointsOver(busierStep, DEFAULT_CHANGE_POINT_OPTIONS)[0].cause, undefined);
});

test('a change point must hold for history.changePoints.minSegmentSpan: a slow stretch of 8 runs in a minute is none, a step that stays is one', () => {
  // A continuous suite: a run every 7 s, 10 ns/op with 1 % noise.
  const random = seededRandom(5);
  const series = (slowFrom: number, slowTo: number) => Array.from({ length: 300 }, (_, i) => ({
    at: new Date(Date.parse('2026-06-01T00:00:00Z') + i * 7000).toISOString(),
    value: (i >= slowFrom && i < slowTo ? 13 : 10) * (1 + (random.uniform() - 0.5) * 0.02),
  }));
  const stretch = series(150, 158);
  assert.equal(changePointsOver(stretch, { ...DEFAULT_CHANGE_POINT_OPTIONS, minSegmentSpan: 0 }).length, 2, 'points alone: up and down');
  assert.deepEqual(changePointsOver(stretch, DEFAULT_CHANGE_POINT_OPTIONS), []);
  const step = changePointsOver(series(150, 300), DEFAULT_CHANGE_POINT_OPTIONS);
  assert.equal(step.length, 1);
  assert.equal(step[0].at, new Date(Date.parse('2026-06-01T00:00:00Z') + 150 * 7000).toISOString());
});
