/**
 * TLB flush cost: drop every entry (what a context switch or a page-table change without
 * per-page invalidation costs the TLB itself), plus, as metrics, what refilling the whole
 * reach afterwards costs: one page walk per entry.
 */
import { measureBatched } from '../../measure/batch.ts';
import { nowNs } from '../../measure/clock.ts';
import { median } from '../../measure/median.ts';
import { defineWorkload } from '../api.ts';
import { mappedPageTable, strideStream } from '../lib/vm/address-streams.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { meanLatencyKpi } from '../kpis.ts';
import { Mmu } from '../lib/vm/mmu.ts';
import { PAGE_SIZE } from '../lib/vm/page-table.ts';
import { tlbConfig, tlbParams } from '../lib/vm/tlb-params.ts';

const NAME = 'tlb.flush';
const REFILL_ROUNDS = 200;

export default defineWorkload({
  name: NAME,
  category: 'tlb',
  tier: 1,
  description: 'Flush the whole TLB; the metrics add the cost of refilling its reach afterwards.',
  params: tlbParams(),
  kpis: [meanLatencyKpi(
    'flush',
    'Mean time of a full TLB flush (vmsoak\'s own target: no more than the seeds\' 1 µs budget for a miss).',
    1_000,
  )],
  run(ctx) {
    const tlb = tlbConfig(ctx.params);
    const mmu = new Mmu(mappedPageTable(tlb.entries), { ...tlb, prefetchDegree: 0 });
    const reach = strideStream(tlb.entries, PAGE_SIZE);
    for (const va of reach) mmu.translate(va);
    const outcome = measureBatched(ctx, () => {
      mmu.tlb.flush();
      return mmu.tlb.tags[0];
    });
    // Refill after a flush: one miss (walk + fill) per entry of the reach. The median
    // round, after warm-up rounds that let V8 optimize this loop.
    const refill = (): number => {
      mmu.tlb.flush();
      const start = nowNs();
      for (let i = 0; i < reach.length; i++) mmu.translate(reach[i]);
      return nowNs() - start;
    };
    for (let round = 0; round < REFILL_ROUNDS; round++) refill();
    const rounds = new Float64Array(REFILL_ROUNDS);
    for (let round = 0; round < REFILL_ROUNDS; round++) rounds[round] = refill();
    const refillNs = median(rounds);
    return batchedOutput(outcome, {
      refill_ns_per_entry: refillNs / reach.length,
      refill_ns: refillNs,
      tlb_entries: tlb.entries,
    });
  },
});
