/**
 * JIT block compile latency: translate one guest basic block to JavaScript source, compile
 * it with `new Function` (V8 compiles such a function eagerly, to bytecode) and insert it
 * into the block cache. Cycles through every block of the guest program, each compile with
 * a unique source, so V8's compilation cache never answers instead of the compiler.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload, type BaseParams } from '../api.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { BlockCache, CACHE_EVICTIONS } from '../lib/vm/block-cache.ts';
import { blockSource, type CompiledBlock } from '../lib/vm/block-compiler.ts';
import { buildGuestProgram } from '../lib/vm/build.ts';
import type { Arch } from '../lib/vm/encoding.ts';
import type { ProgramName } from '../lib/vm/guest-programs.ts';
import { meanLatencyKpi } from '../lib/vm/kpi.ts';
import { checkArch, checkProgram } from '../lib/vm/params.ts';

interface BlockCompileParams extends BaseParams {
  program: ProgramName;
  arch: Arch;
}

const NAME = 'jit.block-compile';

export default defineWorkload<BlockCompileParams>({
  name: NAME,
  category: 'jit',
  tier: 2,
  description: 'Compile one guest basic block to a JavaScript function (codegen + new Function) and insert it into the block cache.',
  params: { threads: [1], program: 'mix', arch: 'x86' },
  kpis: [meanLatencyKpi(
    'block_compile_latency',
    'Mean time to compile one guest basic block and cache it (seeds: < 500 µs per block).',
    500_000,
  )],
  run(ctx) {
    const exe = buildGuestProgram(checkProgram(NAME, ctx.params.program), checkArch(NAME, 'arch', ctx.params.arch));
    const leaders = exe.blocks;
    const cache = new BlockCache<CompiledBlock>(Math.max(1, leaders.length >> 1));
    let next = 0;
    let sourceChars = 0;
    let compiles = 0;
    const outcome = measureBatched(ctx, () => {
      const leader = leaders[next];
      next = next + 1 === leaders.length ? 0 : next + 1;
      const source = blockSource(exe, leader);
      const block = new Function('r', 'f', 'm', 'x', source) as CompiledBlock;
      cache.put(exe.addressOf(leader), block);
      sourceChars += source.length;
      compiles++;
      return block.length;
    });
    let instructions = 0;
    for (const leader of leaders) instructions += exe.blockLength(leader);
    return batchedOutput(outcome, {
      blocks: leaders.length,
      mean_block_instructions: instructions / leaders.length,
      mean_source_chars: compiles > 0 ? sourceChars / compiles : 0,
      cache_evictions: cache.stats[CACHE_EVICTIONS],
    });
  },
});
