/**
 * A precomputed, shuffled pattern of operation kinds, so a timed loop picks read or write
 * by indexing an array instead of calling Math.random (which costs as much as the op
 * and would be measured with it). The pattern has exactly round(ratio * length) ones, so
 * the mix is the requested one in every window of `length` ops, and the shuffle is seeded
 * so a thread's sequence is the same from run to run.
 */
export const PATTERN_LENGTH = 1024;

/** mulberry32: a small, well-distributed 32-bit PRNG; good enough to shuffle a pattern. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 1 marks the rarer kind (a write), 0 the other; length PATTERN_LENGTH (a power of two). */
export function shuffledPattern(ratio: number, seed: number): Uint8Array {
  const pattern = new Uint8Array(PATTERN_LENGTH);
  const ones = Math.round(ratio * PATTERN_LENGTH);
  pattern.fill(1, 0, ones);
  const random = mulberry32(seed);
  // Fisher-Yates.
  for (let i = PATTERN_LENGTH - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = pattern[i];
    pattern[i] = pattern[j];
    pattern[j] = swap;
  }
  return pattern;
}
