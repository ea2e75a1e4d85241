/**
 * Splits T threads into rings for token-passing workloads: pairs (0,1), (2,3), ..., and
 * with an odd T the last ring has three members, so every thread takes part and every
 * thread is woken as often as it wakes another.
 */
export interface RingPosition {
  /** The ring's first member, which holds the token at the start. */
  first: number;
  size: number;
  /** The member this thread passes the token to. */
  next: number;
}

export function ringPosition(threadIndex: number, threads: number): RingPosition {
  if (threads < 2) throw new RangeError(`rings need at least 2 threads, got ${threads}`);
  const rings = Math.floor(threads / 2);
  const ring = Math.min(Math.floor(threadIndex / 2), rings - 1);
  const first = ring * 2;
  const size = ring === rings - 1 ? threads - first : 2;
  return { first, size, next: first + ((threadIndex - first + 1) % size) };
}
