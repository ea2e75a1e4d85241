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
import { metricKpi } from '../lib/vm/kpi.ts';
import { Mmu } from '../lib/vm/mmu.ts';
import { checkInteger, checkPowerOfTwo } from '../lib/vm/params.ts';
import { checkTlbParams, DEFAULT_TLB_PARAMS, type TlbParams } from '../lib/vm/tlb-params.ts';
import { TLB_MISSES, TLB_PREFETCH_FILLS, TLB_PREFETCH_HITS } from '../lib/vm/tlb.ts';

interface PrefetchParams extends TlbParams {
  prefetchDegree: number;
  strideBytes: number;
  /** Working set in TLB reaches. */
  workingSetReaches: number;
  /** Translations per timed call. */
  chunk: number;
}

const NAME = 'tlb.prefetch';

export default defineWorkload<PrefetchParams>({
  name: NAME,
  category: 'tlb',
  tier: 1,
  description: 'Next-page TLB prefetcher on against off, on a page-by-page sweep over 16x the TLB reach; gain in translation time.',
  params: { threads: [1], ...DEFAULT_TLB_PARAMS, prefetchDegree: 1, strideBytes: 4096, workingSetReaches: 16, chunk: 4096 },
  kpis: [metricKpi(
    'prefetch_gain',
    'Translation time saved by the prefetcher: 1 - time with / time without (seeds: > 10 %).',
    0.1,
    'min',
    'ratio',
  )],
  run(ctx) {
    const tlb = checkTlbParams(NAME, ctx.params);
    const degree = checkInteger(NAME, 'prefetchDegree', ctx.params.prefetchDegree, 1, 16);
    const stride = checkPowerOfTwo(NAME, 'strideBytes', ctx.params.strideBytes, 4, 1 << 20);
    const reaches = checkInteger(NAME, 'workingSetReaches', ctx.params.workingSetReaches, 1, 1024);
    const chunk = checkInteger(NAME, 'chunk', ctx.params.chunk, 1, 1 << 20);
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
