/**
 * The scheduler's counters (polls, yields, completions, ...): a Float64Array indexed by
 * counter id, so an increment is a load, an add and a store, exact up to 2^53, and
 * reading them all for an export is a copy.
 */
export class CounterSet {
  readonly #values: Float64Array;

  constructor(size: number) {
    this.#values = new Float64Array(size);
  }

  /** Adds `by` (default 1) to counter `id`; returns the new value. */
  increment(id: number, by = 1): number {
    return (this.#values[id] += by);
  }

  get(id: number): number {
    return this.#values[id];
  }

  get size(): number {
    return this.#values.length;
  }
}
