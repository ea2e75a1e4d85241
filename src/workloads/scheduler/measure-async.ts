/**
 * Batched timing of an asynchronous op, for what measureBatched (synchronous ops only)
 * cannot time. Each batch awaits the op `batchSize` times in sequence between two clock
 * reads and records the batch with recordBatch. The awaits resolve through the microtask
 * queue only, so no event-loop turn (timers, I/O) lands inside a batch.
 *
 * The baseline is the same loop awaiting a plain number: the cost of one await and one
 * microtask hop, which every async op pays; the op's own cost is what lies above it.
 * Same phase contract as measureBatched: warm-up, one ctx.barrier(), then batches for
 * the duration (or until `iterations` ops).
 */
import { nowNs } from '../../measure/clock.ts';
import type { BaseParams, WorkerContext } from '../api.ts';

export interface AsyncBatchOutcome {
  samples: number[];
  batchSize: number;
  nsPerOp: number;
  noopNsPerOp: number;
}

/** About 10-50 µs per batch at the costs seen (50-200 ns per awaited op): far above the timer's cost. */
const BATCH_SIZE = 256;
const MAX_SAMPLES = 10_000;
const BASELINE_BATCHES = 50;

/**
 * An await is observable (it schedules a microtask and resumes this frame), so unlike a
 * synchronous op it cannot be optimised away; no result sink is needed.
 */
async function timeBatch(op: (i: number) => Promise<number> | number, batchSize: number): Promise<number> {
  const start = nowNs();
  for (let i = 0; i < batchSize; i++) await op(i);
  return nowNs() - start;
}

export async function measureBatchedAsync<P extends BaseParams>(
  ctx: WorkerContext<P>,
  op: (i: number) => Promise<number>,
): Promise<AsyncBatchOutcome> {
  const warmUntil = nowNs() + ctx.phases.warmupNs;
  do await timeBatch(op, BATCH_SIZE); while (nowNs() < warmUntil);

  let baselineNs = Number.POSITIVE_INFINITY;
  for (let b = 0; b < BASELINE_BATCHES; b++) {
    baselineNs = Math.min(baselineNs, await timeBatch((i) => i, BATCH_SIZE));
  }

  ctx.cpuCanary?.warmUp();
  ctx.barrier();
  const samples: number[] = [];
  // When the sample list is full, keep every other sample and halve the rate, so the
  // samples span the whole run instead of its beginning.
  let keepEvery = 1;
  let batches = 0;
  let ops = 0;
  let totalNs = 0;
  const iterations = ctx.phases.iterations;
  const startNs = nowNs();
  const endNs = startNs + ctx.phases.durationNs;
  ctx.cpuCanary?.start(startNs);
  while (iterations !== undefined ? ops < iterations : nowNs() < endNs) {
    const size = iterations !== undefined ? Math.min(BATCH_SIZE, iterations - ops) : BATCH_SIZE;
    const elapsed = await timeBatch(op, size);
    ctx.recorder.recordBatch(elapsed, size);
    ctx.cpuCanary?.tick(nowNs());
    ops += size;
    totalNs += elapsed;
    if (batches++ % keepEvery === 0) {
      samples.push(elapsed / size);
      if (samples.length >= MAX_SAMPLES) {
        let kept = 0;
        for (let i = 0; i < samples.length; i += 2) samples[kept++] = samples[i];
        samples.length = kept;
        keepEvery *= 2;
      }
    }
  }
  return { samples, batchSize: BATCH_SIZE, nsPerOp: ops > 0 ? totalNs / ops : 0, noopNsPerOp: baselineNs / BATCH_SIZE };
}
