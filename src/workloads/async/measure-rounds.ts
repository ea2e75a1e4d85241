/**
 * Timing of asynchronous rounds: a round is some number of asynchronous operations that
 * only make sense together (a chain of microtask hops, N tasks spawned and joined) and
 * times itself, returning the ns of the part it measures, so that work a round has to do
 * but should not be charged for (joining the tasks whose spawn it timed) stays outside.
 * Each round is recorded with recordBatch as `opsPerRound` operations.
 *
 * Same phase contract as measureBatched: warm-up for `warmupNs`, one ctx.barrier(), then
 * rounds for `durationNs` (or until at least `iterations` ops). Run-level samples are the
 * per-100 ms means of ns/op (IntervalSamples), so the sample count stays bounded however
 * many rounds a run has.
 */
import { nowNs } from '../../measure/clock.ts';
import type { BaseParams, WorkerContext } from '../api.ts';
import { IntervalSamples } from '../scheduler/interval-samples.ts';

export interface RoundsOutcome {
  samples: number[];
  /** Operations per round. */
  batchSize: number;
  nsPerOp: number;
  /** Rounds measured (after the barrier). */
  rounds: number;
}

export type Round = () => Promise<number>;

export async function measureRounds<P extends BaseParams>(
  ctx: WorkerContext<P>,
  round: Round,
  opsPerRound: number,
): Promise<RoundsOutcome> {
  if (!Number.isInteger(opsPerRound) || opsPerRound < 1) {
    throw new RangeError(`opsPerRound must be an integer >= 1, got ${opsPerRound}`);
  }
  const warmUntil = nowNs() + ctx.phases.warmupNs;
  do await round(); while (nowNs() < warmUntil);

  ctx.cpuCanary?.warmUp();
  ctx.barrier();
  const samples = new IntervalSamples();
  const iterations = ctx.phases.iterations;
  const byIterations = iterations !== undefined && iterations > 0;
  const startNs = nowNs();
  const endNs = startNs + ctx.phases.durationNs;
  ctx.cpuCanary?.start(startNs);
  let ops = 0;
  let totalNs = 0;
  let rounds = 0;
  while (byIterations ? ops < iterations : nowNs() < endNs) {
    const elapsed = await round();
    ctx.recorder.recordBatch(elapsed, opsPerRound);
    const now = nowNs();
    samples.add(elapsed / opsPerRound, now);
    ctx.cpuCanary?.tick(now);
    ops += opsPerRound;
    totalNs += elapsed;
    rounds++;
  }
  return { samples: samples.finish(), batchSize: opsPerRound, nsPerOp: ops > 0 ? totalNs / ops : 0, rounds };
}
