/**
 * JIT hot-spot detection latency: one block entry through the profiler (a counter per block
 * keyed by guest address in a hash table, compared against the threshold), replaying the
 * block-entry trace of the guest program. Each pass over the trace starts with a reset
 * profiler, so blocks keep crossing the threshold as they do in a fresh VM.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload } from '../api.ts';
import { batchedOutput } from '../lib/vm/batched-output.ts';
import { recordBlockTrace } from '../lib/vm/block-trace.ts';
import { buildGuestProgram } from '../lib/vm/build.ts';
import { HotspotProfiler } from '../lib/vm/hotspot-profiler.ts';
import { meanLatencyKpi } from '../kpis.ts';
import { GuestMachine } from '../lib/vm/machine.ts';
import { archParam, hotThresholdParam, programParam } from '../lib/vm/params.ts';
import { defineParams } from '../params.ts';

const NAME = 'jit.hotspot-detect';

export default defineWorkload({
  name: NAME,
  category: 'jit',
  tier: 1,
  description: 'Profile one guest block entry: per-block counter keyed by guest address, threshold check, hot-block report.',
  params: defineParams([1], { program: programParam(), arch: archParam(), hotThreshold: hotThresholdParam() }),
  kpis: [meanLatencyKpi(
    'hotspot_detection',
    'Mean time to count one block entry and decide whether the block just became hot (seeds: < 10 µs).',
    10_000,
  )],
  run(ctx) {
    const exe = buildGuestProgram(ctx.params.program, ctx.params.arch);
    const threshold = ctx.params.hotThreshold;
    const trace = recordBlockTrace(exe, new GuestMachine());
    const profiler = new HotspotProfiler(threshold, exe.blocks.length * 4);
    let cursor = 0;
    let passes = 0;
    let detected = 0;
    const outcome = measureBatched(ctx, () => {
      const hot = profiler.enter(trace[cursor]);
      if (++cursor === trace.length) {
        cursor = 0;
        passes++;
        detected += profiler.hotBlocks;
        profiler.reset();
      }
      return hot ? 1 : 0;
    });
    const distinct = new Set(trace).size;
    return batchedOutput(outcome, {
      trace_entries: trace.length,
      distinct_blocks: distinct,
      hot_blocks_per_pass: passes > 0 ? detected / passes : profiler.hotBlocks,
    });
  },
});
