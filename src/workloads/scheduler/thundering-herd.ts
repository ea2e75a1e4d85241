/**
 * Thundering herd: T − 1 threads block in Atomics.wait on one word, and thread 0 wakes them
 * all with one Atomics.notify. The time that matters is until the LAST of them runs,
 * because work that needs all of them (a barrier, a fan-out) waits for the slowest. Each
 * waiter stamps its wake-up time; thread 0 waits until all have, and records the latest
 * stamp minus its notify stamp. Only thread 0 records, one value per round.
 *
 * Before each notify, thread 0 waits until every waiter has announced it is about to
 * sleep and then gives them `settleNs` to get into the futex. A round in which notify woke
 * fewer than all of them (a waiter had not gone to sleep yet) measured something else and
 * is not recorded; it is counted in `partial_rounds`.
 *
 * The 1 ms target is vmsoak's own: the seeds list a thundering-herd test but give it no
 * target beyond the 100 µs scheduling latency for a single wake-up.
 */
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { BIGINT64_PER_LINE, INT32_PER_LINE, linesToBytes } from '../lib/sync/cache-line.ts';
import { crossThreadNowNs, elapsedNs } from '../lib/sync/cross-thread-clock.ts';
import { sleepNs } from '../lib/sync/sleep.ts';
import { IntervalSamples } from './interval-samples.ts';
import { defineParams, numberParam } from '../params.ts';

// Line 0: the word the herd sleeps on (the round number) and the stop flag.
// Line 1: how many waiters have announced, cumulative. Line 2: how many have woken and
// stamped, cumulative. Lines 3..: each thread's wake stamp.
const ROUND = 0;
const STOP = 1;
const READY = INT32_PER_LINE;
const DONE = 2 * INT32_PER_LINE;
const STAMPS_LINE = 3;
const WAIT_TIMEOUT_MS = 1_000;

/** Blocks until the cumulative counter at `index` reaches `target`. */
function awaitCount(words: Int32Array, index: number, target: number): void {
  for (;;) {
    const value = Atomics.load(words, index);
    if (value >= target) return;
    Atomics.wait(words, index, value, WAIT_TIMEOUT_MS);
  }
}

/** Adds one to a cumulative counter and wakes its watcher when it reaches `target`. */
function arrive(words: Int32Array, index: number, target: number): void {
  if (Atomics.add(words, index, 1) + 1 === target) Atomics.notify(words, index);
}

export default defineWorkload({
  name: 'scheduler.thundering-herd',
  category: 'scheduler',
  tier: 2,
  description: 'One Atomics.notify wakes T−1 threads blocked on one word; records the time until the last of them runs. Its 1 ms target is vmsoak\'s own.',
  params: defineParams([2, 4, 8, 16], {
    /** Pause between all waiters announcing they are going to sleep and the notify. */
    settleNs: numberParam({ min: 0, max: 1_000_000_000, default: 200_000 }),
  }),
  minThreads: 2,
  // Thread 0 notifies and records; the others only wake, so per-thread op counts differ by design.
  fairness: false,
  sharedBytes: (_params, threads) => linesToBytes(STAMPS_LINE + threads),
  kpis: [
    {
      name: 'herd_wake_time',
      description: '99th percentile of the time from one notify until the last of the T−1 woken threads runs (vmsoak\'s own target).',
      statistic: 'p99',
      target: 1_000_000,
      direction: 'max',
      unit: 'ns',
      severity: 'warning',
    },
  ],
  run(ctx) {
    const { settleNs } = ctx.params;
    const words = new Int32Array(ctx.shared);
    const stamps = new BigInt64Array(ctx.shared);
    const stampOf = (thread: number): number => (STAMPS_LINE + thread) * BIGINT64_PER_LINE;
    const waiters = ctx.threads - 1;

    if (ctx.threadIndex !== 0) {
      for (let round = 1; ; round++) {
        arrive(words, READY, round * waiters);
        while (Atomics.load(words, ROUND) < round) Atomics.wait(words, ROUND, round - 1, WAIT_TIMEOUT_MS);
        const wokeAt = crossThreadNowNs();
        if (Atomics.load(words, STOP) === 1) break;
        Atomics.store(stamps, stampOf(ctx.threadIndex), wokeAt);
        arrive(words, DONE, round * waiters);
      }
      return { metrics: { rounds: 0, partial_rounds: 0 } };
    }

    const measureFromNs = nowNs() + ctx.phases.warmupNs;
    const endNs = measureFromNs + ctx.phases.durationNs;
    const iterations = ctx.phases.iterations;
    let recorded = 0;
    let partialRounds = 0;
    const samples = new IntervalSamples();
    for (let round = 1; ; round++) {
      awaitCount(words, READY, round * waiters);
      if (iterations !== undefined ? recorded >= iterations : nowNs() >= endNs) {
        Atomics.store(words, STOP, 1);
        Atomics.store(words, ROUND, round);
        Atomics.notify(words, ROUND);
        break;
      }
      sleepNs(settleNs);
      const notifiedAt = crossThreadNowNs();
      Atomics.store(words, ROUND, round);
      const woken = Atomics.notify(words, ROUND);
      awaitCount(words, DONE, round * waiters);
      let lastWake = notifiedAt;
      for (let thread = 1; thread <= waiters; thread++) {
        const stamp = Atomics.load(stamps, stampOf(thread));
        if (stamp > lastWake) lastWake = stamp;
      }
      if (woken < waiters) {
        partialRounds++;
      } else {
        const now = nowNs();
        if (now >= measureFromNs) {
          const herdNs = Math.max(1, elapsedNs(notifiedAt, lastWake));
          ctx.recorder.record(herdNs);
          samples.add(herdNs, now);
          recorded++;
        }
      }
    }
    return {
      samples: samples.finish(),
      measuredNs: Math.max(1, nowNs() - measureFromNs),
      metrics: { rounds: recorded, partial_rounds: partialRounds },
    };
  },
  aggregate(outputs) {
    // Only thread 0 measures; the waiters report zeros.
    let rounds = 0;
    let partialRounds = 0;
    for (const output of outputs) {
      rounds += output.metrics?.rounds ?? 0;
      partialRounds += output.metrics?.partial_rounds ?? 0;
    }
    return { rounds, partial_rounds: partialRounds };
  },
});
