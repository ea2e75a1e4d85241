/**
 * Wake-up latency in the style of cyclictest and schbench: how long after another thread
 * calls Atomics.notify does a thread blocked in Atomics.wait run again.
 *
 * Threads form rings (pairs, one triple for an odd count, see rings.ts) that pass a
 * token: the holder sleeps `intervalNs` (so the next member has long been asleep in the
 * futex), stamps the time into the next member's slot, bumps its word and notifies it,
 * then blocks on its own word. The woken thread records now − stamp. Every thread is
 * woken as often as it wakes, so per-thread throughput stays comparable.
 *
 * Only wake-ups from a real sleep are recorded: when the token arrives before the
 * thread got into Atomics.wait (the wait returns "not-equal"), there was no wake-up to
 * measure, and it is counted in `missed_sleeps` instead.
 *
 * Timestamps cross threads, so they come from the process-wide monotonic clock
 * (sync/cross-thread-clock.ts) and are stored exactly in a BigInt64Array.
 */
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { BIGINT64_PER_LINE, INT32_PER_LINE, linesToBytes } from '../lib/sync/cache-line.ts';
import { crossThreadNowNs, elapsedNs } from '../lib/sync/cross-thread-clock.ts';
import { sleepNs } from '../lib/sync/sleep.ts';
import { IntervalSamples } from './interval-samples.ts';
import { ringPosition } from './rings.ts';
import { defineParams, numberParam } from '../params.ts';

// Per thread, one cache line: word 0 the token sequence it waits on, word 1 the stop
// flag, bytes 8..15 the waker's stamp.
const SEQ = 0;
const STOP = 1;
const STAMP = 1;
/** A waiting thread re-checks its word this often, so a lost partner cannot hang it silently. */
const WAIT_TIMEOUT_MS = 1_000;

export default defineWorkload({
  name: 'scheduler.wakeup-latency',
  category: 'scheduler',
  tier: 2,
  description: 'Atomics.notify to Atomics.wait wake-up latency between threads passing a token in rings (cyclictest/schbench style).',
  params: defineParams([2, 4, 8, 16], {
    /** How long the token holder sleeps before waking the next thread. */
    intervalNs: numberParam({ min: 0, max: 1_000_000_000, default: 100_000 }),
  }),
  minThreads: 2,
  sharedBytes: (_params, threads) => linesToBytes(threads),
  kpis: [
    {
      name: 'scheduling_latency',
      description: '99th percentile of the time from Atomics.notify until the woken thread runs (seeds: < 100 µs).',
      statistic: 'p99',
      target: 100_000,
      direction: 'max',
      unit: 'ns',
      severity: 'warning',
    },
  ],
  run(ctx) {
    const { intervalNs } = ctx.params;
    const words = new Int32Array(ctx.shared);
    const stamps = new BigInt64Array(ctx.shared);
    const self = ctx.threadIndex;
    const { first, next } = ringPosition(self, ctx.threads);
    const seqOf = (thread: number): number => thread * INT32_PER_LINE + SEQ;
    const stopOf = (thread: number): number => thread * INT32_PER_LINE + STOP;
    const stampOf = (thread: number): number => thread * BIGINT64_PER_LINE + STAMP;

    const passToken = (stop: boolean): void => {
      if (stop) Atomics.store(words, stopOf(next), 1);
      Atomics.store(stamps, stampOf(next), crossThreadNowNs());
      Atomics.add(words, seqOf(next), 1);
      Atomics.notify(words, seqOf(next), 1);
    };

    const startNs = nowNs();
    const measureFromNs = startNs + ctx.phases.warmupNs;
    const endNs = measureFromNs + ctx.phases.durationNs;
    const iterations = ctx.phases.iterations;
    let seen = 0;
    let recorded = 0;
    let missedSleeps = 0;
    const samples = new IntervalSamples();
    let holding = self === first;
    for (;;) {
      if (!holding) {
        let slept = false;
        while (Atomics.load(words, seqOf(self)) === seen) {
          slept = Atomics.wait(words, seqOf(self), seen, WAIT_TIMEOUT_MS) === 'ok' || slept;
        }
        const wokeAt = crossThreadNowNs();
        seen = Atomics.load(words, seqOf(self));
        if (Atomics.load(words, stopOf(self)) === 1) {
          // Pass the stop on, so every member of the ring leaves; the one that started it
          // has gone already, and a notify with nobody waiting is harmless.
          passToken(true);
          break;
        }
        if (!slept) {
          missedSleeps++;
        } else {
          const now = nowNs();
          if (now >= measureFromNs) {
            const latencyNs = Math.max(1, elapsedNs(Atomics.load(stamps, stampOf(self)), wokeAt));
            ctx.recorder.record(latencyNs);
            samples.add(latencyNs, now);
            recorded++;
          }
        }
      }
      holding = false;
      const done = iterations !== undefined ? recorded >= iterations : nowNs() >= endNs;
      if (done) {
        passToken(true);
        break;
      }
      sleepNs(intervalNs);
      passToken(false);
    }
    return {
      samples: samples.finish(),
      measuredNs: Math.max(1, nowNs() - measureFromNs),
      metrics: { wakeups: recorded, missed_sleeps: missedSleeps },
    };
  },
});
