/**
 * TLB flush cost: drop every entry (what a context switch or a page-table change without
 * per-page invalidation costs the TLB itself), plus, as a metric, what refilling the whole
 * reach afterwards costs per entry in page walks.
 */
import { measureBatched } from '../../measure/batch.ts';
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { mappedPageTable, strideStream } from '../vm/address-streams.ts';
import { batchedOutput } from '../vm/batched-output.ts';
import { meanLatencyKpi } from '../vm/kpi.ts';
import { Mmu } from '../vm/mmu.ts';
import { PAGE_SIZE } from '../vm/page-table.ts';
import { checkTlbParams, DEFAULT_TLB_PARAMS, type TlbParams } from '../vm/tlb-params.ts';

const NAME = 'tlb.flush';
const REFILL_ROUNDS = 200;

export default defineWorkload<TlbParams>({
  name: NAME,
  category: 'tlb',
  tier: 1,
  description: 'Flush the whole TLB; the metrics add the cost of refilling its reach afterwards.',
  params: { threads: [1], ...DEFAULT_TLB_PARAMS },
  kpis: [meanLatencyKpi(
    'flush',
    'Mean time of a full TLB flush (vmsoak\'s own target: no more than the seeds\' 1 µs budget for a miss).',
    1_000,
  )],
  run(ctx) {
    const tlb = checkTlbParams(NAME, ctx.params);
    const mmu = new Mmu(mappedPageTable(tlb.entries), { ...tlb, prefetchDegree: 0 });
    const reach = strideStream(tlb.entries, PAGE_SIZE);
    for (const va of reach) mmu.translate(va);
    const outcome = measureBatched(ctx, () => {
      mmu.tlb.flush();
      return mmu.tlb.tags[0];
    });
    // Refill after a flush: one miss (walk + fill) per entry of the reach.
    let refillNs = 0;
    for (let round = 0; round < REFILL_ROUNDS; round++) {
      mmu.tlb.flush();
      const start = nowNs();
      for (let i = 0; i < reach.length; i++) mmu.translate(reach[i]);
      refillNs += nowNs() - start;
    }
    return batchedOutput(outcome, {
      refill_ns_per_entry: refillNs / (REFILL_ROUNDS * reach.length),
      refill_ns: refillNs / REFILL_ROUNDS,
      tlb_entries: tlb.entries,
    });
  },
});
