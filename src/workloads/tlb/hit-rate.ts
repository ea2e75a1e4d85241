/**
 * TLB hit rate across working-set sizes, from half the TLB's reach to 16 times over it:
 * uniformly random word addresses over the working set, translated through a
 * set-associative TLB (LRU) in front of the 4-level page table. Each size gets one warm-up
 * pass and one counted pass. The timed operation is one translation at the largest working
 * set that fits (as many pages as TLB entries).
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { withBarrierHook } from '../lib/sync/barrier-hook.ts';
import { mappedPageTable, randomStream } from '../lib/vm/address-streams.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { metricKpi } from '../kpis.ts';
import { Mmu } from '../lib/vm/mmu.ts';
import { tlbConfig, tlbParams } from '../lib/vm/tlb-params.ts';
import { powerOfTwoParam } from '../params.ts';

const NAME = 'tlb.hit-rate';
/** Working-set sizes, in TLB reaches; 1 is the largest that fits. */
const MULTIPLES = [0.5, 1, 2, 4, 8, 16];
const FITS = 1;

const metricName = (multiple: number): string => `hit_rate_${String(multiple).replace('.', '_')}x`;

export default defineWorkload({
  name: NAME,
  category: 'tlb',
  tier: 1,
  description: 'Set-associative TLB hit rate for random accesses over working sets of 0.5x to 16x the TLB reach; times one translation at 1x.',
  metricKeys: [{
    key: 'hit_rate_{reaches}x',
    description: 'Hit rate over a working set of that many TLB reaches (0_5 = one half), after warm-up.',
    labels: { reaches: MULTIPLES.map((multiple) => String(multiple).replace('.', '_')) },
  }],
  params: tlbParams({
    /** Addresses per stream. */
    streamLength: powerOfTwoParam({ min: 1024, max: 1 << 22, default: 1 << 16 }),
  }),
  kpis: [metricKpi(
    'hit_rate',
    'TLB hit rate with a working set as large as the TLB reach, after warm-up (seeds: > 95 %).',
    0.95,
    'min',
    'ratio',
  )],
  run(ctx) {
    const tlb = tlbConfig(ctx.params);
    const length = ctx.params.streamLength;
    const mmu = new Mmu(mappedPageTable(tlb.entries * MULTIPLES[MULTIPLES.length - 1]), { ...tlb, prefetchDegree: 0 });
    const streams = MULTIPLES.map((multiple, k) => randomStream(Math.max(1, Math.round(multiple * tlb.entries)), length, 1000 + k));

    const timed = streams[MULTIPLES.indexOf(FITS)];
    const mask = length - 1;
    let cursor = 0;
    const outcome = measureBatched(withBarrierHook(ctx, () => mmu.tlb.resetStats()), () => {
      const pa = mmu.translate(timed[cursor]);
      cursor = (cursor + 1) & mask;
      return pa;
    });
    const metrics: Record<string, number> = { timed_hit_rate: mmu.tlb.hitRate() };

    MULTIPLES.forEach((multiple, k) => {
      const stream = streams[k];
      mmu.tlb.flush();
      for (let i = 0; i < length; i++) mmu.translate(stream[i]);
      mmu.tlb.resetStats();
      for (let i = 0; i < length; i++) mmu.translate(stream[i]);
      metrics[metricName(multiple)] = mmu.tlb.hitRate();
    });
    metrics.hit_rate = metrics[metricName(FITS)];
    return batchedOutput(outcome, metrics);
  },
});
