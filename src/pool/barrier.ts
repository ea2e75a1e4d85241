/**
 * A reusable barrier for N worker threads on two Int32 words of a SharedArrayBuffer:
 * an arrival count and a generation number. The last thread to arrive resets the count
 * and bumps the generation; the others sleep in Atomics.wait on the generation word, so a
 * waiting thread burns no CPU that the measured threads could use.
 */
const COUNT = 0;
const GENERATION = 1;
export const BARRIER_WORDS = 2;

export class Barrier {
  readonly #words: Int32Array;
  readonly #parties: number;

  /** `words` must be BARRIER_WORDS Int32 slots shared by all parties, zero-filled. */
  constructor(words: Int32Array, parties: number) {
    this.#words = words;
    this.#parties = parties;
  }

  wait(): void {
    const words = this.#words;
    const generation = Atomics.load(words, GENERATION);
    if (Atomics.add(words, COUNT, 1) === this.#parties - 1) {
      Atomics.store(words, COUNT, 0);
      Atomics.add(words, GENERATION, 1);
      Atomics.notify(words, GENERATION);
      return;
    }
    while (Atomics.load(words, GENERATION) === generation) Atomics.wait(words, GENERATION, generation);
  }
}
