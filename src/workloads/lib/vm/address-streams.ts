/**
 * Address streams for the TLB workloads: a page table mapping a contiguous run of virtual
 * pages, and streams of guest virtual addresses over the first N of them (uniformly random,
 * or a strided sweep), precomputed so that generating an address costs nothing while the
 * translation is timed.
 */
import { DATA_BASE } from './machine.ts';
import { PAGE_BITS, PAGE_SIZE, PageTable, TABLE_ENTRIES } from './page-table.ts';
import { mulberry32 } from '../../../measure/mulberry32.ts';

export const STREAM_BASE = DATA_BASE;
const BASE_VPN = STREAM_BASE >>> PAGE_BITS;

/** A page table mapping `pages` virtual pages from STREAM_BASE on, to frames 0..pages-1. */
export function mappedPageTable(pages: number): PageTable {
  // A leaf table per 32 pages, a few for the upper levels.
  const table = new PageTable(8 + 2 * Math.ceil(pages / TABLE_ENTRIES));
  for (let p = 0; p < pages; p++) table.map(BASE_VPN + p, p);
  return table;
}

/** `length` word-aligned addresses, uniformly random over the first `pages` pages. */
export function randomStream(pages: number, length: number, seed: number): Int32Array {
  // Seeded: deterministic streams make runs comparable.
  const random = mulberry32(seed);
  const stream = new Int32Array(length);
  const words = (pages * PAGE_SIZE) / 4;
  for (let i = 0; i < length; i++) stream[i] = STREAM_BASE + 4 * Math.floor(random() * words);
  return stream;
}

/** A sweep over the first `pages` pages, one address every `strideBytes`. */
export function strideStream(pages: number, strideBytes: number): Int32Array {
  const length = Math.max(1, Math.floor((pages * PAGE_SIZE) / strideBytes));
  const stream = new Int32Array(length);
  for (let i = 0; i < length; i++) stream[i] = STREAM_BASE + i * strideBytes;
  return stream;
}
