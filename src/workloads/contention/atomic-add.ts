/**
 * All threads Atomics.add on the same Int32 word: the cache line ping-pongs between
 * cores on every operation, so ns/op grows with the thread count. padded-counter is the
 * control without sharing.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { linesToBytes } from '../lib/sync/cache-line.ts';
import { CONTENTION_KPIS, contentionParams } from './kpis.ts';

const COUNTER = 0;

export default defineWorkload({
  name: 'contention.atomic-add',
  category: 'contention',
  tier: 2,
  description: 'Atomics.add on one shared Int32 word from every thread (a contended atomic counter).',
  params: contentionParams(),
  sharedBytes: () => linesToBytes(1),
  kpis: CONTENTION_KPIS,
  run(ctx) {
    const words = new Int32Array(ctx.shared);
    return measureBatched(ctx, () => Atomics.add(words, COUNTER, 1));
  },
});
