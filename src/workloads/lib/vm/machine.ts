/**
 * The guest machine's state: 16 registers, the flags (the two values of the last compare,
 * evaluated lazily by the next conditional branch, as QEMU keeps x86 flags), the program
 * counter, and guest memory behind the MMU.
 *
 * The address space has two regions, each mapped page by page through the page table:
 * data at DATA_BASE (the programs' arrays) and the stack just below STACK_TOP.
 */
import { GuestMemory } from './guest-memory.ts';
import { REGISTER_COUNT, SP } from './isa.ts';
import { DEFAULT_MMU_CONFIG, type MmuConfig } from './mmu.ts';
import { PAGE_BITS, PAGE_SIZE } from './page-table.ts';

export const DATA_BASE = 0x0010_0000;
export const STACK_TOP = 0x7fff_0000;

export interface MachineConfig {
  dataBytes: number;
  stackBytes: number;
  mmu: MmuConfig;
}

export const DEFAULT_MACHINE_CONFIG: Readonly<MachineConfig> = {
  dataBytes: 256 * 1024,
  stackBytes: 64 * 1024,
  mmu: DEFAULT_MMU_CONFIG,
};

/** The index returned for a finished program. */
export const HALTED = -1;

export class GuestMachine {
  readonly regs = new Int32Array(REGISTER_COUNT);
  /** The two operands of the last CMP/CMPI: [left, right]. */
  readonly flags = new Int32Array(2);
  readonly memory: GuestMemory;
  readonly config: MachineConfig;
  /** Instruction index to execute next; HALTED after HALT. */
  pc = 0;
  /** Instructions retired since reset (engines that count them: interpreter and JIT). */
  readonly retired = new Float64Array(1);

  constructor(config: MachineConfig = DEFAULT_MACHINE_CONFIG) {
    const dataPages = pagesFor(config.dataBytes, 'dataBytes');
    const stackPages = pagesFor(config.stackBytes, 'stackBytes');
    this.config = config;
    this.memory = new GuestMemory(dataPages + stackPages, config.mmu, 8 + Math.ceil((dataPages + stackPages) / 16));
    this.#mapRegions();
  }

  get dataPages(): number {
    return this.config.dataBytes / PAGE_SIZE;
  }

  get stackPages(): number {
    return this.config.stackBytes / PAGE_SIZE;
  }

  #mapRegions(): void {
    const pageTable = this.memory.mmu.pageTable;
    pageTable.clear();
    for (let p = 0; p < this.dataPages; p++) pageTable.map((DATA_BASE >>> PAGE_BITS) + p, p);
    const stackFirst = (STACK_TOP >>> PAGE_BITS) - this.stackPages;
    for (let p = 0; p < this.stackPages; p++) pageTable.map(stackFirst + p, this.dataPages + p);
  }

  /** Power-on state: registers, flags and memory zero, the TLB empty, sp at the stack top, pc 0. */
  reset(): void {
    this.regs.fill(0);
    this.flags.fill(0);
    this.memory.bytes.fill(0);
    this.memory.mmu.tlb.flush();
    this.regs[SP] = STACK_TOP;
    this.pc = 0;
    this.retired[0] = 0;
  }
}

function pagesFor(bytes: number, field: string): number {
  if (!(Number.isInteger(bytes) && bytes > 0 && bytes % PAGE_SIZE === 0)) {
    throw new RangeError(`machine: ${field} must be a positive multiple of ${PAGE_SIZE}, got ${bytes}`);
  }
  return bytes / PAGE_SIZE;
}
