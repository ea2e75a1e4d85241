/** Timing helpers shared by the in-process micro-benchmarks. */
import { measure } from 'mitata';
import { nowNs } from '../src/measure/clock.ts';

export interface LoopTiming {
  iterations: number;
  rounds: number;
}

export const FULL_LOOP: LoopTiming = { iterations: 2_000_000, rounds: 9 };
export const QUICK_LOOP: LoopTiming = { iterations: 200_000, rounds: 5 };

/** Median ns per iteration of `body` run as one tight loop, over several rounds after one warm-up round. */
export function nsPerIteration(body: (iterations: number) => void, timing: LoopTiming): number {
  const perRound: number[] = [];
  body(timing.iterations);
  for (let round = 0; round < timing.rounds; round++) {
    const start = nowNs();
    body(timing.iterations);
    perRound.push((nowNs() - start) / timing.iterations);
  }
  perRound.sort((a, b) => a - b);
  return perRound[timing.rounds >> 1];
}

/** mitata's mean ns per call of `fn`. */
export async function mitataAverageNs(fn: () => unknown, quick: boolean): Promise<number> {
  const stats = await measure(fn, quick ? { min_cpu_time: 50e6 } : {});
  return stats.avg;
}
