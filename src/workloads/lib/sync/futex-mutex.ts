/**
 * A futex-style mutex on one Int32 word of a SharedArrayBuffer: the three-state mutex of
 * Ulrich Drepper's "Futexes Are Tricky" (mutex 2), with Atomics.wait/notify as the futex.
 *
 * States: 0 unlocked, 1 locked with no waiters, 2 locked and someone may be waiting.
 * The third state is what lets an uncontended unlock skip the notify (a syscall in V8's
 * implementation, since waiters sleep on a condition variable): only an unlock that finds
 * 2 has to wake anybody. The lock is not fair: a running thread can take it before a
 * woken waiter gets the CPU (barging), which is exactly what scheduler.fairness measures.
 */
export const MUTEX_UNLOCKED = 0;
const LOCKED = 1;
const CONTENDED = 2;

export function mutexLock(words: Int32Array, index: number): void {
  let state = Atomics.compareExchange(words, index, MUTEX_UNLOCKED, LOCKED);
  if (state === MUTEX_UNLOCKED) return;
  // Whoever takes the lock from here on marks it contended, because it cannot know
  // whether other threads are still asleep on the word.
  if (state !== CONTENDED) state = Atomics.exchange(words, index, CONTENDED);
  while (state !== MUTEX_UNLOCKED) {
    Atomics.wait(words, index, CONTENDED);
    state = Atomics.exchange(words, index, CONTENDED);
  }
}

export function mutexTryLock(words: Int32Array, index: number): boolean {
  return Atomics.compareExchange(words, index, MUTEX_UNLOCKED, LOCKED) === MUTEX_UNLOCKED;
}

export function mutexUnlock(words: Int32Array, index: number): void {
  if (Atomics.sub(words, index, 1) !== LOCKED) {
    Atomics.store(words, index, MUTEX_UNLOCKED);
    Atomics.notify(words, index, 1);
  }
}
