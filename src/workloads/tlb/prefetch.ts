/**
 * Gain of the next-page TLB prefetcher on a page-strided stream over 16 times the TLB reach:
 * one access per 4 KiB page, pages in order, the classic TLB stress pattern (a column walk
 * over rows of a page or more, a scan of per-page headers; `strideBytes` changes it). Two
 * MMUs over one page table, identical but for the prefetcher, translate chunks of the same
 * stream in interleaved rounds. The prefetcher fills the next page on every miss, from the
 * last-level table the walk just read, so a demand walk is needed only every other page.
 */
import { measureInterleaved } from '../../measure/interleaved.ts';
import { defineWorkload } from '../api.ts';
import { withBarrierHook } from '../lib/sync/barrier-hook.ts';
import { mappedPageTable, strideStream } from '../lib/vm/address-streams.ts';
import { metricKpi } from '../kpis.ts';
import { Mmu } from '../lib/vm/mmu.ts';
import { tlbConfig, tlbParams } from '../lib/vm/tlb-params.ts';
import { TLB_MISSES, TLB_PREFETCH_FILLS, TLB_PREFETCH_HITS } from '../lib/vm/tlb.ts';
import { integerParam, powerOfTwoParam } from '../params.ts';

const NAME = 'tlb.prefetch';

export default defineWorkload({
  name: NAME,
  category: 'tlb',
  tier: 1,
  description: 'Next-page TLB prefetcher on against off, on a page-by-page sweep over 16x the TLB reach; gain in translation time.',
  params: tlbParams({
    prefetchDegree: integerParam({ min: 1, max: 16, default: 1 }),
    strideBytes: powerOfTwoParam({ min: 4, max: 1 << 20, default: 4096 }),
    /** Working set in TLB reaches. */
    workingSetReaches: integerParam({ min: 1, max: 1024, default: 16 }),
    /** Translations per timed call. */
    chunk: integerParam({ min: 1, max: 1 << 20, default: 4096 }),
  }),
  kpis: [metricKpi(
    'prefetch_gain',
    'Translation time saved by the prefetcher: 1 - time with / time without (seeds: > 10 %).',
    0.1,
    'min',
    'ratio',
  )],
  run(ctx) {
    const tlb = tlbConfig(ctx.params);
    const { prefetchDegree: degree, strideBytes: stride, workingSetReaches: reaches, chunk } = ctx.params;
    const pageTable = mappedPageTable(tlb.entries * reaches);
    const stream = strideStream(tlb.entries * reaches, stride);
    const withPrefetch = new Mmu(pageTable, { ...tlb, prefetchDegree: degree });
    const without = new Mmu(pageTable, { ...tlb, prefetchDegree: 0 });
    const sweep = (mmu: Mmu, cursors: Int32Array, which: number): number => {
      let cursor = cursors[which];
      let pa = 0;
      for (let i = 0; i < chunk; i++) {
        pa ^= mmu.translate(stream[cursor]);
        cursor = cursor + 1 === stream.length ? 0 : cursor + 1;
      }
      cursors[which] = cursor;
      return pa;
    };
    const cursors = new Int32Array(2);
    const outcome = measureInterleaved(withBarrierHook(ctx, () => {
      withPrefetch.tlb.resetStats();
      without.tlb.resetStats();
    }), [() => sweep(withPrefetch, cursors, 0), () => sweep(without, cursors, 1)], { opsPerCall: chunk });
    const [on, off] = outcome.variants;
    const fills = withPrefetch.tlb.stats[TLB_PREFETCH_FILLS];
    return {
      samples: outcome.samples,
      measuredNs: outcome.measuredNs,
      metrics: {
        prefetch_gain: 1 - on.medianNs / off.medianNs,
        ns_per_translation_prefetch: on.medianNs / chunk,
        ns_per_translation_no_prefetch: off.medianNs / chunk,
        miss_ratio_prefetch: 1 - withPrefetch.tlb.hitRate(),
        miss_ratio_no_prefetch: 1 - without.tlb.hitRate(),
        demand_misses_saved: 1 - withPrefetch.tlb.stats[TLB_MISSES] / Math.max(1, without.tlb.stats[TLB_MISSES]),
        prefetch_accuracy: fills > 0 ? withPrefetch.tlb.stats[TLB_PREFETCH_HITS] / fills : 0,
      },
    };
  },
});
