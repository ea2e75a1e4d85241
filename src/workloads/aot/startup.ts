/**
 * Start-up from cold, AOT against JIT: the time from a guest binary on disk to the program's
 * halt. The JIT path decodes the binary and runs it in a fresh tiered engine (interpreting,
 * profiling, compiling the blocks that turn hot); the AOT path loads the image with its
 * code cache and runs it. "Cold" inside a soak process means: fresh guest state, fresh
 * generated code (unique sources and script names, so V8's in-memory caches never serve
 * it), but the host VM itself (V8, this process) warm.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { measureInterleaved } from '../../measure/interleaved.ts';
import { defineWorkload } from '../api.ts';
import { buildImage, loadImage, removeImage, writeImage } from '../lib/vm/aot-image.ts';
import { buildBinary, load } from '../lib/vm/build.ts';
import { PROGRAM_CONSTANTS, programSource } from '../lib/vm/guest-programs.ts';
import { metricKpi } from '../kpis.ts';
import { GuestMachine } from '../lib/vm/machine.ts';
import { archParam, hotThresholdParam, programParam } from '../lib/vm/params.ts';
import { resultsMatch } from '../lib/vm/reference.ts';
import { TieredEngine } from '../lib/vm/tiered-engine.ts';
import { defineParams } from '../params.ts';

const NAME = 'aot.startup';

export default defineWorkload({
  name: NAME,
  category: 'aot',
  tier: 2,
  description: 'Cold start to halt of the guest program: AOT image (code cache) against decode + tiered JIT, interleaved.',
  params: defineParams([1], { program: programParam(), arch: archParam(), hotThreshold: hotThresholdParam() }),
  kpis: [metricKpi(
    'startup_speedup',
    'Median cold start-to-halt time of the JIT path over the AOT path (seeds: > 3x).',
    3,
    'min',
    'factor',
  )],
  run(ctx) {
    const { program, arch, hotThreshold } = ctx.params;
    const binary = buildBinary(programSource(program), arch, { constants: PROGRAM_CONSTANTS });
    const machine = new GuestMachine();
    const files = writeImage(buildImage(load(binary), machine));
    const binaryPath = path.join(files.dir, 'guest.bin');
    writeFileSync(binaryPath, binary.bytes);
    try {
      const aotStart = (): number => {
        const { entry } = loadImage(files);
        machine.reset();
        return entry(machine.regs, machine.flags, machine.memory);
      };
      const jitStart = (): number => {
        const exe = load({ arch, bytes: readFileSync(binaryPath), instructions: binary.instructions });
        const engine = new TieredEngine(exe, { hotThreshold, cacheCapacity: exe.blocks.length });
        machine.reset();
        return engine.run(machine);
      };
      const outcome = measureInterleaved(ctx, [aotStart, jitStart]);
      const [aot, jit] = outcome.variants;
      aotStart();
      const aotOk = resultsMatch(machine, program);
      jitStart();
      const jitOk = resultsMatch(machine, program);
      return {
        samples: outcome.samples,
        measuredNs: outcome.measuredNs,
        metrics: {
          startup_speedup: jit.medianNs / aot.medianNs,
          aot_startup_ns: aot.medianNs,
          jit_startup_ns: jit.medianNs,
          results_ok: aotOk && jitOk ? 1 : 0,
        },
      };
    } finally {
      removeImage(files);
    }
  },
});
