/**
 * Batched timing for operations too short to time one by one (under ~1 µs): read the clock
 * once per N calls, so the timer's cost is a small share of what is measured, and measure
 * a no-op the same way so that an operation the JIT optimized away shows up as costing
 * no more than the no-op.
 */
import type { MeasureContext } from './measure-context.ts';
import { nowNs } from './clock.ts';
import { judgeDeadCode } from './dead-code.ts';
import { downsample } from './stats.ts';

export interface BatchOutcome {
  /** ns/op per batch, adjacent batches averaged together to at most `maxSamples`. */
  samples: number[];
  /** Operations per timed batch (N). */
  batchSize: number;
  /** Mean over the measurement: total measured time / total operations. */
  nsPerOp: number;
  /** ns/op of the fastest batch of `(i) => i` with the same N: the harness's own cost per op. */
  noopNsPerOp: number;
  /** ns/op of the op's fastest batch: what it costs when nothing else gets in the way. */
  fastestNsPerOp: number;
  /**
   * The op's fastest batch costs no more than 1.5x the no-op's fastest: probably
   * eliminated as dead code (dead-code.ts says why the fastest batches).
   */
  suspectDeadCode: boolean;
}

export interface BatchOptions {
  /** Most samples returned (default 1000). */
  maxSamples?: number;
}

type BatchLoop = (op: (i: number) => number, n: number, out: Float64Array) => void;

/**
 * Every op result is stored in here, and the array is reachable from outside the module,
 * so the optimizing compiler can never prove a result unused and drop the work that
 * produced it. A store per op, rather than a running sum, because a sum is a chain of
 * dependent floating-point adds (~4 cycles each, ~1 ns) that would dominate a cheap op and
 * would cost differently for integer and double results; independent stores pipeline.
 */
const SINK_MASK = 63;
const sink = new Float64Array(SINK_MASK + 1);

/** The sum of the last stored op results; exported so the results stay observable. */
export function consumedResults(): number {
  let total = 0;
  for (let i = 0; i < sink.length; i++) total += sink[i];
  return total;
}

let compiledLoops = 0;

/**
 * A fresh copy of the batch loop. V8 keeps type feedback per function: one shared loop
 * called with many different ops would see its `op(i)` call site go polymorphic and then
 * megamorphic, and a megamorphic call is not inlined; every op after the fourth would pay a
 * generic call that the first one did not, and the result would depend on what ran before.
 * `new Function` compiles a new function with its own feedback, so each op gets a
 * monomorphic call site that the JIT inlines, as it would in the code the op comes from.
 * The source must differ every time (the numbered comment): V8 caches `new Function` by
 * source text together with its feedback, so identical source would hand back a function
 * sharing the old call-site feedback (measured: `(i) => i` went from 0.85 to 4 ns/op).
 */
function compileBatchLoop(): BatchLoop {
  compiledLoops++;
  return new Function(
    'op',
    'n',
    'out',
    `'use strict'; /* batch loop ${compiledLoops} */
    for (let i = 0; i < n; i++) out[i & ${SINK_MASK}] = op(i);`,
  ) as BatchLoop;
}

const noop = (i: number): number => i;

/** A batch at least this long in timer reads keeps the timer under 1 % of what is measured. */
const TIMER_SHARE_DIVISOR = 100;
/** Fallback when the context carries no usable timer cost (ns). */
const DEFAULT_TIMER_COST_NS = 50;
const MAX_BATCH_SIZE = 1 << 24;
/** Warm-up batches grow until one takes this long, so the warm-up loop stays cheap. */
const WARMUP_BATCH_NS = 100_000;
const SIZING_REPEATS = 3;
const NOOP_MIN_NS = 2_000_000;
const NOOP_MAX_NS = 100_000_000;
/**
 * The no-op loop's warm-up also runs at least this many ops (about 1 ms compiled, 20-30 ms
 * interpreted): V8 tiers a function up after an amount of work, not of time, and a thread
 * that a busy machine gives a fraction of its window would otherwise time a no-op that was
 * never optimized (measured under load: 20-35 ns/op instead of 1, so honest ops looked dead).
 */
