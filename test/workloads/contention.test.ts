import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import atomicAdd from '../../src/workloads/contention/atomic-add.ts';
import casLoop from '../../src/workloads/contention/cas-loop.ts';
import futexMutex from '../../src/workloads/contention/futex-mutex.ts';
import { CONTENTION_KPIS } from '../../src/workloads/contention/kpis.ts';
import { lostUpdates } from '../../src/workloads/contention/lost-updates.ts';
import { PATTERN_LENGTH, shuffledPattern } from '../../src/workloads/contention/op-pattern.ts';
import paddedCounter from '../../src/workloads/contention/padded-counter.ts';
import rwlock from '../../src/workloads/contention/rwlock.ts';
import type { Workload } from '../../src/workloads/api.ts';
import { runInProcess } from './fake-context.ts';

describe('contention workloads, one thread in-process', () => {
  for (const workload of [atomicAdd, paddedCounter, casLoop, futexMutex, rwlock] as Workload[]) {
    it(`${workload.name} measures batches that are not dead code`, async () => {
      const run = await runInProcess(workload);
      assert.ok(run.ops > 0, 'recorded operations');
      assert.ok(run.output.samples !== undefined && run.output.samples.length > 0, 'has samples');
      assert.ok((run.output.batchSize ?? 0) >= 1);
      assert.equal(run.output.suspectDeadCode, false, 'an atomic op costs more than the no-op');
      assert.equal(workload.kpis, CONTENTION_KPIS);
    });
  }

  it('cas-loop never retries without a competitor', async () => {
    const run = await runInProcess(casLoop);
    assert.equal(run.metrics.cas_retries, 0);
    assert.equal(run.metrics.retries_per_op, 0);
    // Reset at the barrier, so the count is the measured ops, which the recorder counted too.
    assert.equal(run.metrics.cas_ops, run.ops);
  });

  it('futex-mutex checks mutual exclusion after one extra barrier', async () => {
    const run = await runInProcess(futexMutex);
    assert.equal(run.metrics.mutual_exclusion_violations, 0);
    assert.equal(run.barrierCalls, 2, 'measureBatched\'s barrier and the final one');
  });

  it('rwlock counts no torn reads and rejects a bad writeRatio by name', async () => {
    const run = await runInProcess(rwlock);
    assert.equal(run.metrics.exclusion_violations, 0);
    await assert.rejects(runInProcess(rwlock, { params: { writeRatio: 1.5 } }), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /params\.writeRatio/);
      return true;
    });
  });

  it('cas-loop sums retries over threads before dividing', () => {
    const metrics = casLoop.aggregate!([{ metrics: { cas_ops: 100, cas_retries: 50 } }, { metrics: { cas_ops: 300, cas_retries: 50 } }], casLoop.params, 2);
    // (50 + 50) / (100 + 300), not the mean of 0.5 and 0.1667.
    assert.equal(metrics.retries_per_op, 0.25);
  });

  it('KPI targets follow the seeds\' scaling table', () => {
    const [critical, goal] = CONTENTION_KPIS;
    assert.deepEqual(critical.targetByThreads, { 1: 20, 2: 100, 4: 200, 8: 400, 16: 800 });
    assert.deepEqual(goal.targetByThreads, { 1: 10, 2: 50, 4: 100, 8: 200, 16: 400 });
    assert.equal(critical.severity, 'critical');
    assert.equal(goal.severity, 'warning');
  });
});

describe('lostUpdates', () => {
  it('is 0 when the counter matches, modulo 2^32', () => {
    assert.equal(lostUpdates(10, 10), 0);
    assert.equal(lostUpdates(2 ** 32 + 5, 5), 0);
    // 2^31 increments wrap an Int32 to -2^31.
    assert.equal(lostUpdates(2 ** 31, -(2 ** 31)), 0);
  });

  it('counts missing increments', () => {
    assert.equal(lostUpdates(100, 97), 3);
    assert.equal(lostUpdates(2 ** 32 + 5, 2), 3);
  });
});

describe('shuffledPattern', () => {
  it('has exactly round(ratio x length) writes', () => {
    for (const ratio of [0, 0.1, 0.5, 1]) {
      const ones = shuffledPattern(ratio, 1).reduce((sum, value) => sum + value, 0);
      assert.equal(ones, Math.round(ratio * PATTERN_LENGTH));
    }
  });

  it('is the same for a seed and differs between seeds', () => {
    assert.deepEqual(shuffledPattern(0.1, 7), shuffledPattern(0.1, 7));
    assert.notDeepEqual(shuffledPattern(0.1, 7), shuffledPattern(0.1, 8));
  });

  it('spreads the writes instead of leaving them at the front', () => {
    const firstTenth = shuffledPattern(0.1, 3).subarray(0, PATTERN_LENGTH / 10).reduce((sum, value) => sum + value, 0);
    assert.ok(firstTenth < Math.round(0.1 * PATTERN_LENGTH), `got ${firstTenth} of the writes in the first tenth`);
  });
});
