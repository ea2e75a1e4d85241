/**
 * AOT function compile time: one whole guest function (every block it reaches, with its
 * registers promoted to JavaScript locals) to JavaScript source, compiled by V8. The
 * function expression is parenthesized, which makes V8 compile it eagerly, at once, rather
 * than at its first call. Cycles through the program's functions, each compile with a
 * unique source so V8's compilation cache never answers.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { findFunctions, functionSource } from '../lib/vm/aot-compiler.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { buildGuestProgram } from '../lib/vm/build.ts';
import { meanLatencyKpi } from '../kpis.ts';
import { archParam, programParam } from '../lib/vm/params.ts';
import { defineParams } from '../params.ts';

const NAME = 'aot.function-compile';

export default defineWorkload({
  name: NAME,
  category: 'aot',
  tier: 2,
  description: 'AOT-compile one whole guest function (all its blocks, registers in locals) to JavaScript and have V8 compile it eagerly.',
  params: defineParams([1], { program: programParam(), arch: archParam() }),
  kpis: [meanLatencyKpi(
    'function_compile',
    'Mean time to AOT-compile one guest function, code generation and V8 compile (seeds: < 1 ms per function).',
    1_000_000,
  )],
  run(ctx) {
    const exe = buildGuestProgram(ctx.params.program, ctx.params.arch);
    const functions = findFunctions(exe);
    let next = 0;
    let serial = 0;
    let sourceChars = 0;
    let compiles = 0;
    const outcome = measureBatched(ctx, () => {
      const fn = functions[next];
      next = next + 1 === functions.length ? 0 : next + 1;
      const source = `return (${functionSource(exe, fn, ` #${++serial}`)});`;
      const compiled = new Function('badReturn', source) as () => (...args: unknown[]) => number;
      sourceChars += source.length;
      compiles++;
      return compiled.length;
    });
    let blocks = 0;
    for (const fn of functions) blocks += fn.blocks.length;
    return batchedOutput(outcome, {
      functions: functions.length,
      mean_blocks_per_function: blocks / functions.length,
      mean_source_chars: compiles > 0 ? sourceChars / compiles : 0,
    });
  },
});
