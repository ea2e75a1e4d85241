/**
 * Run-level samples for workloads that record single latencies rather than batches: the
 * mean of the values recorded in each 100 ms interval, so the run's CV and confidence
 * interval reflect how the latency moved over the run.
 */
import { downsample } from '../../measure/stats.ts';

const INTERVAL_NS = 100_000_000;
const MAX_SAMPLES = 1000;

export class IntervalSamples {
  readonly #samples: number[] = [];
  #intervalEndNs = Number.NEGATIVE_INFINITY;
  #sum = 0;
  #count = 0;

  /** Adds one value recorded at `nowNs` (the caller's clock, already read). */
  add(valueNs: number, nowNs: number): void {
    if (nowNs >= this.#intervalEndNs) {
      this.#flush();
      this.#intervalEndNs = nowNs + INTERVAL_NS;
    }
    this.#sum += valueNs;
    this.#count++;
  }

  #flush(): void {
    if (this.#count > 0) this.#samples.push(this.#sum / this.#count);
    this.#sum = 0;
    this.#count = 0;
  }

  /** The samples, the last partial interval included, at most 1000. */
  finish(): number[] {
    this.#flush();
    return downsample(this.#samples, MAX_SAMPLES);
  }
}
