/**
 * Mixed JIT/interpreter execution overhead, and the JIT's speed-up over the interpreter.
 * Three ways to run the same guest program, interleaved round by round:
 *   - mixed: the tiered engine. Its profile is reset before every run and its compiled code
 *     kept, so each run interprets every block until the block turns hot and then switches
 *     it to compiled code (no compile time in the measurement: that is jit.block-compile);
 *   - interpreter only;
 *   - JIT only: every block compiled up front, chained by the leanest dispatch loop.
 * From the pure runs, the cost per instruction of each tier; the mixed run is expected to
 * cost (instructions interpreted x interpreter cost) + (instructions compiled x JIT cost),
 * and the overhead is how much more it takes: profiling, tier switches, cache lookups.
 */
import { measureInterleaved } from '../../measure/interleaved.ts';
import { defineWorkload } from '../api.ts';
import { buildGuestProgram } from '../lib/vm/build.ts';
import { runToHalt } from '../lib/vm/interpreter.ts';
import { metricKpi } from '../kpis.ts';
import { GuestMachine } from '../lib/vm/machine.ts';
import { archParam, hotThresholdParam, programParam } from '../lib/vm/params.ts';
import { resultsMatch } from '../lib/vm/reference.ts';
import { CompiledProgram, COMPILED, INTERPRETED, TieredEngine } from '../lib/vm/tiered-engine.ts';
import { defineParams } from '../params.ts';

const NAME = 'jit.mixed-exec';

export default defineWorkload({
  name: NAME,
  category: 'jit',
  tier: 2,
  description: 'Tiered (interpreter + JIT) run of the guest program against interpreter-only and JIT-only runs: mixed-mode overhead and JIT speed-up.',
  params: defineParams([1], { program: programParam(), arch: archParam(), hotThreshold: hotThresholdParam() }),
  kpis: [metricKpi(
    'mixed_overhead',
    'Extra time of the tiered run over its instructions priced at the pure interpreter and pure JIT costs (seeds: < 5 %).',
    0.05,
    'max',
    'ratio',
  )],
  run(ctx) {
    const program = ctx.params.program;
    const exe = buildGuestProgram(program, ctx.params.arch);
    const hotThreshold = ctx.params.hotThreshold;
    const tiered = new TieredEngine(exe, { hotThreshold, cacheCapacity: exe.blocks.length });
    const compiled = new CompiledProgram(exe);
    const machine = new GuestMachine();
    const runs = [
      () => {
        tiered.reset(false);
        machine.reset();
        return tiered.run(machine);
      },
      () => {
        machine.reset();
        return runToHalt(machine, exe);
      },
      () => {
        machine.reset();
        return compiled.run(machine);
      },
    ];
    const outcome = measureInterleaved(ctx, runs);
    const [mixed, interpreterOnly, jitOnly] = outcome.variants;

    // One more mixed run, for its per-tier instruction counts and a check of its results.
    runs[0]();
    const interpreted = tiered.counts[INTERPRETED];
    const jitted = tiered.counts[COMPILED];
    const total = interpreted + jitted;
    const interpreterNs = interpreterOnly.medianNs / total;
    const jitNs = jitOnly.medianNs / total;
    const expectedNs = interpreted * interpreterNs + jitted * jitNs;
    return {
      samples: outcome.samples,
      measuredNs: outcome.measuredNs,
      metrics: {
        mixed_overhead: mixed.medianNs / expectedNs - 1,
        jit_speedup: interpreterOnly.medianNs / jitOnly.medianNs,
        tiered_speedup: interpreterOnly.medianNs / mixed.medianNs,
        interpreted_share: interpreted / total,
        interpreter_ns_per_instruction: interpreterNs,
        jit_ns_per_instruction: jitNs,
        guest_instructions: total,
        results_ok: resultsMatch(machine, program) ? 1 : 0,
      },
    };
  },
});
