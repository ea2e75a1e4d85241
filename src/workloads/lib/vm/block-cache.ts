/**
 * The JIT's code cache: compiled blocks keyed by guest address, at most `capacity` of them,
 * evicted with CLOCK (second chance): a hit sets the entry's reference bit; to make room
 * the hand sweeps the slots, clearing set bits and evicting the first entry whose bit is
 * already clear. That approximates LRU without reordering anything on a hit. Counters are
 * doubles in a typed array, so counting never allocates.
 */
export const CACHE_HITS = 0;
export const CACHE_MISSES = 1;
export const CACHE_EVICTIONS = 2;

export class BlockCache<T> {
  readonly capacity: number;
  readonly #slotOf = new Map<number, number>();
  readonly #keys: Int32Array;
  readonly #values: (T | undefined)[];
  readonly #referenced: Uint8Array;
  #hand = 0;
  #size = 0;
  readonly stats = new Float64Array(3);
  /** Called with the address of each evicted entry (the engine drops its fast-path pointer). */
  onEvict: ((address: number) => void) | null = null;

  constructor(capacity: number) {
    if (!(Number.isInteger(capacity) && capacity >= 1)) throw new RangeError(`block cache: capacity must be an integer >= 1, got ${capacity}`);
    this.capacity = capacity;
    this.#keys = new Int32Array(capacity);
    this.#values = new Array<T | undefined>(capacity).fill(undefined);
    this.#referenced = new Uint8Array(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** The entry for `address` (a hit), or undefined (a miss). */
  get(address: number): T | undefined {
    const slot = this.#slotOf.get(address);
    if (slot === undefined) {
      this.stats[CACHE_MISSES]++;
      return undefined;
    }
    this.stats[CACHE_HITS]++;
    this.#referenced[slot] = 1;
    return this.#values[slot];
  }

  /** Is `address` cached? Counts nothing. */
  has(address: number): boolean {
    return this.#slotOf.has(address);
  }

  /** Adds (or replaces) the entry for `address`, evicting one when full. */
  put(address: number, value: T): void {
    let slot = this.#slotOf.get(address);
    if (slot === undefined) {
      slot = this.#size < this.capacity ? this.#size++ : this.#evict();
      this.#keys[slot] = address;
      this.#slotOf.set(address, slot);
    }
    this.#values[slot] = value;
    this.#referenced[slot] = 0;
  }

  #evict(): number {
    for (;;) {
      const slot = this.#hand;
      this.#hand = (this.#hand + 1) % this.capacity;
      if (this.#referenced[slot] === 1) {
        this.#referenced[slot] = 0;
        continue;
      }
      this.#slotOf.delete(this.#keys[slot]);
      this.#values[slot] = undefined;
      this.stats[CACHE_EVICTIONS]++;
      this.onEvict?.(this.#keys[slot]);
      return slot;
    }
  }

  clear(): void {
    this.#slotOf.clear();
    this.#values.fill(undefined);
    this.#referenced.fill(0);
    this.#size = 0;
    this.#hand = 0;
  }

  /** Hits / (hits + misses), 0 before any lookup. */
  hitRate(): number {
    const lookups = this.stats[CACHE_HITS] + this.stats[CACHE_MISSES];
    return lookups === 0 ? 0 : this.stats[CACHE_HITS] / lookups;
  }
}
