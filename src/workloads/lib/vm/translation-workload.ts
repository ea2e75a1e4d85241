/**
 * The crossarch translation workloads differ only in their two encodings; this builds one.
 * The op is the translation of a whole guest binary (decode, lower for the target, encode);
 * the KPI is its time per source instruction, from the median batch. Before measuring,
 * the translated binary is run and its results checked.
 */
import { measureBatched } from '../../../measure/batch.ts';
import { median } from '../../../measure/median.ts';
import { defineWorkload } from '../../api.ts';
import { defineParams } from '../../params.ts';
import { batchedOutput } from './batched-output.ts';
import { buildBinary, load } from './build.ts';
import type { Arch } from './encoding.ts';
import { PROGRAM_CONSTANTS, programSource } from './guest-programs.ts';
import { runToHalt } from './interpreter.ts';
import { metricKpi } from '../../kpis.ts';
import { GuestMachine } from './machine.ts';
import { programParam } from './params.ts';
import { resultsMatch } from './reference.ts';
import { Translator } from './translate.ts';

const STYLE: Readonly<Record<Arch, string>> = { x86: 'x86-style', arm: 'ARM-style', riscv: 'RISC-V-style' };

export function defineTranslationWorkload(from: Arch, to: Arch) {
  const name = `crossarch.${from}-to-${to}`;
  return defineWorkload({
    name,
    category: 'crossarch',
    tier: 2,
    description: `Translate a guest binary from the ${STYLE[from]} to the ${STYLE[to]} encoding: decode, lower, encode.`,
    params: defineParams([1], { program: programParam() }),
    kpis: [metricKpi(
      'ns_per_instruction',
      `Translation time per ${STYLE[from]} source instruction, median over the run (seeds: < 100 ns).`,
      100,
      'max',
      'ns',
    )],
    run(ctx) {
      const program = ctx.params.program;
      const source = buildBinary(programSource(program), from, { constants: PROGRAM_CONSTANTS });
      const translator = new Translator(from, to);
      const instructions = translator.translate(source.bytes);
      const translated = { arch: to, bytes: translator.output.slice(), instructions: translator.code.length };
      const machine = new GuestMachine();
      machine.reset();
      runToHalt(machine, load(translated));
      const resultsOk = resultsMatch(machine, program);

      const outcome = measureBatched(ctx, () => translator.translate(source.bytes));
      return batchedOutput(outcome, {
        // The median batch: on a shared node a translation preempted for milliseconds says
        // nothing about the translator; the mean, stalls included, is reported beside it.
        ns_per_instruction: median(outcome.samples) / instructions,
        ns_per_instruction_mean: outcome.nsPerOp / instructions,
        source_instructions: instructions,
        target_instructions: translated.instructions,
        expansion: translated.instructions / instructions,
        source_bytes: source.bytes.length,
        target_bytes: translated.bytes.length,
        results_ok: resultsOk ? 1 : 0,
      });
    },
  });
}
