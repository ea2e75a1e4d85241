/**
 * Batched timing of a reference operation: the thing a workload's own operation is
 * compared with (the synchronous call an `await` is set against, a fresh allocation
 * against a pooled one). It is timed exactly like the measured op, by measureBatched, so
 * both carry the same loop and timer share and the same dead-code check, but into a
 * scratch recorder: the run's histogram holds only the workload's own operation. It does
 * not call the run's barrier, so call it before the measured op's measureBatched, while
 * the threads are still preparing.
 */
import type { MeasureContext, Phases } from './measure-context.ts';
import { measureBatched, type BatchOutcome } from './batch.ts';
import { LatencyRecorder } from './recorder.ts';

/** The reference gets this share of the run's warm-up and duration. */
const REFERENCE_SHARE = 0.25;
/** However long the run, a reference figure is settled well within this. */
const MAX_REFERENCE_NS = 2_000_000_000;

export function referencePhases(phases: Phases): Phases {
  return {
    warmupNs: Math.min(MAX_REFERENCE_NS, phases.warmupNs * REFERENCE_SHARE),
    durationNs: Math.min(MAX_REFERENCE_NS, phases.durationNs * REFERENCE_SHARE),
  };
}

export function measureReferenceBatched(ctx: MeasureContext, op: (i: number) => number): BatchOutcome {
  const recorder = new LatencyRecorder();
  try {
    return measureBatched({ ...ctx, recorder, phases: referencePhases(ctx.phases), barrier: () => {} }, op);
  } finally {
    recorder.destroy();
  }
}
