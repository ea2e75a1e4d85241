/**
 * AOT image load time: read the image (JavaScript source plus V8 code cache) from disk and
 * instantiate it with the cache, ready to run. Reports whether V8 rejected the cache, what
 * the same load costs without the cache, and whether the loaded image computes the right
 * results.
 */
import { measureBatched } from '../../measure/batch.ts';
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { buildImage, instantiate, loadImage, removeImage, writeImage } from '../lib/vm/aot-image.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { buildGuestProgram } from '../lib/vm/build.ts';
import { meanLatencyKpi } from '../kpis.ts';
import { GuestMachine } from '../lib/vm/machine.ts';
import { archParam, programParam } from '../lib/vm/params.ts';
import { resultsMatch } from '../lib/vm/reference.ts';
import { defineParams } from '../params.ts';

const NAME = 'aot.image-load';
const UNCACHED_LOADS = 20;

export default defineWorkload({
  name: NAME,
  category: 'aot',
  tier: 2,
  description: 'Load an AOT image (JavaScript source + V8 code cache) from disk and instantiate it; reports cachedDataRejected.',
  params: defineParams([1], { program: programParam(), arch: archParam() }),
  kpis: [meanLatencyKpi(
    'image_load',
    'Mean time to read and instantiate the AOT image with its code cache (seeds: < 100 ms).',
    100_000_000,
  )],
  run(ctx) {
    const program = ctx.params.program;
    const exe = buildGuestProgram(program, ctx.params.arch);
    const machine = new GuestMachine();
    const image = buildImage(exe, machine);
    const files = writeImage(image);
    try {
      let rejected = 0;
      let loads = 0;
      const outcome = measureBatched(ctx, () => {
        const loaded = loadImage(files);
        loads++;
        if (loaded.cachedDataRejected) rejected++;
        return loaded.entry.length;
      });
      // The same source compiled without the cache (V8 then parses it all and compiles the
      // top level; the guest functions wait for their first call): what the cache saves at load.
      let uncachedNs = 0;
      for (let k = 0; k < UNCACHED_LOADS; k++) {
        const start = nowNs();
        instantiate(image.source);
        uncachedNs += nowNs() - start;
      }
      const check = loadImage(files);
      machine.reset();
      check.entry(machine.regs, machine.flags, machine.memory);
      return batchedOutput(outcome, {
        cached_data_rejected: rejected > 0 ? 1 : 0,
        rejected_loads: rejected,
        loads,
        image_source_bytes: Buffer.byteLength(image.source),
        code_cache_bytes: image.cachedData.length,
        load_without_cache_ns: uncachedNs / UNCACHED_LOADS,
        results_ok: resultsMatch(machine, program) ? 1 : 0,
      });
    } finally {
      removeImage(files);
    }
  },
});
