/**
 * Hot-block detection: a counter per guest block, keyed by the block's guest address in an
 * open-addressing hash table of typed arrays, and a threshold. `enter` is called on every
 * block entry the interpreter makes and reports the entry that makes a block hot, exactly
 * once per block. The table never allocates; when it fills up it is reset, which only delays
 * detection of blocks that were counting.
 */
export class HotspotProfiler {
  readonly threshold: number;
  readonly #keys: Int32Array;
  readonly #counts: Int32Array;
  readonly #mask: number;
  #used = 0;
  /** Blocks reported hot since the last reset. */
  hotBlocks = 0;

  /** `capacity` is rounded up to a power of two, at least twice the blocks it should hold. */
  constructor(threshold: number, capacity = 4096) {
    if (!(Number.isInteger(threshold) && threshold >= 1)) throw new RangeError(`profiler: threshold must be an integer >= 1, got ${threshold}`);
    let size = 16;
    while (size < capacity) size *= 2;
    this.threshold = threshold;
    this.#keys = new Int32Array(size).fill(-1);
    this.#counts = new Int32Array(size);
    this.#mask = size - 1;
  }

  /** Counts one entry of the block at `address`; true when this entry made it hot. */
  enter(address: number): boolean {
    // Fibonacci hashing spreads the 4-byte-aligned, clustered addresses over the table.
    let slot = (Math.imul(address, 0x9e3779b1) >>> 16) & this.#mask;
    for (;;) {
      const key = this.#keys[slot];
      if (key === address) break;
      if (key === -1) {
        if (this.#used * 2 >= this.#mask) {
          this.reset();
          return this.enter(address);
        }
        this.#keys[slot] = address;
        this.#used++;
        break;
      }
      slot = (slot + 1) & this.#mask;
    }
    // Saturates at the threshold: a hot block stays hot and its counter never wraps.
    const count = this.#counts[slot];
    if (count >= this.threshold) return false;
    this.#counts[slot] = count + 1;
    if (count + 1 < this.threshold) return false;
    this.hotBlocks++;
    return true;
  }

  /** The entry count of the block at `address` so far (at most the threshold). */
  count(address: number): number {
    let slot = (Math.imul(address, 0x9e3779b1) >>> 16) & this.#mask;
    for (;;) {
      const key = this.#keys[slot];
      if (key === address) return this.#counts[slot];
      if (key === -1) return 0;
      slot = (slot + 1) & this.#mask;
    }
  }

  reset(): void {
    this.#keys.fill(-1);
    this.#counts.fill(0);
    this.#used = 0;
    this.hotBlocks = 0;
  }
}
