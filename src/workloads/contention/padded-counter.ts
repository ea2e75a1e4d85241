/**
 * Every thread Atomics.add on its own word, each word on its own 64-byte cache line: the
 * same instruction as atomic-add with no sharing, so ns/op should stay flat as threads
 * are added (until the threads outnumber the cores). The gap between the two is the
 * price of contention.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { INT32_PER_LINE, linesToBytes } from '../lib/sync/cache-line.ts';
import { CONTENTION_KPIS, contentionParams } from './kpis.ts';

export default defineWorkload({
  name: 'contention.padded-counter',
  category: 'contention',
  tier: 2,
  description: 'Atomics.add on a per-thread word padded to its own cache line: the no-sharing control for contention.atomic-add.',
  params: contentionParams(),
  sharedBytes: (_params, threads) => linesToBytes(threads),
  kpis: CONTENTION_KPIS,
  run(ctx) {
    const words = new Int32Array(ctx.shared);
    const own = ctx.threadIndex * INT32_PER_LINE;
    return measureBatched(ctx, () => Atomics.add(words, own, 1));
  },
});
