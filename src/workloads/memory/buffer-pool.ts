/**
 * A free list of equally sized ArrayBuffers: `acquire` hands out a released buffer when
 * there is one and allocates only when the list is empty; `release` keeps at most
 * `capacity` buffers and lets the rest go to the GC. A reused buffer is not cleared: it
 * holds what its last user wrote, which is the price of skipping the allocator's zeroing,
 * and the reason a pool's users must overwrite what they read.
 */
export class BufferPool {
  readonly bufferBytes: number;
  readonly capacity: number;
  readonly #free: (ArrayBuffer | undefined)[];
  #freeCount = 0;
  #allocated = 0;

  constructor(bufferBytes: number, capacity: number) {
    if (!Number.isInteger(bufferBytes) || bufferBytes < 1) throw new RangeError(`bufferBytes must be a positive integer, got ${bufferBytes}`);
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.bufferBytes = bufferBytes;
    this.capacity = capacity;
    // Preallocated slots, so release never grows the array.
    this.#free = new Array<ArrayBuffer | undefined>(capacity).fill(undefined);
  }

  acquire(): ArrayBuffer {
    if (this.#freeCount > 0) {
      const buffer = this.#free[--this.#freeCount]!;
      // Drop the slot's reference, so the pool does not keep a handed-out buffer alive.
      this.#free[this.#freeCount] = undefined;
      return buffer;
    }
    this.#allocated++;
    return new ArrayBuffer(this.bufferBytes);
  }

  /**
   * Takes a buffer back (release each buffer once: a double release would hand it out
   * twice). One of another size, or a detached one (byteLength 0), is refused, and so is
   * any buffer while the free list is full.
   */
  release(buffer: ArrayBuffer): boolean {
    if (buffer.byteLength !== this.bufferBytes || this.#freeCount === this.capacity) return false;
    this.#free[this.#freeCount++] = buffer;
    return true;
  }

  /** Buffers waiting in the free list. */
  get available(): number {
    return this.#freeCount;
  }

  /** Buffers this pool ever allocated (its misses). */
  get allocated(): number {
    return this.#allocated;
  }
}