const NOOP_WARMUP_OPS = 1 << 20;
const DEFAULT_MAX_SAMPLES = 1000;
/** Slots of the measurement's running sums. */
const TOTAL_NS = 0;
const PENDING_NS_PER_OP = 1;
const FASTEST_NS_PER_OP = 2;

/**
 * Times `op(i)` (i = 0..N-1 within each batch) in batches, after a warm-up, and records
 * every batch into `ctx.recorder` as N operations. Calls `ctx.barrier()` exactly once,
 * between the preparation and the measurement, so all threads measure together.
 * Prepare the op's inputs before calling; the op should return a number that depends on
 * its work (it is consumed). Besides `warmupNs` and `durationNs`, sizing N and the no-op
 * baseline take a little time before the barrier (durationNs / 20, within 2..100 ms), and,
 * only when the op looks like dead code, retiming the no-op to confirm it takes as long
 * again after the measurement.
 */
export function measureBatched(
  ctx: MeasureContext,
  op: (i: number) => number,
  options: BatchOptions = {},
): BatchOutcome {
  const maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;
  if (!Number.isInteger(maxSamples) || maxSamples < 1) {
    throw new RangeError(`maxSamples must be an integer >= 1, got ${maxSamples}`);
  }
  const loop = compileBatchLoop();
  const noopLoop = compileBatchLoop();

  // (a) Warm-up: let the JIT compile the op and the loop around it.
  // The canary first, so that V8 has compiled its loop by the end of the op's warm-up.
  const canary = ctx.cpuCanary;
  canary?.warmUp();
  const warmupEnd = nowNs() + ctx.phases.warmupNs;
  let warmupSize = 1;
  do {
    const start = nowNs();
    loop(op, warmupSize, sink);
    if (nowNs() - start < WARMUP_BATCH_NS && warmupSize < MAX_BATCH_SIZE) warmupSize *= 2;
  } while (nowNs() < warmupEnd);

  // (b) Batch size: double N until the fastest of a few batches is 100 timer reads long.
  const timerCostNs = Number.isFinite(ctx.timerCostNs) && ctx.timerCostNs > 0 ? ctx.timerCostNs : DEFAULT_TIMER_COST_NS;
  const targetBatchNs = TIMER_SHARE_DIVISOR * timerCostNs;
  let batchSize = 1;
  for (;;) {
    let fastest = Number.POSITIVE_INFINITY;
    for (let r = 0; r < SIZING_REPEATS; r++) {
      const start = nowNs();
      loop(op, batchSize, sink);
      fastest = Math.min(fastest, nowNs() - start);
    }
    if (fastest >= targetBatchNs || batchSize >= MAX_BATCH_SIZE) break;
    batchSize *= 2;
  }

  // (c) No-op baseline with the same N, so it carries the same per-op share of timer and
  // loop cost: first half warms its loop, second half is measured.
  const noopNs = Math.min(NOOP_MAX_NS, Math.max(NOOP_MIN_NS, ctx.phases.durationNs / 20));
  const noopWarmEnd = nowNs() + noopNs / 2;
  let noopWarmOps = 0;
  do {
    noopLoop(noop, batchSize, sink);
    noopWarmOps += batchSize;
  } while (nowNs() < noopWarmEnd || noopWarmOps < NOOP_WARMUP_OPS);
  // The fastest no-op batch, not the mean: with more threads than cores, the threads time
  // their baselines while preempting each other, and a mean inflated by time slices made
  // honest ops look like dead code (seen at 16 threads on 2 cores).
  const timeNoopBatch = (): number => {
    const start = nowNs();
    noopLoop(noop, batchSize, sink);
    return (nowNs() - start) / batchSize;
  };
  const noopEnd = nowNs() + noopNs / 2;
  let fastestNoopNsPerOp = Number.POSITIVE_INFINITY;
  do fastestNoopNsPerOp = Math.min(fastestNoopNsPerOp, timeNoopBatch()); while (nowNs() < noopEnd);

  // (d) Everyone starts measuring at once.
  ctx.barrier();

  // (e) Measurement. Samples go into a fixed buffer; when it fills up, adjacent pairs are
  // averaged in place and each slot from then on averages twice as many batches, so memory
  // stays bounded however long the run is, and nothing is allocated while measuring.
  const buffer = new Float64Array(Math.max(2 * maxSamples, 1024));
  let used = 0;
  let batchesPerSlot = 1;
  let pendingBatches = 0;
  // The two running sums of timer-derived doubles live in a typed array, not in `let`s:
  // as loop variables, V8 (Node 24, on-stack-replaced loop) kept them boxed and allocated a
  // HeapNumber per batch, 3 scavenges in 2 s (--trace-gc); typed-array slots hold raw doubles.
  const sums = new Float64Array(3);
  sums[FASTEST_NS_PER_OP] = Number.POSITIVE_INFINITY;
  const recorder = ctx.recorder;
  const iterations = ctx.phases.iterations;
  const byIterations = iterations !== undefined && iterations > 0;
  const measureStart = nowNs();
  const measureEnd = measureStart + ctx.phases.durationNs;
  canary?.start(measureStart);
  let totalOps = 0;
  for (;;) {
    const n = byIterations ? Math.min(batchSize, iterations - totalOps) : batchSize;
    if (n <= 0) break;
    const start = nowNs();
    loop(op, n, sink);
    const end = nowNs();
    const elapsed = end - start;
    recorder.recordBatch(elapsed, n);
    sums[TOTAL_NS] += elapsed;
    totalOps += n;
    const nsPerBatchOp = elapsed / n;
    sums[PENDING_NS_PER_OP] += nsPerBatchOp;
    // A short last batch (iterations) carries a larger timer share per op, so it is never
    // falsely the fastest.
    if (nsPerBatchOp < sums[FASTEST_NS_PER_OP]) sums[FASTEST_NS_PER_OP] = nsPerBatchOp;
    if (++pendingBatches === batchesPerSlot) {
      if (used === buffer.length) {
        for (let i = 0; i < used / 2; i++) buffer[i] = (buffer[2 * i] + buffer[2 * i + 1]) / 2;
        used /= 2;
        // The pending group is now half a slot; it goes on accumulating.
        batchesPerSlot *= 2;
      } else {
        buffer[used++] = sums[PENDING_NS_PER_OP] / pendingBatches;
        sums[PENDING_NS_PER_OP] = 0;
        pendingBatches = 0;
      }
    }
    canary?.tick(end);
    if (!byIterations && end >= measureEnd) break;
  }
  if (pendingBatches > 0) {
    if (used < buffer.length) {
      buffer[used++] = sums[PENDING_NS_PER_OP] / pendingBatches;
    } else {
      // No room: fold the incomplete group into the last slot, weighted by batch count.
      buffer[used - 1] = (buffer[used - 1] * batchesPerSlot + sums[PENDING_NS_PER_OP]) / (batchesPerSlot + pendingBatches);
    }
  }

  const nsPerOp = totalOps > 0 ? sums[TOTAL_NS] / totalOps : 0;
  const fastestNsPerOp = totalOps > 0 ? sums[FASTEST_NS_PER_OP] : 0;
  const verdict = judgeDeadCode(fastestNsPerOp, fastestNoopNsPerOp, {
    timeNoopBatch, now: nowNs, windowNs: noopNs, minBatches: Math.ceil(NOOP_WARMUP_OPS / batchSize),
  });
  return {
    samples: downsample(buffer.subarray(0, used), maxSamples),
    batchSize,
    nsPerOp,
    noopNsPerOp: verdict.noopNsPerOp,
    fastestNsPerOp,
    suspectDeadCode: verdict.suspectDeadCode,
  };
}
