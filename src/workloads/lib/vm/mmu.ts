/**
 * The guest MMU: virtual -> physical translation through the TLB, a page-table walk on a
 * miss, and a next-page prefetcher. On a miss the prefetcher also fills the next
 * `prefetchDegree` pages; a next page in the same last-level table costs one entry read,
 * because the walk to that table was just done (hardware page-walk caches do the same), so
 * a stream through pages pays a full walk only every `degree + 1` pages.
 */
import { GuestFault } from './isa.ts';
import { PAGE_BITS, PAGE_OFFSET_MASK, PageTable, TABLE_ENTRIES } from './page-table.ts';
import { Tlb, type TlbConfig } from './tlb.ts';

export interface MmuConfig extends TlbConfig {
  /** Pages filled ahead on a miss; 0 turns the prefetcher off. */
  prefetchDegree: number;
}

export const DEFAULT_MMU_CONFIG: Readonly<MmuConfig> = { entries: 64, ways: 4, prefetchDegree: 0 };

const VPN_MASK = (1 << (32 - PAGE_BITS)) - 1;

export class Mmu {
  readonly pageTable: PageTable;
  readonly tlb: Tlb;
  prefetchDegree: number;
  /** Full page-table walks done (demand misses and prefetches that needed one). */
  walks = 0;

  constructor(pageTable: PageTable, config: MmuConfig) {
    if (!(Number.isInteger(config.prefetchDegree) && config.prefetchDegree >= 0 && config.prefetchDegree <= 16)) {
      throw new RangeError(`mmu: prefetchDegree must be an integer 0..16, got ${config.prefetchDegree}`);
    }
    this.pageTable = pageTable;
    this.tlb = new Tlb(config);
    this.prefetchDegree = config.prefetchDegree;
  }

  /** The physical address of virtual address `va`; throws GuestFault when it is not mapped. */
  translate(va: number): number {
    const vpn = va >>> PAGE_BITS;
    let frame = this.tlb.lookup(vpn);
    if (frame < 0) frame = this.miss(vpn);
    return (frame << PAGE_BITS) | (va & PAGE_OFFSET_MASK);
  }

  /** Miss handling: walk, fill, prefetch; returns the frame of `vpn`. */
  miss(vpn: number): number {
    const pageTable = this.pageTable;
    const leaf = pageTable.leafTable(vpn);
    this.walks++;
    const frame = leaf < 0 ? -1 : pageTable.frameIn(leaf, vpn);
    if (frame < 0) throw new GuestFault(`page fault at 0x${((vpn << PAGE_BITS) >>> 0).toString(16)}`);
    this.tlb.insert(vpn, frame, false);
    for (let d = 1; d <= this.prefetchDegree; d++) {
      const next = (vpn + d) & VPN_MASK;
      if (this.tlb.holds(next)) continue;
      let nextFrame: number;
      if ((next & (TABLE_ENTRIES - 1)) > (vpn & (TABLE_ENTRIES - 1))) {
        nextFrame = pageTable.frameIn(leaf, next);
      } else {
        this.walks++;
        nextFrame = pageTable.walk(next);
      }
      if (nextFrame >= 0) this.tlb.insert(next, nextFrame, true);
    }
    return frame;
  }

  /** Maps a page and drops any stale TLB entry for it (the remap case of INVLPG). */
  map(vpn: number, frame: number): void {
    this.pageTable.map(vpn, frame);
    this.tlb.flushPage(vpn);
  }

  unmap(vpn: number): void {
    this.pageTable.unmap(vpn);
    this.tlb.flushPage(vpn);
  }
}
