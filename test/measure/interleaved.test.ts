import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { initHdr } from '../../src/measure/hdr.ts';
import { measureInterleaved } from '../../src/measure/interleaved.ts';
import { createLocalContext } from '../../src/workloads/local-context.ts';
import { median } from '../../src/measure/median.ts';

async function context(iterations: number) {
  await initHdr();
  return createLocalContext({ phases: { warmupNs: 0, durationNs: 1e12, iterations }, timerCostNs: 40 });
}

describe('measureInterleaved', () => {
  it('calls every variant once per round, in a rotating order, and records variant 0 only', async () => {
    const ctx = await context(6);
    const order: number[] = [];
    const variants = [0, 1, 2].map((v) => () => {
      order.push(v);
      return v;
    });
    try {
      const outcome = measureInterleaved(ctx, variants);
      assert.equal(ctx.barrierCalls, 1);
      // Warm-up runs two rounds in order; the six measured rounds rotate who goes first.
      assert.deepEqual(order.slice(6), [0, 1, 2, 1, 2, 0, 2, 0, 1, 0, 1, 2, 1, 2, 0, 2, 0, 1]);
      assert.deepEqual(outcome.variants.map((timing) => timing.calls), [6, 6, 6]);
      assert.equal(ctx.recorder.ops, 6);
      assert.equal(outcome.samples.length, 6);
    } finally {
      ctx.recorder.destroy();
    }
  });

  it('records a call as opsPerCall operations', async () => {
    const ctx = await context(4);
    try {
      measureInterleaved(ctx, [() => 1, () => 2], { opsPerCall: 100 });
      assert.equal(ctx.recorder.ops, 400);
      assert.throws(() => measureInterleaved(ctx, [() => 1], { opsPerCall: 0 }), RangeError);
    } finally {
      ctx.recorder.destroy();
    }
  });

  it('median', () => {
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(median([9, 1, 7, 100], 3), 7);
    assert.equal(median([]), 0);
  });
});
