/**
 * Mixed-architecture execution overhead: a guest image whose library functions (fill, fnv,
 * isort, matmul) were shipped as x86-style code and translated to the ARM-style host
 * encoding at load, while main, fib and collatz were built for the host, calling each
 * other across the boundary; against the all-native build of the same program. Both run
 * on the interpreter, interleaved; the difference is what translated code costs.
 */
import { z } from 'zod';
import { measureInterleaved } from '../../measure/interleaved.ts';
import { defineWorkload } from '../api.ts';
import { PROGRAM_CONSTANTS, programSource } from '../lib/vm/guest-programs.ts';
import { runToHalt } from '../lib/vm/interpreter.ts';
import { metricKpi } from '../kpis.ts';
import { GuestMachine } from '../lib/vm/machine.ts';
import { buildMixedArch } from '../lib/vm/mixed-program.ts';
import { archParam } from '../lib/vm/params.ts';
import { resultsMatch } from '../lib/vm/reference.ts';
import { defineParams, saying } from '../params.ts';

const NAME = 'crossarch.mixed-exec';

export default defineWorkload({
  name: NAME,
  category: 'crossarch',
  tier: 2,
  description: 'Guest image mixing host-native functions with functions translated from another encoding, against the all-native image.',
  params: defineParams([1], {
    host: archParam('arm'),
    foreign: archParam('x86'),
    /** Functions of the guest program encoded for `foreign`; the rest stay native. */
    foreignFunctions: z.array(z.string(), saying('must be a list of guest function names')).min(1, saying('must name at least one function'))
      .default(() => ['fill', 'fnv', 'isort', 'matmul']),
  }),
  kpis: [metricKpi(
    'mixed_arch_overhead',
    'Extra run time of the mixed-architecture image over the all-native one (seeds: < 5 %).',
    0.05,
    'max',
    'ratio',
  )],
  run(ctx) {
    const { host, foreign, foreignFunctions } = ctx.params;
    const build = buildMixedArch(programSource('mix'), { constants: PROGRAM_CONSTANTS, host, foreign, foreignFunctions });
    const machine = new GuestMachine();
    const run = (exe: typeof build.native) => (): number => {
      machine.reset();
      return runToHalt(machine, exe);
    };
    const mixedRun = run(build.mixed);
    const nativeRun = run(build.native);
    const mixedRetired = mixedRun();
    const mixedOk = resultsMatch(machine, 'mix');
    const nativeRetired = nativeRun();
    const nativeOk = resultsMatch(machine, 'mix');

    const outcome = measureInterleaved(ctx, [mixedRun, nativeRun]);
    const [mixed, native] = outcome.variants;
    return {
      samples: outcome.samples,
      measuredNs: outcome.measuredNs,
      metrics: {
        mixed_arch_overhead: mixed.medianNs / native.medianNs - 1,
        retired_ratio: mixedRetired / nativeRetired,
        translated_code_expansion: build.translatedInstructions / build.nativeEquivalentInstructions,
        translated_instructions: build.translatedInstructions,
        results_ok: mixedOk && nativeOk ? 1 : 0,
      },
    };
  },
});
