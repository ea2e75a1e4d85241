/**
 * A set-associative software TLB: `entries` slots in `entries / ways` sets, a virtual page
 * number picks its set by its low bits, and a miss replaces the least recently used way.
 * Entries filled by the prefetcher are marked until first used, so useful prefetches can
 * be counted.
 */
export interface TlbConfig {
  /** Total entries, a power of two. */
  entries: number;
  /** Ways per set, a power of two no larger than `entries`. */
  ways: number;
}

export const TLB_HITS = 0;
export const TLB_MISSES = 1;
export const TLB_PREFETCH_FILLS = 2;
export const TLB_PREFETCH_HITS = 3;
export const TLB_FLUSHES = 4;

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n > 0 && (n & (n - 1)) === 0;

export class Tlb {
  readonly entries: number;
  readonly ways: number;
  readonly sets: number;
  readonly #setMask: number;
  /** VPN held by each slot, -1 when empty. */
  readonly tags: Int32Array;
  readonly frames: Int32Array;
  /** Last use of each slot, for LRU; doubles so the counter never wraps. */
  readonly #lastUse: Float64Array;
  /** 1 while a slot holds a prefetched entry not used yet. */
  readonly #prefetched: Uint8Array;
  /** Counters, indexed by TLB_HITS, TLB_MISSES, ...; doubles so they never wrap or box. */
  readonly stats = new Float64Array(5);
  #clock = 0;

  constructor(config: TlbConfig) {
    if (!isPowerOfTwo(config.entries) || !isPowerOfTwo(config.ways) || config.ways > config.entries) {
      throw new RangeError(`tlb: entries (${config.entries}) and ways (${config.ways}) must be powers of two, ways <= entries`);
    }
    this.entries = config.entries;
    this.ways = config.ways;
    this.sets = config.entries / config.ways;
    this.#setMask = this.sets - 1;
    this.tags = new Int32Array(config.entries).fill(-1);
    this.frames = new Int32Array(config.entries);
    this.#lastUse = new Float64Array(config.entries);
    this.#prefetched = new Uint8Array(config.entries);
  }

  /** The frame of `vpn` and a hit counted, or -1 and a miss counted. */
  lookup(vpn: number): number {
    const base = (vpn & this.#setMask) * this.ways;
    const end = base + this.ways;
    for (let slot = base; slot < end; slot++) {
      if (this.tags[slot] === vpn) {
        this.stats[TLB_HITS]++;
        this.#lastUse[slot] = ++this.#clock;
        if (this.#prefetched[slot] === 1) {
          this.#prefetched[slot] = 0;
          this.stats[TLB_PREFETCH_HITS]++;
        }
        return this.frames[slot];
      }
    }
    this.stats[TLB_MISSES]++;
    return -1;
  }

  /** Is `vpn` present? Counts nothing and changes no recency (for the prefetcher's check). */
  holds(vpn: number): boolean {
    const base = (vpn & this.#setMask) * this.ways;
    for (let slot = base; slot < base + this.ways; slot++) if (this.tags[slot] === vpn) return true;
    return false;
  }

  /** Fills `vpn -> frame` into its set, replacing an empty or the least recently used way. */
  insert(vpn: number, frame: number, prefetched: boolean): void {
    const base = (vpn & this.#setMask) * this.ways;
    let victim = base;
    for (let slot = base; slot < base + this.ways; slot++) {
      if (this.tags[slot] === -1) {
        victim = slot;
        break;
      }
      if (this.#lastUse[slot] < this.#lastUse[victim]) victim = slot;
    }
    this.tags[victim] = vpn;
    this.frames[victim] = frame;
    this.#lastUse[victim] = ++this.#clock;
    this.#prefetched[victim] = prefetched ? 1 : 0;
    if (prefetched) this.stats[TLB_PREFETCH_FILLS]++;
  }

  /** Drops every entry (a context switch, or a change to the page table). */
  flush(): void {
    this.tags.fill(-1);
    this.#prefetched.fill(0);
    this.stats[TLB_FLUSHES]++;
  }

  /** Drops the entry of one page, if present (INVLPG after remapping it). */
  flushPage(vpn: number): void {
    const base = (vpn & this.#setMask) * this.ways;
    for (let slot = base; slot < base + this.ways; slot++) {
      if (this.tags[slot] === vpn) {
        this.tags[slot] = -1;
        this.#prefetched[slot] = 0;
      }
    }
  }

  resetStats(): void {
    this.stats.fill(0);
  }

  /** Hits / (hits + misses) since the last resetStats, 0 without lookups. */
  hitRate(): number {
    const lookups = this.stats[TLB_HITS] + this.stats[TLB_MISSES];
    return lookups === 0 ? 0 : this.stats[TLB_HITS] / lookups;
  }
}
