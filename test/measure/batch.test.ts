import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { measureBatched } from '../../src/measure/batch.ts';
import type { BatchOutcome } from '../../src/measure/batch.ts';
import { calibrateClock } from '../../src/measure/clock.ts';
import { initHdr, summarizeEncoded } from '../../src/measure/hdr.ts';
import { createLocalContext } from '../../src/workloads/local-context.ts';
import type { LocalContext } from '../../src/workloads/local-context.ts';
import type { BaseParams, Phases } from '../../src/workloads/api.ts';

let timerCostNs = 0;

before(async () => {
  await initHdr();
  timerCostNs = calibrateClock().timerCostNs;
});

const SHORT: Phases = { warmupNs: 20e6, durationNs: 100e6 };

function measure(
  op: (i: number) => number,
  phases: Phases = SHORT,
  maxSamples?: number,
): { outcome: BatchOutcome; ctx: LocalContext<BaseParams>; rawCount: number } {
  const ctx = createLocalContext({ phases, timerCostNs });
  try {
    const outcome = measureBatched(ctx, op, { maxSamples });
    const rawCount = summarizeEncoded(ctx.recorder.encode().raw).count;
    return { outcome, ctx, rawCount };
  } finally {
    ctx.recorder.destroy();
  }
}

// Inputs prepared outside the measured op.
const inputs = Float64Array.from({ length: 64 }, (_, k) => k + 1);
function sqrtSum(i: number): number {
  let sum = 0;
  for (let k = 0; k < 64; k++) sum += Math.sqrt(inputs[k] + i);
  return sum;
}

test('an op that does real work is not flagged as dead code', () => {
  const { outcome } = measure(sqrtSum);
  assert.equal(outcome.suspectDeadCode, false,
    `nsPerOp ${outcome.nsPerOp} vs no-op ${outcome.noopNsPerOp}`);
  assert.ok(outcome.nsPerOp > 1.5 * outcome.noopNsPerOp);
});

test('the identity op costs no more than the no-op and is flagged', () => {
  const { outcome } = measure((i) => i);
  assert.equal(outcome.suspectDeadCode, true,
    `nsPerOp ${outcome.nsPerOp} vs no-op ${outcome.noopNsPerOp}`);
  assert.ok(outcome.noopNsPerOp > 0);
});

test('every batch goes into the recorder as N ops; the barrier is called once', () => {
  const { outcome, ctx, rawCount } = measure(sqrtSum);
  assert.equal(ctx.barrierCalls, 1);
  assert.ok(Number.isInteger(Math.log2(outcome.batchSize)), `batch size ${outcome.batchSize}`);
  assert.ok(outcome.samples.length >= 1 && outcome.samples.length <= 1000);
  assert.equal(rawCount % outcome.batchSize, 0);
  assert.ok(rawCount >= outcome.batchSize);
  // nsPerOp is the total time over the total ops the recorder saw.
  assert.ok(outcome.nsPerOp > 0);
});

test('the CPU canary is timed between the measured batches, one timing per 0.5 ms at most', () => {
  const { ctx } = measure(sqrtSum);
  const samples = ctx.cpuCanary?.samples ?? 0;
  // 100 ms of measurement: at most 201 timings, and enough for a reading unless the thread barely ran.
  assert.ok(samples >= 1 && samples <= 201, `${samples} timings`);
  const share = ctx.cpuCanary?.slowShare();
  if (samples >= 20) assert.ok(share !== null && share !== undefined && share >= 0 && share <= 1);
});

test('iterations end the measurement after exactly that many ops', () => {
  const ctx = createLocalContext({ phases: { warmupNs: 5e6, durationNs: 10e6, iterations: 12_345 }, timerCostNs });
  try {
    const outcome = measureBatched(ctx, sqrtSum);
    assert.equal(ctx.recorder.ops, 12_345);
    assert.ok(ctx.recorder.sumNs > 0);
    // The recorder's exact sum over its ops is the reported mean.
    assert.ok(Math.abs(ctx.recorder.sumNs / ctx.recorder.ops - outcome.nsPerOp) < 1e-9 * outcome.nsPerOp);
    assert.equal(ctx.barrierCalls, 1);
  } finally {
    ctx.recorder.destroy();
  }
});

test('samples are downsampled to maxSamples', () => {
  const { outcome } = measure((i) => Math.sqrt(i + 0.5), { warmupNs: 5e6, durationNs: 30e6 }, 7);
  assert.ok(outcome.samples.length <= 7 && outcome.samples.length >= 1, `${outcome.samples.length} samples`);
  for (const sample of outcome.samples) assert.ok(sample > 0);
});

test('a bad maxSamples is rejected before measuring', () => {
  const ctx = createLocalContext({ phases: SHORT, timerCostNs });
  try {
    assert.throws(() => measureBatched(ctx, (i) => i, { maxSamples: 0 }), RangeError);
    assert.equal(ctx.barrierCalls, 0);
  } finally {
    ctx.recorder.destroy();
  }
});
