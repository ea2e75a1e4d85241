/**
 * A precomputed, shuffled pattern of operation kinds, so a timed loop picks read or write
 * by indexing an array instead of calling Math.random (which costs as much as the op
 * and would be measured with it). The pattern has exactly round(ratio * length) ones, so
 * the mix is the requested one in every window of `length` ops, and the shuffle is seeded
 * so a thread's sequence is the same from run to run.
 */
import { mulberry32 } from '../../measure/mulberry32.ts';

export const PATTERN_LENGTH = 1024;

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
