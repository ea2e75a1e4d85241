/**
 * The allocation-churn kernel of the gc.* workloads: a retained live set of linked nodes,
 * plus short-lived garbage allocated at a paced rate, plus a trickle of live-set
 * mutations (new payloads, re-aimed pointers) so the old generation has marking and
 * compaction work too.
 *
 * Two allocation sites, on purpose. V8 tracks survival per allocation site and
 * pretenures a site whose objects keep surviving scavenges: its later objects go straight
 * to old space. If the live set and the garbage came from one site, building the live set
 * would teach V8 that the site's objects live long, the garbage would then be allocated
 * in old space as well, and the minor collections this workload exists to observe would
 * all but vanish, turning into more frequent major ones (measured on Node 24: with one
 * site, a run saw 0 minor and 11 major collections where separate sites gave 44 minor
 * and 1 major; whether it happens depends on when the scavenges fall during the build,
 * so it comes and goes between runs, the worst kind of noise). So the live set and its
 * replacement payloads come from `makeLiveNode`/`makeLivePayload`, the garbage from
 * `makeGarbage`, and the two must never be merged into one factory.
 */
import { getHeapSpaceStatistics, getHeapStatistics } from 'node:v8';

export interface ChurnConfig {
  /** Garbage allocated per second, in MiB. */
  allocationMBps: number;
  /** Size of the retained live set, in MiB (estimated from measured object sizes). */
  liveSetMB: number;
  /** Share of the live-set nodes whose payload is replaced (and pointer re-aimed) per second. */
  mutateFractionPerSecond: number;
}

interface LiveNode {
  id: number;
  next: LiveNode | null;
  payload: number[];
}

interface Garbage {
  seq: number;
  items: number[];
}

const BYTES_PER_MB = 1024 * 1024;
/** After a long stall, allocate at most this much time's worth at once, not the whole debt. */
const MAX_CATCH_UP_NS = 20_000_000;
/** Garbage escapes into this ring, so escape analysis cannot remove the allocation. */
const SINK_SIZE = 64;
/** The young generation grows on demand up to a few tens of MiB; settle past that. */
const SETTLE_MIN_BYTES = 64 * BYTES_PER_MB;
/** An object with two fields and an 8-element array is never smaller than this. */
const MIN_OBJECT_BYTES = 64;
/** Its size without pointer compression, should every measurement be disturbed. */
const FALLBACK_OBJECT_BYTES = 176;

function makeLivePayload(id: number): number[] {
  return [id, id + 1, id + 2, id + 3, id + 4, id + 5, id + 6, id + 7];
}

function makeLiveNode(id: number, next: LiveNode | null): LiveNode {
  return { id, next, payload: makeLivePayload(id) };
}

function makeGarbage(seq: number): Garbage {
  return { seq, items: [seq, seq ^ 1, seq ^ 2, seq ^ 3, seq ^ 4, seq ^ 5, seq ^ 6, seq ^ 7] };
}

/**
 * Heap bytes one object of a factory takes: the growth of the used heap while allocating
 * a small batch, median of several tries, ignoring tries a scavenge cut short (the heap
 * shrank or barely grew). The layout depends on the V8 build (pointer compression), so it
 * is measured rather than assumed. The objects are not retained: retaining the garbage
 * site's objects here would teach V8 to pretenure it (see above).
 */
export function measureObjectBytes(factory: (i: number) => unknown, count = 2_000): number {
  const sink = new Array<unknown>(SINK_SIZE);
  const estimates: number[] = [];
  for (let attempt = 0; attempt < 9; attempt++) {
    const before = getHeapStatistics().used_heap_size;
    for (let i = 0; i < count; i++) sink[i & (SINK_SIZE - 1)] = factory(i);
    const after = getHeapStatistics().used_heap_size;
    // getHeapStatistics' own result object is a few hundred bytes: noise at this batch size.
    if (after > before) estimates.push((after - before) / count);
  }
  if (estimates.length === 0) return FALLBACK_OBJECT_BYTES;
  estimates.sort((a, b) => a - b);
  return Math.max(MIN_OBJECT_BYTES, estimates[estimates.length >> 1]);
}

