/**
 * mulberry32: a small, well-known, seeded 32-bit PRNG. Everything in vmsoak that needs
 * reproducible randomness (the run order, a workload's prepared inputs, test data) draws
 * from it, so a seed means the same sequence everywhere. Uniform in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
