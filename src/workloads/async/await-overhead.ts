/**
 * The seeds' async overhead: what `await` on a value that is already there costs against
 * getting the same value from a synchronous call. The awaited promise is settled before
 * the loop starts (a ready future), so each op is exactly the await machinery: suspend the
 * async frame, queue the reaction as a microtask, resume. The synchronous reference is
 * the same loop calling a function that returns the value, timed by measureBatched with
 * its dead-code check. async_overhead_ns = await ns/op − sync ns/op.
 */
import { nowNs } from '../../measure/clock.ts';
import { measureReferenceBatched } from '../../measure/reference-batched.ts';
import { defineWorkload } from '../api.ts';
import { ASYNC_OVERHEAD_TARGET_NS } from './targets.ts';
import { measureRounds } from './measure-rounds.ts';
import { defineParams } from '../params.ts';

/** Awaits per round: ~10 µs at the costs seen, far above the timer's ~40 ns. */
const AWAITS_PER_ROUND = 256;

function readValue(i: number): number {
  return (i * 31) & 0xffff;
}

export default defineWorkload({
  name: 'async.await-overhead',
  category: 'async',
  tier: 1,
  description: 'await on an already-settled promise against a synchronous call returning the same value: the async overhead per await.',
  params: defineParams([1]),
  maxThreads: 1,
  kpis: [
    {
      name: 'async_overhead',
      description: 'Mean ns an await on a settled promise costs more than a synchronous call (seeds: < 500 ns).',
      statistic: 'metric:async_overhead_ns',
      target: ASYNC_OVERHEAD_TARGET_NS,
      direction: 'max',
      unit: 'ns',
      severity: 'warning',
    },
  ],
  async run(ctx) {
    const sync = measureReferenceBatched(ctx, readValue);
    const settled = Promise.resolve(readValue(1));
    // An await is observable (it suspends and resumes this frame), so unlike the
    // synchronous reference it needs no sink to stay in the code.
    const outcome = await measureRounds(ctx, async () => {
      const start = nowNs();
      for (let i = 0; i < AWAITS_PER_ROUND; i++) await settled;
      return nowNs() - start;
    }, AWAITS_PER_ROUND);
    return {
      ...outcome,
      metrics: {
        await_ns_per_op: outcome.nsPerOp,
        sync_ns_per_op: sync.nsPerOp,
        async_overhead_ns: outcome.nsPerOp - sync.nsPerOp,
      },
    };
  },
});
