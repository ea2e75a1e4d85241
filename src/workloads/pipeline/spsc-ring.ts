/**
 * A bounded single-producer single-consumer ring buffer in a SharedArrayBuffer, the
 * channel of pipeline.shared-ring. Each side keeps its own counter (head for the
 * producer, tail for the consumer) and publishes it with Atomics.store; the slot's data
 * is written with plain stores before the head is published, and the JavaScript memory
 * model orders them (a seq-cst store synchronizes with the load that reads it).
 *
 * The counters are free-running Int32s: occupancy is (head − tail) | 0, correct across
 * the 2^32 wrap. A side that finds the ring empty (consumer) or full (producer) sleeps in
 * Atomics.wait on the other side's counter after raising its waiting flag; the other
 * side notifies only when it sees the flag, so an uncontended push or pop makes no system
 * call. Flag-then-wait against store-then-check-flag, all seq-cst, cannot lose a wake-up:
 * either the waker sees the flag, or the waiter's wait sees the new counter and returns.
 *
 * Layout: one cache line of producer-written words (head, producer waiting), one of
 * consumer-written words (tail, consumer waiting), then `capacity` slots of SLOT_WORDS
 * Float64s.
 */
import { CACHE_LINE_BYTES, INT32_PER_LINE } from '../lib/sync/cache-line.ts';
import { STOP_SEQ, type Phase, type PipelineMessage } from './pipeline-message.ts';

/** Int32 indices of the counters, exported for tests that start them near the wrap. */
export const HEAD = 0;
const PRODUCER_WAITING = 1;
export const TAIL = INT32_PER_LINE;
const CONSUMER_WAITING = INT32_PER_LINE + 1;
const CONTROL_BYTES = 2 * CACHE_LINE_BYTES;

const SLOT_WORDS = 4;
const SEQ = 0;
const SENT_AT = 1;
const VALUE = 2;
const PHASE = 3;

export class SpscRing {
  readonly capacity: number;
  readonly #mask: number;
  readonly #control: Int32Array;
  readonly #slots: Float64Array;
  /** This side's own counter: head on the producer side, tail on the consumer side. */
  #head: number;
  #tail: number;

  static bytesFor(capacity: number): number {
    return CONTROL_BYTES + capacity * SLOT_WORDS * Float64Array.BYTES_PER_ELEMENT;
  }

  /** Both sides construct one over the same memory; `capacity` must be a power of two. */
  constructor(buffer: SharedArrayBuffer, capacity: number, byteOffset = 0) {
    if (!Number.isInteger(capacity) || capacity < 1 || (capacity & (capacity - 1)) !== 0) {
      throw new RangeError(`ring capacity must be a power of two, got ${capacity}`);
    }
    if (byteOffset + SpscRing.bytesFor(capacity) > buffer.byteLength) throw new RangeError('ring does not fit its buffer');
    this.capacity = capacity;
    this.#mask = capacity - 1;
    this.#control = new Int32Array(buffer, byteOffset, CONTROL_BYTES / Int32Array.BYTES_PER_ELEMENT);
    this.#slots = new Float64Array(buffer, byteOffset + CONTROL_BYTES, capacity * SLOT_WORDS);
    this.#head = Atomics.load(this.#control, HEAD);
    this.#tail = Atomics.load(this.#control, TAIL);
  }

  // --- producer side ---

  tryPush(seq: number, sentAtNs: number, value: number, phase: Phase): boolean {
    const head = this.#head;
    if (((head - Atomics.load(this.#control, TAIL)) | 0) >= this.capacity) return false;
    const at = (head & this.#mask) * SLOT_WORDS;
    const slots = this.#slots;
    slots[at + SEQ] = seq;
    slots[at + SENT_AT] = sentAtNs;
    slots[at + VALUE] = value;
    slots[at + PHASE] = phase;
    this.#head = (head + 1) | 0;
    Atomics.store(this.#control, HEAD, this.#head);
    if (Atomics.load(this.#control, CONSUMER_WAITING) !== 0) Atomics.notify(this.#control, HEAD, 1);
    return true;
  }

  /** Sleeps until the consumer frees a slot, or `timeoutMs` passes. */
  waitForSpace(timeoutMs: number): void {
    Atomics.store(this.#control, PRODUCER_WAITING, 1);
    Atomics.wait(this.#control, TAIL, (this.#head - this.capacity) | 0, timeoutMs);
    Atomics.store(this.#control, PRODUCER_WAITING, 0);
  }

  /** Share of the slots in use, read by the producer (its head is exact, the tail a moment old). */
  occupancy(): number {
    return ((this.#head - Atomics.load(this.#control, TAIL)) | 0) / this.capacity;
  }

  // --- consumer side ---

  /** Copies the oldest message into `into` and frees its slot; false when the ring is empty. */
  tryPop(into: PipelineMessage): boolean {
    const tail = this.#tail;
    if (Atomics.load(this.#control, HEAD) === tail) return false;
    const at = (tail & this.#mask) * SLOT_WORDS;
    const slots = this.#slots;
    into.seq = slots[at + SEQ];
    into.sentAtNs = slots[at + SENT_AT];
    into.value = slots[at + VALUE];
    into.phase = slots[at + PHASE] as Phase;
    this.#tail = (tail + 1) | 0;
    Atomics.store(this.#control, TAIL, this.#tail);
    if (Atomics.load(this.#control, PRODUCER_WAITING) !== 0) Atomics.notify(this.#control, TAIL, 1);
    return true;
  }

  /** Sleeps until the producer publishes a message, or `timeoutMs` passes. */
  waitForData(timeoutMs: number): void {
    Atomics.store(this.#control, CONSUMER_WAITING, 1);
    Atomics.wait(this.#control, HEAD, this.#tail, timeoutMs);
    Atomics.store(this.#control, CONSUMER_WAITING, 0);
  }
}

/** A message object to pop into, reused so a consumer allocates nothing per message. */
export function emptyMessage(): PipelineMessage {
  return { seq: STOP_SEQ, sentAtNs: 0, value: 0, phase: 0 };
}
