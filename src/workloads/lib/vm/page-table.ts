/**
 * A 4-level page table in one typed array, as an x86-64 or ARMv8 MMU walks it: a 32-bit
 * guest virtual address is a 20-bit virtual page number (VPN) and a 12-bit offset in a 4 KiB
 * page; the VPN splits into four 5-bit indices, one per level. Each table is 32 entries of
 * the array; an entry is 0 (not present) or `(next << 1) | 1`, where `next` is the next
 * level's table number, or at the last level the physical frame number.
 */
export const PAGE_BITS = 12;
export const PAGE_SIZE = 1 << PAGE_BITS;
export const PAGE_OFFSET_MASK = PAGE_SIZE - 1;
export const LEVELS = 4;
export const LEVEL_BITS = 5;
export const TABLE_ENTRIES = 1 << LEVEL_BITS;
const INDEX_MASK = TABLE_ENTRIES - 1;
const PRESENT = 1;

export class PageTable {
  /** All tables, 32 entries each; table 0 is the root. */
  readonly entries: Int32Array;
  #tables = 1;

  constructor(maxTables = 256) {
    this.entries = new Int32Array(maxTables * TABLE_ENTRIES);
  }

  /** Tables in use (the root included). */
  get tableCount(): number {
    return this.#tables;
  }

  /** Maps virtual page `vpn` to physical frame `frame`, creating intermediate tables as needed. */
  map(vpn: number, frame: number): void {
    let table = 0;
    for (let level = 0; level < LEVELS - 1; level++) {
      const slot = table * TABLE_ENTRIES + ((vpn >>> (LEVEL_BITS * (LEVELS - 1 - level))) & INDEX_MASK);
      if ((this.entries[slot] & PRESENT) === 0) {
        if ((this.#tables + 1) * TABLE_ENTRIES > this.entries.length) throw new RangeError('page table: out of table space');
        this.entries[slot] = (this.#tables++ << 1) | PRESENT;
      }
      table = this.entries[slot] >>> 1;
    }
    this.entries[table * TABLE_ENTRIES + (vpn & INDEX_MASK)] = (frame << 1) | PRESENT;
  }

  /** Removes the mapping of `vpn` (its tables stay). */
  unmap(vpn: number): void {
    const leaf = this.leafTable(vpn);
    if (leaf >= 0) this.entries[leaf * TABLE_ENTRIES + (vpn & INDEX_MASK)] = 0;
  }

  /** The last-level table holding `vpn`'s entry (three reads), or -1 when a level is missing. */
  leafTable(vpn: number): number {
    const entries = this.entries;
    let entry = entries[(vpn >>> 15) & INDEX_MASK];
    if ((entry & PRESENT) === 0) return -1;
    entry = entries[(entry >>> 1) * TABLE_ENTRIES + ((vpn >>> 10) & INDEX_MASK)];
    if ((entry & PRESENT) === 0) return -1;
    entry = entries[(entry >>> 1) * TABLE_ENTRIES + ((vpn >>> 5) & INDEX_MASK)];
    if ((entry & PRESENT) === 0) return -1;
    return entry >>> 1;
  }

  /** The frame `vpn` maps to in last-level table `leaf`, or -1. */
  frameIn(leaf: number, vpn: number): number {
    const entry = this.entries[leaf * TABLE_ENTRIES + (vpn & INDEX_MASK)];
    return (entry & PRESENT) === 0 ? -1 : entry >>> 1;
  }

  /** The full walk: the frame `vpn` maps to, or -1 when it is not mapped. */
  walk(vpn: number): number {
    const leaf = this.leafTable(vpn);
    return leaf < 0 ? -1 : this.frameIn(leaf, vpn);
  }

  /** Forgets every mapping. */
  clear(): void {
    this.entries.fill(0);
    this.#tables = 1;
  }

  /** Replaces this table's contents with a copy of `entries` (a snapshot's). */
  load(entries: Int32Array, tables: number): void {
    if (entries.length > this.entries.length) throw new RangeError('page table: snapshot is larger than the table space');
    this.entries.fill(0);
    this.entries.set(entries);
    this.#tables = tables;
  }
}
