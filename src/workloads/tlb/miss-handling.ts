/**
 * TLB miss handling: a translation that misses, walks the 4-level page table and fills the
 * TLB (LRU victim). A cyclic sweep, one access per page, over 64 times the TLB's reach makes
 * every access a miss, which the reported miss ratio confirms.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { withBarrierHook } from '../lib/sync/barrier-hook.ts';
import { mappedPageTable, strideStream } from '../lib/vm/address-streams.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { meanLatencyKpi } from '../kpis.ts';
import { Mmu } from '../lib/vm/mmu.ts';
import { PAGE_SIZE } from '../lib/vm/page-table.ts';
import { tlbConfig, tlbParams } from '../lib/vm/tlb-params.ts';
import { TLB_HITS, TLB_MISSES } from '../lib/vm/tlb.ts';

const NAME = 'tlb.miss-handling';
const REACHES = 64;

export default defineWorkload({
  name: NAME,
  category: 'tlb',
  tier: 1,
  description: 'One TLB miss: lookup, 4-level page-table walk and LRU fill, on a page-by-page sweep over 64x the TLB reach.',
  params: tlbParams(),
  kpis: [meanLatencyKpi(
    'miss_handling',
    'Mean time of a translation that misses the TLB: the lookup, the page walk and the fill (seeds: < 1 µs).',
    1_000,
  )],
  run(ctx) {
    const tlb = tlbConfig(ctx.params);
    const pages = tlb.entries * REACHES;
    const mmu = new Mmu(mappedPageTable(pages), { ...tlb, prefetchDegree: 0 });
    const stream = strideStream(pages, PAGE_SIZE);
    let cursor = 0;
    let walksAtStart = 0;
    const outcome = measureBatched(withBarrierHook(ctx, () => {
      mmu.tlb.resetStats();
      walksAtStart = mmu.walks;
    }), () => {
      const pa = mmu.translate(stream[cursor]);
      cursor = cursor + 1 === stream.length ? 0 : cursor + 1;
      return pa;
    });
    const lookups = mmu.tlb.stats[TLB_HITS] + mmu.tlb.stats[TLB_MISSES];
    return batchedOutput(outcome, {
      miss_ratio: 1 - mmu.tlb.hitRate(),
      walks_per_translation: lookups > 0 ? (mmu.walks - walksAtStart) / lookups : 0,
      page_tables: mmu.pageTable.tableCount,
    });
  },
});
