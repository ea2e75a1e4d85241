/**
 * N concurrent tasks: spawn `tasks` async tasks that each await `steps` times, and join
 * them. The microtask queue then holds up to N continuations at once, and every step of
 * every task is interleaved with the others', so this is the await overhead under a run
 * queue N deep rather than alone (async.await-overhead). One op is one task step: the
 * round's time divided by tasks x steps, spawn and join included.
 */
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { defineParams, integerParam } from '../params.ts';
import { ASYNC_OVERHEAD_TARGET_NS } from './targets.ts';
import { measureRounds } from './measure-rounds.ts';

async function steppingTask(steps: number, seed: number): Promise<number> {
  let value = seed;
  for (let s = 0; s < steps; s++) {
    await null;
    value = (value * 33 + s) | 0;
  }
  return value;
}

export default defineWorkload({
  name: 'async.concurrent-tasks',
  category: 'async',
  tier: 1,
  description: 'N async tasks alive at once, each awaiting `steps` times, spawned and joined per round: ns per task step.',
  params: defineParams([1], {
    /** Tasks alive at once. */
    tasks: integerParam({ min: 1, max: 100_000, default: 1000 }),
    /** Awaits per task. */
    steps: integerParam({ min: 1, max: 1000, default: 8 }),
  }),
  maxThreads: 1,
  kpis: [
    {
      name: 'task_step',
      description: 'Mean ns per task step (one await and its resumption) with N tasks interleaved (seeds\' async overhead: < 500 ns).',
      statistic: 'mean',
      target: ASYNC_OVERHEAD_TARGET_NS,
      direction: 'max',
      unit: 'ns',
      severity: 'warning',
    },
  ],
  async run(ctx) {
    const { tasks: count, steps } = ctx.params;
    const running = new Array<Promise<number>>(count);
    return measureRounds(ctx, async () => {
      const start = nowNs();
      for (let i = 0; i < count; i++) running[i] = steppingTask(steps, i);
      await Promise.all(running);
      return nowNs() - start;
    }, count * steps);
  },
});
