/**
 * Mixed-mode execution, the way a tiered VM runs guest code: every block starts in the
 * interpreter, the profiler counts block entries, and a block that reaches the threshold
 * is compiled by the JIT and from then on runs compiled.
 *
 * Compiled code lives in the block cache (keyed by guest address, bounded, CLOCK eviction).
 * In front of it sits a jump table indexed by instruction, like QEMU's tb_jmp_cache: a hot
 * block's dispatch is one array read instead of a hash lookup, and an eviction from the
 * block cache clears the block's jump-table slot, so the next entry of that block goes back
 * to the block cache, misses, and recompiles.
 *
 * The engine counts, per run: instructions retired by each tier, code lookups of hot blocks
 * that found compiled code (hits) and that had to compile (misses).
 */
import { BlockCache } from './block-cache.ts';
import { type CompiledBlock, compileBlock } from './block-compiler.ts';
import { BAD_RETURN, type Executable } from './executable.ts';
import { HotspotProfiler } from './hotspot-profiler.ts';
import { interpret } from './interpreter.ts';
import { GuestFault } from './isa.ts';
import type { GuestMachine } from './machine.ts';

export interface TieredConfig {
  /** Block entries before a block is compiled. */
  hotThreshold: number;
  /** Compiled blocks kept. */
  cacheCapacity: number;
}

export const DEFAULT_TIERED_CONFIG: Readonly<TieredConfig> = { hotThreshold: 50, cacheCapacity: 256 };

/** Slots of TieredEngine.counts. */
export const INTERPRETED = 0;
export const COMPILED = 1;
export const CODE_HITS = 2;
export const CODE_MISSES = 3;

export class TieredEngine {
  readonly exe: Executable;
  readonly profiler: HotspotProfiler;
  readonly cache: BlockCache<CompiledBlock>;
  /** By instruction index: the compiled block starting there, while it is cached. */
  readonly #jump: (CompiledBlock | undefined)[];
  /** 1 for blocks the profiler found hot: they run compiled. */
  readonly #hot: Uint8Array;
  /** Indexed by INTERPRETED, COMPILED, CODE_HITS, CODE_MISSES. */
  readonly counts = new Float64Array(4);

  constructor(exe: Executable, config: TieredConfig = DEFAULT_TIERED_CONFIG) {
    this.exe = exe;
    this.profiler = new HotspotProfiler(config.hotThreshold, exe.blocks.length * 4);
    this.cache = new BlockCache<CompiledBlock>(config.cacheCapacity);
    this.cache.onEvict = (address) => {
      this.#jump[exe.indexOf(address)] = undefined;
    };
    this.#jump = new Array<CompiledBlock | undefined>(exe.code.length).fill(undefined);
    this.#hot = new Uint8Array(exe.code.length);
  }

  /** Hits / (hits + misses) of hot-block code lookups, 0 before any. */
  hitRate(): number {
    const lookups = this.counts[CODE_HITS] + this.counts[CODE_MISSES];
    return lookups === 0 ? 0 : this.counts[CODE_HITS] / lookups;
  }

  /** Runs `machine` from its pc until HALT; returns the instructions retired. */
  run(machine: GuestMachine): number {
    const exe = this.exe;
    const blockEnd = exe.blockEnd;
    const jump = this.#jump;
    const r = machine.regs;
    const f = machine.flags;
    const memory = machine.memory;
    const x = exe.indexOfAddress;
    const counts = this.counts;
    const interpretedBefore = counts[INTERPRETED];
    let pc = machine.pc;
    let compiled = 0;
    let hits = 0;
    while (pc >= 0) {
      // The hot loop: compiled block to compiled block, nothing else.
      let block = jump[pc];
      while (block !== undefined) {
        hits++;
        compiled += blockEnd[pc] - pc;
        pc = block(r, f, memory, x);
        if (pc < 0) break;
        block = jump[pc];
      }
      if (pc >= 0) pc = this.#slowPath(machine, pc);
    }
    machine.pc = pc;
    // The interpreter counted its own instructions into machine.retired already.
    machine.retired[0] += compiled;
    counts[COMPILED] += compiled;
    counts[CODE_HITS] += hits;
    if (pc === BAD_RETURN) throw new GuestFault('return to an address that is not an instruction');
    return counts[INTERPRETED] - interpretedBefore + compiled;
  }

  /** A block without a jump-table entry: compile it if hot, else profile and interpret it. */
  #slowPath(machine: GuestMachine, pc: number): number {
    if (this.#hot[pc] === 1) {
      this.#fill(pc);
      return pc;
    }
    if (this.profiler.enter(this.exe.code.addr[pc])) {
      this.#hot[pc] = 1;
      return pc;
    }
    machine.pc = pc;
    this.counts[INTERPRETED] += interpret(machine, this.exe, Number.POSITIVE_INFINITY, true);
    return machine.pc;
  }

  /** The slow path of a hot block: the block cache, or a compile. */
  #fill(pc: number): void {
    const address = this.exe.code.addr[pc];
    let block = this.cache.get(address);
    if (block === undefined) {
      block = compileBlock(this.exe, pc);
      this.cache.put(address, block);
      this.counts[CODE_MISSES]++;
    } else {
      // Found in the block cache after the jump slot was cleared: still a hit, no compile.
      this.counts[CODE_HITS]++;
    }
    this.#jump[pc] = block;
  }

  /** Forgets hotness and counts; with `dropCode`, compiled code too (a cold engine). */
  reset(dropCode: boolean): void {
    this.profiler.reset();
    this.#hot.fill(0);
    this.counts.fill(0);
    if (dropCode) {
      this.cache.clear();
      this.cache.stats.fill(0);
      this.#jump.fill(undefined);
    } else {
      // Keep the compiled code reachable through the block cache, but not through the jump
      // table: a block runs compiled again only once the profiler has found it hot again.
      this.#jump.fill(undefined);
    }
  }
}

/** Compiles every block up front and chains them with no profiling: the pure-JIT baseline. */
export class CompiledProgram {
  readonly exe: Executable;
  readonly #blocks: CompiledBlock[];

  constructor(exe: Executable) {
    this.exe = exe;
    this.#blocks = new Array<CompiledBlock>(exe.code.length);
    for (const leader of exe.blocks) this.#blocks[leader] = compileBlock(exe, leader);
  }

  /** Runs `machine` from its pc to HALT; returns the instructions retired. */
  run(machine: GuestMachine): number {
    const blocks = this.#blocks;
    const blockEnd = this.exe.blockEnd;
    const r = machine.regs;
    const f = machine.flags;
    const memory = machine.memory;
    const x = this.exe.indexOfAddress;
    let pc = machine.pc;
    let retired = 0;
    while (pc >= 0) {
      const next = blocks[pc](r, f, memory, x);
      retired += blockEnd[pc] - pc;
      pc = next;
    }
    machine.pc = pc;
    if (pc === BAD_RETURN) throw new GuestFault('return to an address that is not an instruction');
    machine.retired[0] += retired;
    return retired;
  }
}
