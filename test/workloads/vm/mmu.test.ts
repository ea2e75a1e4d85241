import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { GuestFault } from '../../../src/workloads/lib/vm/isa.ts';
import { Mmu } from '../../../src/workloads/lib/vm/mmu.ts';
import { PAGE_BITS, PAGE_SIZE, PageTable } from '../../../src/workloads/lib/vm/page-table.ts';
import { Tlb, TLB_HITS, TLB_MISSES, TLB_PREFETCH_FILLS, TLB_PREFETCH_HITS } from '../../../src/workloads/lib/vm/tlb.ts';

/** Virtual pages the random tests use: 48 pages across three last-level tables (32 pages each). */
const VPN_BASE = 0x1235c;
const VPN_SPAN = 48;
const FRAMES = 64;

type Action =
  | { kind: 'translate'; page: number; offset: number }
  | { kind: 'map'; page: number; frame: number }
  | { kind: 'unmap'; page: number }
  | { kind: 'flush' };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('translate' as const), page: fc.nat(VPN_SPAN - 1), offset: fc.nat(PAGE_SIZE - 1) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('map' as const), page: fc.nat(VPN_SPAN - 1), frame: fc.nat(FRAMES - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unmap' as const), page: fc.nat(VPN_SPAN - 1) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('flush' as const) }) },
);

const geometry = fc.constantFrom({ entries: 4, ways: 1 }, { entries: 8, ways: 2 }, { entries: 16, ways: 4 }, { entries: 16, ways: 16 }, { entries: 64, ways: 4 });

describe('MMU and TLB', () => {
  it('translation through the TLB equals the mapping, across remaps, unmaps and flushes', () => {
    const initial = fc.array(fc.nat(FRAMES - 1), { minLength: VPN_SPAN, maxLength: VPN_SPAN });
    const actions = fc.array(action, { minLength: 50, maxLength: 400 });
    fc.assert(fc.property(geometry, fc.nat(3), initial, actions, (tlb, prefetchDegree, frames, steps) => {
      const mmu = new Mmu(new PageTable(64), { ...tlb, prefetchDegree });
      // The model: a plain map from page to frame, what the page table should say.
      const model = new Map<number, number>();
      frames.forEach((frame, page) => {
        mmu.map(VPN_BASE + page, frame);
        model.set(VPN_BASE + page, frame);
      });
      let translated = 0;
      for (const step of steps) {
        const vpn = VPN_BASE + (step.kind === 'flush' ? 0 : step.page);
        switch (step.kind) {
          case 'map': mmu.map(vpn, step.frame); model.set(vpn, step.frame); break;
          case 'unmap': mmu.unmap(vpn); model.delete(vpn); break;
          case 'flush': mmu.tlb.flush(); break;
          case 'translate': {
            const va = (vpn << PAGE_BITS) | step.offset;
            const frame = model.get(vpn);
            if (frame === undefined) {
              assert.throws(() => mmu.translate(va), GuestFault);
            } else {
              assert.equal(mmu.translate(va), (frame << PAGE_BITS) | step.offset);
              assert.equal(mmu.pageTable.walk(vpn), frame, 'the walk agrees too');
              translated++;
            }
          }
        }
      }
      assert.ok(translated > 0 || !steps.some((step) => step.kind === 'translate'));
    }), { numRuns: 200 });
  });

  it('the page table walks four levels and maps pages that share no table', () => {
    const table = new PageTable(16);
    table.map(0x00000, 7);
    table.map(0xfffff, 9);
    assert.equal(table.walk(0x00000), 7);
    assert.equal(table.walk(0xfffff), 9);
    assert.equal(table.walk(0x00001), -1);
    // Root + 3 tables per path, the two paths share only the root.
    assert.equal(table.tableCount, 7);
  });

  it('an LRU set keeps the recently used ways', () => {
    const tlb = new Tlb({ entries: 2, ways: 2 });
    tlb.insert(10, 1, false);
    tlb.insert(11, 2, false);
    assert.equal(tlb.lookup(10), 1);
    tlb.insert(12, 3, false);
    assert.equal(tlb.lookup(11), -1, '11 was least recently used');
    assert.equal(tlb.lookup(10), 1);
    assert.equal(tlb.lookup(12), 3);
    assert.deepEqual([tlb.stats[TLB_HITS], tlb.stats[TLB_MISSES]], [3, 1]);
  });

  it('a working set within the TLB reach hits every time after warm-up; twice the reach does not', () => {
    const pages = 64;
    const table = new PageTable(16);
    for (let p = 0; p < 2 * pages; p++) table.map(0x100 + p, p);
    const mmu = new Mmu(table, { entries: pages, ways: 4, prefetchDegree: 0 });
    const sweep = (count: number): void => {
      for (let p = 0; p < count; p++) mmu.translate((0x100 + p) << PAGE_BITS);
    };
    sweep(pages);
    mmu.tlb.resetStats();
    sweep(pages);
    assert.equal(mmu.tlb.hitRate(), 1);
    sweep(2 * pages);
    mmu.tlb.resetStats();
    sweep(2 * pages);
    assert.equal(mmu.tlb.hitRate(), 0, 'a cyclic sweep over twice the reach defeats LRU');
  });

  it('the next-page prefetcher halves the demand misses of a page-by-page stream', () => {
    const table = new PageTable(16);
    for (let p = 0; p < 256; p++) table.map(0x200 + p, p);
    const run = (degree: number): Mmu => {
      const mmu = new Mmu(table, { entries: 16, ways: 4, prefetchDegree: degree });
      for (let p = 0; p < 256; p++) mmu.translate((0x200 + p) << PAGE_BITS);
      return mmu;
    };
    const off = run(0);
    const on = run(1);
    assert.equal(off.tlb.stats[TLB_MISSES], 256);
    assert.equal(on.tlb.stats[TLB_MISSES], 128);
    assert.equal(on.tlb.stats[TLB_PREFETCH_FILLS], 128);
    assert.equal(on.tlb.stats[TLB_PREFETCH_HITS], 128);
    // Prefetches within a last-level table need no walk of their own; 256 pages span 8 tables.
    assert.ok(on.walks < off.walks, `${on.walks} walks with the prefetcher, ${off.walks} without`);
  });

  it('rejects a geometry that is not a power of two', () => {
    assert.throws(() => new Tlb({ entries: 48, ways: 4 }), /powers of two/);
    assert.throws(() => new Tlb({ entries: 4, ways: 8 }), /ways <= entries/);
  });
});
