/**
 * A reader-writer lock in one Int32 word of a SharedArrayBuffer:
 *   bit 30: a writer holds the lock;
 *   bit 29: somebody is (about to be) asleep in Atomics.wait on the word;
 *   bits 0-28: the number of readers inside (plus readers backing out, see below).
 *
 * The uncontended paths are one atomic read-modify-write each, like the futex mutex:
 * a reader adds one and is in unless the writer bit was set; it leaves by subtracting
 * one. A writer takes a free word with one compareExchange and leaves by subtracting
 * its bit. Atomics.load is avoided on these paths on purpose: in Node 24 it costs about
 * as much as an Atomics.add (~8 ns measured, not a plain load), and an earlier version
 * that loaded before its compareExchange and read a separate waiter count took 33 ns per
 * uncontended read lock/unlock against 20 ns for the mutex.
 *
 * A reader that finds the writer bit set backs out (subtracts its one again) and sleeps.
 * Sleeping is Drepper's futex protocol with the waiting bit as his state 2: set the bit
 * with a compareExchange from the exact value seen, then Atomics.wait on that value with
 * the bit, so any change in between (an unlock) makes the wait return at once. Whoever
 * releases the lock and finds the waiting bit clears it and wakes every sleeper; the
 * ones that still cannot get in set it again. Waking all is needed because a woken
 * writer can lose to new readers, and then the sleepers behind it must still run.
 *
 * The lock prefers readers: a writer gets in only when no reader is inside, so a steady
 * stream of overlapping readers can delay it.
 */
export const RWLOCK_WORDS = 1;
const WRITER = 1 << 30;
const WAITING = 1 << 29;
const READERS = WAITING - 1;

export function rwlockState(words: Int32Array, index: number): { readers: number; writer: boolean; waiting: boolean } {
  const state = Atomics.load(words, index);
  return { readers: state & READERS, writer: (state & WRITER) !== 0, waiting: (state & WAITING) !== 0 };
}

function wakeAll(words: Int32Array, index: number): void {
  Atomics.and(words, index, ~WAITING);
  Atomics.notify(words, index);
}

/** Sleeps until the word changes from `seen`, unless it already has. */
function sleepWhile(words: Int32Array, index: number, seen: number): void {
  const expected = seen | WAITING;
  if (seen !== expected && Atomics.compareExchange(words, index, seen, expected) !== seen) return;
  Atomics.wait(words, index, expected);
}

/** Takes one reader out; returns the word as it is after. */
function leaveAsReader(words: Int32Array, index: number): number {
  const before = Atomics.sub(words, index, 1);
  // The last reader out may be what a sleeping writer waits for.
  if ((before & READERS) === 1 && (before & WAITING) !== 0) wakeAll(words, index);
  return before - 1;
}

export function readLock(words: Int32Array, index: number): void {
  for (;;) {
    if ((Atomics.add(words, index, 1) & WRITER) === 0) return;
    const seen = leaveAsReader(words, index);
    if ((seen & WRITER) !== 0) sleepWhile(words, index, seen);
  }
}

export function readUnlock(words: Int32Array, index: number): void {
  leaveAsReader(words, index);
}

export function writeLock(words: Int32Array, index: number): void {
  for (;;) {
    const seen = Atomics.compareExchange(words, index, 0, WRITER);
    if (seen === 0) return;
    if ((seen & (WRITER | READERS)) === 0) {
      // Free, with only the waiting bit set: take it and keep the bit for the sleepers.
      if (Atomics.compareExchange(words, index, seen, seen | WRITER) === seen) return;
    } else {
      sleepWhile(words, index, seen);
    }
  }
}

export function writeUnlock(words: Int32Array, index: number): void {
  if ((Atomics.sub(words, index, WRITER) & WAITING) !== 0) wakeAll(words, index);
}
