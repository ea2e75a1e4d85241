import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import awaitOverhead from '../../src/workloads/async/await-overhead.ts';
import concurrentTasks from '../../src/workloads/async/concurrent-tasks.ts';
import { hopChain } from '../../src/workloads/async/hop-chain.ts';
import immediateThroughput from '../../src/workloads/async/immediate-throughput.ts';
import { measureRounds } from '../../src/workloads/async/measure-rounds.ts';
import microtaskThroughput from '../../src/workloads/async/microtask-throughput.ts';
import taskSpawn from '../../src/workloads/async/task-spawn.ts';
import { calibrateClock } from '../../src/measure/clock.ts';
import { initHdr } from '../../src/measure/hdr.ts';
import { createLocalContext } from '../../src/workloads/local-context.ts';
import type { Workload } from '../../src/workloads/api.ts';
import { runInProcess } from './fake-context.ts';

const SHORT = { warmupNs: 10_000_000, durationNs: 100_000_000 };

describe('hopChain', () => {
  it('runs exactly `hops` callbacks, each scheduled by the one before', async () => {
    let scheduled = 0;
    let pending = 0;
    let mostPending = 0;
    const schedule = (callback: () => void): void => {
      scheduled++;
      mostPending = Math.max(mostPending, ++pending);
      queueMicrotask(() => {
        pending--;
        callback();
      });
    };
    const ns = await hopChain(schedule, 50);
    assert.equal(scheduled, 50);
    assert.equal(mostPending, 1, 'never more than one hop queued');
    assert.ok(ns > 0);
  });
});

describe('measureRounds', () => {
  it('records each round as opsPerRound ops of the time the round reports', async () => {
    await initHdr();
    const ctx = createLocalContext({ phases: { warmupNs: 0, durationNs: 1e9, iterations: 30 }, timerCostNs: calibrateClock().timerCostNs });
    try {
      let rounds = 0;
      const outcome = await measureRounds(ctx, async () => {
        rounds++;
        return 1000;
      }, 10);
      assert.equal(ctx.recorder.ops, 30, 'three rounds of ten after the barrier');
      assert.equal(ctx.recorder.sumNs, 3000);
      assert.equal(outcome.nsPerOp, 100);
      assert.equal(outcome.rounds, 3);
      assert.equal(rounds, 4, 'one warm-up round (warm-up always runs one)');
      assert.equal(ctx.barrierCalls, 1);
      // The first round's end is past the canary's start: one reference-loop timing at least.
      assert.ok((ctx.cpuCanary?.samples ?? 0) >= 1, 'the CPU canary was timed between rounds');
      await assert.rejects(measureRounds(ctx, async () => 1, 0), RangeError);
    } finally {
      ctx.recorder.destroy();
    }
  });
});

describe('async workloads, in-process', () => {
  for (const workload of [awaitOverhead, taskSpawn, microtaskThroughput, immediateThroughput, concurrentTasks] as Workload[]) {
    it(`${workload.name} records whole rounds`, async () => {
      const run = await runInProcess(workload, { phases: SHORT });
      const batch = run.output.batchSize ?? 0;
      assert.ok(batch >= 1 && run.ops > 0 && run.ops % batch === 0, `ops ${run.ops}, batch ${batch}`);
      assert.ok((run.output.samples?.length ?? 0) > 0);
      assert.equal(run.barrierCalls, 1);
    });
  }

  it('async.await-overhead reports the await, the sync call and their difference', async () => {
    const { metrics } = await runInProcess(awaitOverhead, { phases: SHORT });
    assert.ok(metrics.await_ns_per_op > 0 && metrics.sync_ns_per_op > 0);
    assert.equal(metrics.async_overhead_ns, metrics.await_ns_per_op - metrics.sync_ns_per_op);
  });

  it('async.concurrent-tasks counts tasks x steps per round', async () => {
    const run = await runInProcess(concurrentTasks, { phases: SHORT, params: { tasks: 10, steps: 3 } });
    assert.equal(run.output.batchSize, 30);
  });

  it('async.task-spawn rejects a bad task count by name', async () => {
    await assert.rejects(runInProcess(taskSpawn, { params: { tasksPerRound: 0 } }), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /async\.task-spawn: params\.tasksPerRound/);
      return true;
    });
  });
});