export class ChurnHeap {
  readonly garbageBytes: number;
  readonly liveNodeBytes: number;
  readonly #live: LiveNode[];
  readonly #sink: Garbage[] = new Array<Garbage>(SINK_SIZE);
  readonly #bytesPerNs: number;
  readonly #mutationsPerNs: number;
  #originNs = 0;
  #lastNs = 0;
  #garbageCount = 0;
  #allocatedBytes = 0;
  #mutations = 0;
  #mutationsOwed = 0;
  #random = 0x9e3779b9;

  constructor(config: ChurnConfig) {
    this.garbageBytes = measureObjectBytes(makeGarbage);
    this.liveNodeBytes = measureObjectBytes((i) => makeLiveNode(i, null));
    // The array holding the live set is part of it: one pointer per node.
    const nodes = Math.max(1, Math.floor((config.liveSetMB * BYTES_PER_MB) / (this.liveNodeBytes + 8)));
    this.#live = new Array<LiveNode>(nodes);
    let previous: LiveNode | null = null;
    for (let i = 0; i < nodes; i++) {
      previous = makeLiveNode(i, previous);
      this.#live[i] = previous;
    }
    this.#bytesPerNs = (config.allocationMBps * BYTES_PER_MB) / 1e9;
    this.#mutationsPerNs = (config.mutateFractionPerSecond * nodes) / 1e9;
    this.#settle();
  }

  /**
   * Allocates garbage, unpaced, for twice the young generation's size (64 MiB at least). The live set was
   * built through the young generation, and its last part is still there; without this,
   * the first scavenge of the measurement would promote it all at once (seen: a 103 ms
   * "minor" pause after a 512 MiB build, against 1.2 ms for the ones after it).
   */
  #settle(): void {
    const young = getHeapSpaceStatistics().find((space) => space.space_name === 'new_space');
    const bytes = Math.max(2 * (young?.space_size ?? 0), SETTLE_MIN_BYTES);
    const sink = this.#sink;
    for (let allocated = 0, seq = 0; allocated < bytes; allocated += this.garbageBytes, seq++) {
      sink[seq & (SINK_SIZE - 1)] = makeGarbage(seq);
    }
  }

  get liveNodes(): number {
    return this.#live.length;
  }

  get allocatedBytes(): number {
    return this.#allocatedBytes;
  }

  get mutations(): number {
    return this.#mutations;
  }

  /** Starts (or restarts) the pacing clock and the counters. */
  start(nowNs: number): void {
    this.#originNs = nowNs;
    this.#lastNs = nowNs;
    this.#allocatedBytes = 0;
    this.#mutations = 0;
    this.#mutationsOwed = 0;
  }

  /** Allocates the garbage and does the live-set replacements owed since the last call. */
  catchUp(nowNs: number): void {
    const elapsed = Math.min(nowNs - this.#lastNs, MAX_CATCH_UP_NS);
    this.#lastNs = nowNs;
    let owedBytes = elapsed * this.#bytesPerNs;
    const garbageBytes = this.garbageBytes;
    const sink = this.#sink;
    while (owedBytes > 0) {
      const seq = this.#garbageCount++;
      sink[seq & (SINK_SIZE - 1)] = makeGarbage(seq);
      owedBytes -= garbageBytes;
      this.#allocatedBytes += garbageBytes;
    }
    this.#mutationsOwed += elapsed * this.#mutationsPerNs;
    const live = this.#live;
    while (this.#mutationsOwed >= 1) {
      this.#mutationsOwed -= 1;
      // xorshift32: a cheap spread over the live set, so replacements hit every old page.
      let x = this.#random;
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      this.#random = x;
      const node = live[(x >>> 0) % live.length];
      // The old payload becomes old-generation garbage and the new one starts young,
      // referenced from an old node (remembered-set work); re-pointing `next` gives the
      // write barrier work and changes the graph the marker walks. The node count, and so
      // the live set's size, stays the same.
      node.payload = makeLivePayload(this.#mutations);
      node.next = live[((x >>> 0) >>> 7) % live.length];
      this.#mutations++;
    }
  }

  /** Garbage MiB per second actually allocated since `start`. */
  achievedMBps(nowNs: number): number {
    const seconds = (nowNs - this.#originNs) / 1e9;
    return seconds > 0 ? this.#allocatedBytes / BYTES_PER_MB / seconds : 0;
  }
}
