/**
 * JIT block-cache hit rate on the guest programs: a cold tiered engine (no profile, empty
 * cache) runs the guest program to its halt; blocks become hot after `hotThreshold`
 * entries, and every entry of a hot block looks up compiled code, which a bounded cache
 * (CLOCK eviction) either has (a hit) or must compile again (a miss). One run is one op.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { CACHE_EVICTIONS } from '../lib/vm/block-cache.ts';
import { buildGuestProgram } from '../lib/vm/build.ts';
import { metricKpi } from '../kpis.ts';
import { GuestMachine } from '../lib/vm/machine.ts';
import { archParam, hotThresholdParam, programParam } from '../lib/vm/params.ts';
import { resultsMatch } from '../lib/vm/reference.ts';
import { CODE_HITS, CODE_MISSES, COMPILED, INTERPRETED, TieredEngine } from '../lib/vm/tiered-engine.ts';
import { defineParams, integerParam } from '../params.ts';

const NAME = 'jit.block-cache';

export default defineWorkload({
  name: NAME,
  category: 'jit',
  tier: 2,
  description: 'Cold tiered run of the guest program with a bounded block cache: hit rate of hot-block code lookups, with compiles and evictions.',
  params: defineParams([1], {
    program: programParam(),
    arch: archParam(),
    cacheCapacity: integerParam({ min: 1, max: 1 << 20, default: 16 }),
    hotThreshold: hotThresholdParam(),
  }),
  kpis: [metricKpi(
    'cache_hit_rate',
    'Share of hot-block code lookups served from the block cache without a compile (seeds: > 90 %).',
    0.9,
    'min',
    'ratio',
  )],
  run(ctx) {
    const program = ctx.params.program;
    const exe = buildGuestProgram(program, ctx.params.arch);
    const engine = new TieredEngine(exe, {
      cacheCapacity: ctx.params.cacheCapacity,
      hotThreshold: ctx.params.hotThreshold,
    });
    const machine = new GuestMachine();
    const outcome = measureBatched(ctx, () => {
      engine.reset(true);
      machine.reset();
      return engine.run(machine);
    });
    const { counts } = engine;
    const lookups = counts[CODE_HITS] + counts[CODE_MISSES];
    return batchedOutput(outcome, {
      cache_hit_rate: engine.hitRate(),
      code_lookups: lookups,
      compiles: counts[CODE_MISSES],
      evictions: engine.cache.stats[CACHE_EVICTIONS],
      hot_blocks: engine.profiler.hotBlocks,
      interpreted_share: counts[INTERPRETED] / (counts[INTERPRETED] + counts[COMPILED]),
      results_ok: resultsMatch(machine, program) ? 1 : 0,
    });
  },
});
