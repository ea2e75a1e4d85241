/**
 * N concurrent tasks: spawn `tasks` async tasks that each await `steps` times, and join
 * them. The microtask queue then holds up to N continuations at once, and every step of
 * every task is interleaved with the others', so this is the await overhead under a run
 * queue N deep rather than alone (async.await-overhead). One op is one task step: the
 * round's time divided by tasks x steps, spawn and join included.
 */
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload, type BaseParams } from '../api.ts';
import { integerParam } from '../integer-param.ts';
import { ASYNC_OVERHEAD_TARGET_NS } from './kpis.ts';
import { measureRounds } from './measure-rounds.ts';

export interface ConcurrentTasksParams extends BaseParams {
  /** Tasks alive at once. */
  tasks: number;
  /** Awaits per task. */
  steps: number;
}

async function steppingTask(steps: number, seed: number): Promise<number> {
  let value = seed;
  for (let s = 0; s < steps; s++) {
    await null;
    value = (value * 33 + s) | 0;
  }
  return value;
}

export default defineWorkload<ConcurrentTasksParams>({
  name: 'async.concurrent-tasks',
  category: 'async',
  tier: 1,
  description: 'N async tasks alive at once, each awaiting `steps` times, spawned and joined per round: ns per task step.',
  params: { threads: [1], tasks: 1000, steps: 8 },
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
    const count = integerParam(ctx.workload, 'tasks', ctx.params.tasks, 1, 100_000);
    const steps = integerParam(ctx.workload, 'steps', ctx.params.steps, 1, 1000);
    const running = new Array<Promise<number>>(count);
    return measureRounds(ctx, async () => {
      const start = nowNs();
      for (let i = 0; i < count; i++) running[i] = steppingTask(steps, i);
      await Promise.all(running);
      return nowNs() - start;
    }, count * steps);
  },
});
