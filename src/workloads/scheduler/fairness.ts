/**
 * T threads compete for one futex mutex (sync/futex-mutex.ts) for the whole measurement,
 * each doing a little work outside the lock between acquisitions. The mutex is not fair
 * by construction (a running thread can take it before a woken waiter gets the CPU), so
 * who gets it is up to the scheduler: the per-thread acquisition counts measure how
 * evenly the OS and V8 share the CPU and the lock. Each acquisition's acquire+hold time
 * goes into the latency histogram; its tail shows starvation.
 *
 * All threads measure the same window: thread 0 ends it with a shared stop flag, so a
 * thread that started late or finished early does not skew the counts.
 */
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { INT32_PER_LINE, linesToBytes } from '../lib/sync/cache-line.ts';
import { mutexLock, mutexUnlock } from '../lib/sync/futex-mutex.ts';
import { fairnessMetrics } from './fairness-metrics.ts';
import { IntervalSamples } from './interval-samples.ts';
import { statisticKpi } from '../kpis.ts';
import { defineParams, integerParam } from '../params.ts';

// Line 0: the mutex. Line 1: the stop flag. Line 2: the protected counter and a sink.
const MUTEX = 0;
const STOP = INT32_PER_LINE;
const PROTECTED = 2 * INT32_PER_LINE;
const SINK = PROTECTED + 1;

/** A few ns of dependent integer work per iteration, that the JIT cannot fold away. */
function spin(seed: number, iterations: number): number {
  let x = seed | 0;
  for (let i = 0; i < iterations; i++) x = Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + i;
  return x;
}

export default defineWorkload({
  name: 'scheduler.fairness',
  category: 'scheduler',
  tier: 2,
  description: 'Threads compete for one futex mutex; per-thread acquisition counts give Jain\'s index and the load imbalance.',
  params: defineParams([2, 4, 8, 16], {
    /** Iterations of a small integer hash done while holding the lock. */
    holdWork: integerParam({ min: 0, max: 1_000_000, default: 20 }),
    /** Iterations done outside the lock between acquisitions. */
    thinkWork: integerParam({ min: 0, max: 1_000_000, default: 100 }),
  }),
  minThreads: 2,
  sharedBytes: () => linesToBytes(3),
  kpis: [
    statisticKpi(
      'load_imbalance', '(max − min) / max of per-thread lock acquisitions (seeds: load imbalance < 30 %).', 'metric:imbalance', 0.3,
      'max', 'ratio', 'warning',
    ),
  ],
  run(ctx) {
    const { holdWork, thinkWork } = ctx.params;
    const words = new Int32Array(ctx.shared);
    const recorder = ctx.recorder;
    let sink = ctx.threadIndex;

    const acquire = (): void => {
      mutexLock(words, MUTEX);
      words[PROTECTED] = spin(words[PROTECTED], holdWork);
      mutexUnlock(words, MUTEX);
      sink = spin(sink, thinkWork);
    };

    const warmUntil = nowNs() + ctx.phases.warmupNs;
    while (nowNs() < warmUntil) acquire();
    ctx.barrier();

    const iterations = ctx.phases.iterations;
    const startNs = nowNs();
    const endNs = startNs + ctx.phases.durationNs;
    const timekeeper = ctx.threadIndex === 0 && iterations === undefined;
    let acquisitions = 0;
    const samples = new IntervalSamples();
    for (;;) {
      if (iterations !== undefined ? acquisitions >= iterations : Atomics.load(words, STOP) === 1) break;
      const before = nowNs();
      mutexLock(words, MUTEX);
      words[PROTECTED] = spin(words[PROTECTED], holdWork);
      mutexUnlock(words, MUTEX);
      const after = nowNs();
      recorder.record(Math.max(1, after - before));
      samples.add(after - before, after);
      acquisitions++;
      sink = spin(sink, thinkWork);
      if (timekeeper && after >= endNs) Atomics.store(words, STOP, 1);
    }
    // Publish the think work's result, so it cannot be optimised away.
    words[SINK] = sink;
    return { samples: samples.finish(), measuredNs: nowNs() - startNs, metrics: { acquisitions } };
  },
  aggregate(outputs) {
    const counts = outputs.map((output) => output.metrics?.acquisitions ?? 0);
    return { ...fairnessMetrics(counts), acquisitions: counts.reduce((a, b) => a + b, 0) };
  },
});
