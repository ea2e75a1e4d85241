/**
 * Where allocation workloads put what they allocate: a small ring of slots reachable from
 * outside the timed function, so the optimizing compiler cannot prove an allocation dead
 * (escape analysis would otherwise remove it, and the loop would time nothing), while
 * the ring keeps only the last few alive, so the allocations still die young as garbage
 * of a real allocator's workload does.
 */
export class EscapeRing<T> {
  readonly #slots: (T | undefined)[];
  readonly #mask: number;

  /** `size` must be a power of two. */
  constructor(size: number) {
    if (!Number.isInteger(size) || size < 1 || (size & (size - 1)) !== 0) {
      throw new RangeError(`EscapeRing size must be a power of two, got ${size}`);
    }
    this.#slots = new Array<T | undefined>(size).fill(undefined);
    this.#mask = size - 1;
  }

  keep(index: number, value: T): void {
    this.#slots[index & this.#mask] = value;
  }

  /** Drops everything kept, so a following measurement starts without it. */
  clear(): void {
    this.#slots.fill(undefined);
  }
}
