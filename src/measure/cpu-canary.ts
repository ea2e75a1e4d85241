/**
 * A reference loop timed now and then between a workload's batches, to see whether the CPU
 * itself ran slower during the run. On a VM the host can run a vCPU at half speed for 50 to
 * 300 ms at a time (another guest on the same physical core, power management), and nothing
 * inside the guest shows it: /proc/stat, steal, PSI and the thread's run-queue wait all stay
 * at zero. Measured on the 2-core CI VM (docs/judgement.md, `maxSlowCpuShare`): a tier-0
 * op, a second op and a pure-arithmetic loop timed in turn all went 1.85–1.93x slower in
 * the same 66 ms, and back. Such episodes are one cause of the tier-0/1 CV KPIs swinging
 * from 0.1 % to 37 % between runs; the docs say how well this reading separates them.
 *
 * The loop is integer arithmetic on one local: no memory, no allocation, no calls, so its
 * time changes only with the CPU's speed (or with a preemption, which is interference too).
 * It runs about 1.2 µs every 0.5 ms of measurement, so it costs about 0.25 % of the run.
 * Like Google's CPI² it judges the CPU by the time a fixed instruction stream takes; a guest
 * cannot read the host's cycle counters, but it can time the same instructions.
 */
import { nowNs } from './clock.ts';

/** Arithmetic steps per timing: ~1.15 µs on the CI VM (p10 of the timings), 30–40 timer reads long. */
const REFERENCE_STEPS = 1024;
/** Measured time between timings at the start; doubles each time the buffer fills. */
const FIRST_INTERVAL_NS = 500_000;
const CAPACITY = 4096;
/** Calls that get the loop optimised before the measurement starts (a few ms). */
const WARMUP_CALLS = 2000;
/** Fewer timings than this (a run shorter than ~10 ms) give no reading. */
export const MIN_CANARY_SAMPLES = 20;
/**
 * A timing this much slower than the run's fast timings counts as slow CPU. The episodes
 * seen were 1.6–1.9x; the loop's own spread on a quiet CPU is under 5 % (timer reads and
 * interrupts), so 1.25x separates the two with room on both sides.
 */
export const SLOW_FACTOR = 1.25;
/** The fast reference: this quantile of the run's timings, robust to a few lucky ones. */
const REFERENCE_QUANTILE = 0.1;

function referenceLoop(seed: number): number {
  let x = seed | 0;
  for (let i = 0; i < REFERENCE_STEPS; i++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  return x;
}

/**
 * The share of `timings` more than SLOW_FACTOR x the run's fast reference (its 10th
 * percentile): the part of the run in which the CPU ran slower than it can. Null with fewer
 * than MIN_CANARY_SAMPLES timings.
 */
export function slowShareOf(timings: ArrayLike<number>): number | null {
  if (timings.length < MIN_CANARY_SAMPLES) return null;
  const sorted = Float64Array.from(timings).sort();
  const reference = sorted[Math.floor(REFERENCE_QUANTILE * (sorted.length - 1))];
  let slow = 0;
  for (let i = 0; i < sorted.length; i++) if (sorted[i] > SLOW_FACTOR * reference) slow++;
  return slow / sorted.length;
}

export class CpuCanary {
  readonly #timings = new Float64Array(CAPACITY);
  #used = 0;
  #intervalNs = FIRST_INTERVAL_NS;
  #nextNs = Number.POSITIVE_INFINITY;
  #sink = 0;

  /** Before the warm-up: gets the loop compiled by the time the measurement starts, so no timing is of the interpreter. */
  warmUp(): void {
    for (let i = 0; i < WARMUP_CALLS; i++) this.#sink ^= referenceLoop(i);
  }

  /** At the start of the measurement: forget earlier timings, take the first at `nowNs`. */
  start(now: number): void {
    this.#used = 0;
    this.#intervalNs = FIRST_INTERVAL_NS;
    this.#nextNs = now;
  }

  /** Between batches, with the batch's end time: times the loop when the interval has passed. */
  tick(now: number): void {
    if (now < this.#nextNs) return;
    const start = nowNs();
    this.#sink ^= referenceLoop(start);
    const end = nowNs();
    if (this.#used === CAPACITY) {
      // Keep every other timing and halve the rate, so a long run stays evenly covered in fixed memory.
      for (let i = 0; i < CAPACITY / 2; i++) this.#timings[i] = this.#timings[2 * i];
      this.#used = CAPACITY / 2;
      this.#intervalNs *= 2;
    }
    this.#timings[this.#used++] = end - start;
    this.#nextNs = end + this.#intervalNs;
  }

  /** Timings taken since `start`. */
  get samples(): number {
    return this.#used;
  }

  /** `slowShareOf` the timings since `start`; null when too few were taken (or none: the workload times no batches). */
  slowShare(): number | null {
    return slowShareOf(this.#timings.subarray(0, this.#used));
  }

  /** Keeps the loop's results observable, so the JIT cannot drop the loop. */
  get sink(): number {
    return this.#sink;
  }
}
