/**
 * JIT block compile latency: translate one guest basic block to JavaScript source, compile
 * it with `new Function` (V8 compiles such a function eagerly, to bytecode) and insert it
 * into the block cache. Cycles through every block of the guest program, each compile with
 * a unique source, so V8's compilation cache never answers instead of the compiler.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { BlockCache, CACHE_EVICTIONS } from '../lib/vm/block-cache.ts';
import { blockSource, type CompiledBlock } from '../lib/vm/block-compiler.ts';
import { buildGuestProgram } from '../lib/vm/build.ts';
import { meanLatencyKpi } from '../kpis.ts';
import { archParam, programParam } from '../lib/vm/params.ts';
import { defineParams } from '../params.ts';

const NAME = 'jit.block-compile';

export default defineWorkload({
  name: NAME,
  category: 'jit',
  tier: 2,
  description: 'Compile one guest basic block to a JavaScript function (codegen + new Function) and insert it into the block cache.',
  params: defineParams([1], { program: programParam(), arch: archParam() }),
  kpis: [meanLatencyKpi(
    'block_compile_latency',
    'Mean time to compile one guest basic block and cache it (seeds: < 500 µs per block).',
    500_000,
  )],
  run(ctx) {
    const exe = buildGuestProgram(ctx.params.program, ctx.params.arch);
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
