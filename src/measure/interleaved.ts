/**
 * Timed comparison of variants of one operation (prefetch on against off, JIT against
 * interpreter, translated against native code): the variants run in rounds, one call of
 * each per round in a rotating order, so drift and noise from the rest of the machine fall
 * on all of them alike. Each call is timed on its own, so a variant must do at least some
 * microseconds of work per call (loop inside the variant when the unit of work is smaller).
 *
 * Variant 0 is the workload's subject: its calls go into `ctx.recorder`. Per variant the
 * result holds the total, the call count and the median call time; ratios between variants
 * should use the medians, which one preempted call on a shared machine does not move.
 * Same phase contract as measureBatched: warm-up, one `ctx.barrier()`, then rounds for
 * `durationNs` (or until `iterations` rounds).
 */
import type { MeasureContext } from './measure-context.ts';
import { nowNs } from './clock.ts';
import { median } from './median.ts';
import { downsample } from './stats.ts';

export interface VariantTiming {
  calls: number;
  totalNs: number;
  meanNs: number;
  medianNs: number;
}

export interface InterleavedOutcome {
  variants: VariantTiming[];
  /** Call times of variant 0, at most 1000 (adjacent calls averaged beyond that). */
  samples: number[];
  /** Wall time of the measured rounds. */
  measuredNs: number;
}

/** Call times kept per variant for the medians; later calls only add to the totals. */
const MAX_KEPT = 1 << 16;
const MAX_SAMPLES = 1000;

/** Results are written here so no variant's work is dead code. */
const sink = new Float64Array(8);

export interface InterleavedOptions {
  /**
   * Operations one call of variant 0 stands for (a variant that loops over N items): the
   * recorder then gets N operations of elapsed / N each, so the histogram is per operation.
   */
  opsPerCall?: number;
}

export function measureInterleaved(
  ctx: MeasureContext,
  variants: readonly (() => number)[],
  options: InterleavedOptions = {},
): InterleavedOutcome {
  const opsPerCall = options.opsPerCall ?? 1;
  if (!(Number.isInteger(opsPerCall) && opsPerCall >= 1)) throw new RangeError(`opsPerCall must be an integer >= 1, got ${opsPerCall}`);
  const count = variants.length;
  if (count < 1) throw new RangeError('measureInterleaved needs at least one variant');
  const warmUntil = nowNs() + ctx.phases.warmupNs;
  let round = 0;
  do {
    for (let v = 0; v < count; v++) sink[v & 7] = variants[v]();
  } while (nowNs() < warmUntil || ++round < 2);

  ctx.barrier();
  const kept = variants.map(() => new Float64Array(MAX_KEPT));
  const totals = new Float64Array(count);
  const calls = new Float64Array(count);
  const iterations = ctx.phases.iterations;
  const byIterations = iterations !== undefined && iterations > 0;
  const start = nowNs();
  const endNs = start + ctx.phases.durationNs;
  for (round = 0; byIterations ? round < iterations : round === 0 || nowNs() < endNs; round++) {
    for (let k = 0; k < count; k++) {
      const v = (round + k) % count;
      const before = nowNs();
      sink[v & 7] = variants[v]();
      const elapsed = nowNs() - before;
      if (calls[v] < MAX_KEPT) kept[v][calls[v]] = elapsed;
      calls[v]++;
      totals[v] += elapsed;
      if (v !== 0) continue;
      if (opsPerCall === 1) ctx.recorder.record(elapsed);
      else ctx.recorder.recordBatch(elapsed, opsPerCall);
    }
  }
  const measuredNs = nowNs() - start;
  return {
    variants: variants.map((_, v) => ({
      calls: calls[v],
      totalNs: totals[v],
      meanNs: calls[v] > 0 ? totals[v] / calls[v] : 0,
      medianNs: median(kept[v], Math.min(calls[v], MAX_KEPT)),
    })),
    samples: downsample(kept[0].subarray(0, Math.min(calls[0], MAX_KEPT)), MAX_SAMPLES),
    measuredNs,
  };
}
