/**
 * Increment one shared word with a compareExchange retry loop, the way lock-free code
 * updates a value that has no single atomic instruction. Under contention a CAS fails
 * whenever another thread wrote between the load and the CAS; the retries per op say how
 * much of the time goes into work that is thrown away.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { withBarrierHook } from '../lib/sync/barrier-hook.ts';
import { linesToBytes } from '../lib/sync/cache-line.ts';
import { CONTENTION_KPIS, contentionParams } from './kpis.ts';

const COUNTER = 0;

export default defineWorkload({
  name: 'contention.cas-loop',
  category: 'contention',
  tier: 2,
  description: 'Increment of one shared Int32 word by a compareExchange retry loop; reports CAS retries per op.',
  params: contentionParams(),
  sharedBytes: () => linesToBytes(1),
  kpis: CONTENTION_KPIS,
  run(ctx) {
    const words = new Int32Array(ctx.shared);
    let ops = 0;
    let retries = 0;
    // Count the measured batches only: reset once measureBatched passes its barrier.
    const measured = withBarrierHook(ctx, () => {
      ops = 0;
      retries = 0;
    });
    const outcome = measureBatched(measured, () => {
      ops++;
      let seen = Atomics.load(words, COUNTER);
      for (;;) {
        const witnessed = Atomics.compareExchange(words, COUNTER, seen, (seen + 1) | 0);
        if (witnessed === seen) return witnessed;
        seen = witnessed;
        retries++;
      }
    });
    return {
      ...outcome,
      metrics: { cas_ops: ops, cas_retries: retries },
    };
  },
  aggregate(outputs) {
    let ops = 0;
    let retries = 0;
    for (const output of outputs) {
      ops += output.metrics?.cas_ops ?? 0;
      retries += output.metrics?.cas_retries ?? 0;
    }
    return { cas_ops: ops, cas_retries: retries, retries_per_op: ops > 0 ? retries / ops : 0 };
  },
});
