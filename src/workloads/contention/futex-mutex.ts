/**
 * Lock, increment a plain (non-atomic) shared counter, unlock, on a futex-style mutex
 * (sync/futex-mutex.ts). After the measurement every thread publishes how many times its
 * op ran; past one more barrier, the protected counter must equal the sum, or the mutex
 * let two threads into the critical section at once. Every thread computes the same
 * check, so the default per-thread average of the metric is the check's value.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { FLOAT64_PER_LINE, INT32_PER_LINE, linesToBytes } from '../lib/sync/cache-line.ts';
import { mutexLock, mutexUnlock } from '../lib/sync/futex-mutex.ts';
import { CONTENTION_KPIS, contentionParams } from './kpis.ts';
import { lostUpdates } from './lost-updates.ts';

// Line 0: the mutex word. Line 1: the counter it protects (a separate line, so the
// counter's writes do not slow down threads spinning on the lock word). Lines 2..: each
// thread's op count.
const MUTEX = 0;
const PROTECTED = INT32_PER_LINE;
const COUNTS_LINE = 2;

export default defineWorkload({
  name: 'contention.futex-mutex',
  category: 'contention',
  tier: 2,
  description: 'Lock/increment/unlock on a futex-style three-state mutex (Atomics.wait/notify); checks mutual exclusion afterwards.',
  params: contentionParams(),
  sharedBytes: (_params, threads) => linesToBytes(COUNTS_LINE + threads),
  kpis: CONTENTION_KPIS,
  run(ctx) {
    const words = new Int32Array(ctx.shared);
    const counts = new Float64Array(ctx.shared);
    // Every call of the op, warm-up and calibration included: all of them incremented
    // the protected counter.
    let calls = 0;
    const outcome = measureBatched(ctx, () => {
      mutexLock(words, MUTEX);
      const value = (words[PROTECTED] + 1) | 0;
      words[PROTECTED] = value;
      mutexUnlock(words, MUTEX);
      calls++;
      return value;
    });
    counts[(COUNTS_LINE + ctx.threadIndex) * FLOAT64_PER_LINE] = calls;
    ctx.barrier();
    let expected = 0;
    for (let thread = 0; thread < ctx.threads; thread++) expected += counts[(COUNTS_LINE + thread) * FLOAT64_PER_LINE];
    return {
      ...outcome,
      metrics: { mutual_exclusion_violations: lostUpdates(expected, Atomics.load(words, PROTECTED)) },
    };
  },
});
