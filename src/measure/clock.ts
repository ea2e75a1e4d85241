/**
 * The one clock every measurement reads, and its calibration.
 *
 * `performance.now()` returns a double in milliseconds with sub-microsecond resolution on
 * Node. Scaled to ns it stays a plain double, so a read allocates nothing. The alternative,
 * `process.hrtime.bigint()`, allocates a BigInt on every read and costs more per read, and
 * the subtraction of two BigInts allocates again; on a hot path that is garbage the GC has
 * to collect in the middle of the measurement.
 */
import { performance } from 'node:perf_hooks';

/** Monotonic time in ns since the process's time origin, as a double. */
export function nowNs(): number {
  return performance.now() * 1e6;
}

export interface ClockCalibration {
  /** Median cost of one `nowNs()` call, in ns. */
  timerCostNs: number;
  /** Smallest non-zero step seen between two consecutive reads, in ns. */
  timerResolutionNs: number;
}

/** Reads per round: enough that the round's two boundary reads are a small share. */
const READS_PER_ROUND = 10_000;
/** Rounds run first and discarded, so the measured rounds run optimized code. */
const WARMUP_ROUNDS = 5;
const ROUNDS = 15;

/** Mean cost of one read over `reads` back-to-back reads; nothing else in the loop. */
function readCost(reads: number): number {
  const start = nowNs();
  let last = start;
  for (let i = 0; i < reads; i++) last = nowNs();
  return (last - start) / reads;
}

/** Smallest non-zero step between consecutive reads (Infinity if the clock never moved). */
function smallestStep(reads: number): number {
  let smallest = Number.POSITIVE_INFINITY;
  let previous = nowNs();
  for (let i = 0; i < reads; i++) {
    const current = nowNs();
    const step = current - previous;
    if (step > 0 && step < smallest) smallest = step;
    previous = current;
  }
  return smallest;
}

/**
 * Measures the timer's own cost and resolution: 15 rounds of 10 000 back-to-back reads
 * after 5 discarded warm-up rounds (about 20 ms on a 40 ns timer), and the median round, so
 * a round disturbed by a GC or a context switch does not move the result. The resolution
 * is measured in a separate loop, because comparing inside the cost loop would add its
 * work to the cost.
 */
export function calibrateClock(): ClockCalibration {
  for (let round = 0; round < WARMUP_ROUNDS; round++) {
    readCost(READS_PER_ROUND);
    smallestStep(READS_PER_ROUND);
  }
  const costs = new Float64Array(ROUNDS);
  let resolution = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    costs[round] = readCost(READS_PER_ROUND);
    resolution = Math.min(resolution, smallestStep(READS_PER_ROUND));
  }
  costs.sort();
  const timerCostNs = costs[ROUNDS >> 1];
  // A clock that never moved in 150 000 reads is broken; report its cost as the best bound.
  // Rounded to 0.001 ns: ms-to-ns scaling leaves float noise such as 29.99999999254942.
  const timerResolutionNs = Number.isFinite(resolution) ? Math.round(resolution * 1000) / 1000 : timerCostNs;
  return { timerCostNs, timerResolutionNs };
}
