/**
 * Guest physical memory (one ArrayBuffer with byte and word views) addressed through the
 * MMU. Word accesses must be 4-byte aligned, so a word never straddles two pages. The word
 * view assumes a little-endian host, as x86-64 and arm64 are.
 */
import { GuestFault } from './isa.ts';
import { Mmu, type MmuConfig } from './mmu.ts';
import { PAGE_SIZE, PageTable } from './page-table.ts';

export class GuestMemory {
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
  readonly mmu: Mmu;

  constructor(frames: number, mmuConfig: MmuConfig, maxPageTables = 256) {
    const buffer = new ArrayBuffer(frames * PAGE_SIZE);
    this.bytes = new Uint8Array(buffer);
    this.words = new Int32Array(buffer);
    this.mmu = new Mmu(new PageTable(maxPageTables), mmuConfig);
  }

  get frames(): number {
    return this.bytes.length / PAGE_SIZE;
  }

  ld32(va: number): number {
    if ((va & 3) !== 0) throw new GuestFault(`unaligned word load at 0x${(va >>> 0).toString(16)}`);
    return this.words[this.mmu.translate(va) >> 2];
  }

  st32(va: number, value: number): void {
    if ((va & 3) !== 0) throw new GuestFault(`unaligned word store at 0x${(va >>> 0).toString(16)}`);
    this.words[this.mmu.translate(va) >> 2] = value;
  }

  ld8(va: number): number {
    return this.bytes[this.mmu.translate(va)];
  }

  st8(va: number, value: number): void {
    this.bytes[this.mmu.translate(va)] = value;
  }
}
