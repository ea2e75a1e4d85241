import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import asyncCreate from '../../src/workloads/scheduler/async-create.ts';
import coroutineCreate from '../../src/workloads/scheduler/coroutine-create.ts';
import fairness from '../../src/workloads/scheduler/fairness.ts';
import { fairnessMetrics, imbalance } from '../../src/workloads/scheduler/fairness-metrics.ts';
import { IntervalSamples } from '../../src/workloads/scheduler/interval-samples.ts';
import { ringPosition } from '../../src/workloads/scheduler/rings.ts';
import thunderingHerd from '../../src/workloads/scheduler/thundering-herd.ts';
import wakeupLatency from '../../src/workloads/scheduler/wakeup-latency.ts';
import { runInProcess } from './fake-context.ts';
import { runInWorkers } from './run-workers.ts';

const moduleUrl = (file: string): URL => new URL(`../../src/workloads/scheduler/${file}`, import.meta.url);
const SHORT = { warmupNs: 20_000_000, durationNs: 300_000_000 };

describe('fairness metrics', () => {
  it('imbalance is (max - min) / max', () => {
    assert.equal(imbalance([100, 100, 100]), 0);
    assert.equal(imbalance([100, 50]), 0.5);
    assert.equal(imbalance([80, 100, 60]), 0.4);
    assert.equal(imbalance([0, 10]), 1);
    assert.equal(imbalance([]), 0);
    assert.equal(imbalance([0, 0]), 0);
  });

  it('Jain\'s index: 1 for equal shares, 1/n for one thread taking everything', () => {
    assert.equal(fairnessMetrics([5, 5, 5, 5]).jain_index, 1);
    assert.equal(fairnessMetrics([12, 0, 0, 0]).jain_index, 0.25);
    // (1 + 3)^2 / (2 x (1 + 9)) = 16 / 20
    assert.equal(fairnessMetrics([1, 3]).jain_index, 0.8);
  });

  it('the workload aggregates per-thread acquisitions', () => {
    const metrics = fairness.aggregate!([{ metrics: { acquisitions: 300 } }, { metrics: { acquisitions: 100 } }], fairness.params, 2);
    assert.equal(metrics.imbalance, 2 / 3);
    assert.equal(metrics.jain_index, 0.8);
    assert.equal(metrics.acquisitions, 400);
  });
});

describe('interval samples', () => {
  it('averages the values of each 100 ms interval', () => {
    const samples = new IntervalSamples();
    samples.add(10, 0);
    samples.add(20, 50e6);
    samples.add(30, 100e6); // a new interval starts at 100 ms
    samples.add(50, 250e6); // and another after a gap
    assert.deepEqual(samples.finish(), [15, 30, 50]);
  });

  it('has no samples without values', () => {
    assert.deepEqual(new IntervalSamples().finish(), []);
  });
});

describe('rings', () => {
  it('pairs threads, with one triple for an odd count', () => {
    assert.deepEqual([0, 1, 2, 3].map((t) => ringPosition(t, 4).next), [1, 0, 3, 2]);
    assert.deepEqual([0, 1, 2, 3, 4].map((t) => ringPosition(t, 5).next), [1, 0, 3, 4, 2]);
    assert.deepEqual(ringPosition(4, 5), { first: 2, size: 3, next: 2 });
  });

  it('gives every thread exactly one predecessor', () => {
    for (let threads = 2; threads <= 17; threads++) {
      const nexts = Array.from({ length: threads }, (_, t) => ringPosition(t, threads).next);
      assert.equal(new Set(nexts).size, threads, `at ${threads} threads`);
      assert.ok(nexts.every((next, t) => next !== t), 'nobody wakes itself');
    }
  });

  it('needs two threads', () => {
    assert.throws(() => ringPosition(0, 1), RangeError);
  });
});

describe('coroutine creation, in-process', () => {
  it('scheduler.coroutine-create times generator creation and first resume', async () => {
    const run = await runInProcess(coroutineCreate);
    assert.ok(run.ops > 0);
    assert.equal(run.output.suspectDeadCode, false);
    assert.equal(run.barrierCalls, 1);
  });

  it('scheduler.async-create times async calls against a bare await', async () => {
    const run = await runInProcess(asyncCreate);
    assert.ok(run.ops > 0 && run.ops % 256 === 0, 'whole batches');
    assert.ok(run.output.samples !== undefined && run.output.samples.length > 0);
    assert.ok((run.output.noopNsPerOp ?? 0) > 0, 'a bare await costs something');
    assert.equal(run.barrierCalls, 1);
  });

  it('scheduler.async-create stops after `iterations` ops', async () => {
    const run = await runInProcess(asyncCreate, { phases: { warmupNs: 1_000_000, durationNs: 60_000_000_000, iterations: 1000 } });
    assert.equal(run.ops, 1000);
  });
});

describe('multi-thread scheduler workloads, real workers', () => {
  it('scheduler.wakeup-latency wakes every thread of a triple about equally often', async () => {
    const { reports } = await runInWorkers(moduleUrl('wakeup-latency.ts'), wakeupLatency, 3, { phases: SHORT });
    const wakeups = reports.map((report) => report.ops);
    const missed = reports.reduce((sum, report) => sum + (report.output.metrics?.missed_sleeps ?? 0), 0);
    assert.ok(wakeups.every((count) => count > 0), `wake-ups per thread: ${wakeups}`);
    // Token passing: each thread is woken once per lap; the threads' own warm-up ends and
    // the stop differ by a lap at most, and a missed sleep is not recorded.
    assert.ok(Math.max(...wakeups) - Math.min(...wakeups) <= 3 + missed, `wake-ups per thread: ${wakeups}, missed ${missed}`);
    for (const report of reports) assert.equal(report.output.metrics?.wakeups, report.ops);
  });

  it('scheduler.fairness gives every thread the lock and computes its metrics', async () => {
    const { reports, metrics } = await runInWorkers(moduleUrl('fairness.ts'), fairness, 2, { phases: SHORT });
    assert.ok(reports.every((report) => report.ops > 0));
    assert.equal(metrics.acquisitions, reports[0].ops + reports[1].ops);
    assert.equal(metrics.imbalance, imbalance(reports.map((report) => report.ops)));
    assert.ok(metrics.jain_index > 0.5 && metrics.jain_index <= 1);
  });

  it('scheduler.thundering-herd records one value per full round, in thread 0 only', async () => {
    const { reports, metrics } = await runInWorkers(moduleUrl('thundering-herd.ts'), thunderingHerd, 3, { phases: SHORT });
    assert.ok(reports[0].ops > 0);
    assert.equal(reports[1].ops + reports[2].ops, 0);
    assert.equal(metrics.rounds, reports[0].ops);
  });
});
