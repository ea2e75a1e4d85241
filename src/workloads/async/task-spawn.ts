/**
 * Task spawn: call an async function whose body yields at once (`await null`), which is
 * how a JavaScript runtime spawns a task. The call allocates the async frame and its
 * promise, runs the body to the first await and queues the continuation; the caller gets
 * a pending promise back. Only the spawning loop is timed; joining the round's tasks
 * (they run, then Promise.all settles) happens after the clock is read, so the figure is
 * the spawn cost, and the join's cost is reported separately as join_ns_per_task.
 */
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { defineParams, integerParam } from '../params.ts';
import { COROUTINE_CREATION_KPI } from '../scheduler/coroutine-kpi.ts';
import { measureRounds } from './measure-rounds.ts';

async function task(seed: number): Promise<number> {
  await null;
  return seed + 1;
}

export default defineWorkload({
  name: 'async.task-spawn',
  category: 'async',
  tier: 1,
  description: 'Spawn async tasks that suspend at their first await (frame, promise, queued continuation); the join is timed apart.',
  params: defineParams([1], {
    /** Tasks spawned per timed round, then joined together. */
    tasksPerRound: integerParam({ min: 1, max: 100_000, default: 64 }),
  }),
  maxThreads: 1,
  kpis: [
    {
      ...COROUTINE_CREATION_KPI,
      name: 'task_spawn',
      description: 'Mean time to spawn a task, i.e. create a coroutine and run it to its first suspension (seeds: coroutine creation < 10 µs).',
    },
  ],
  async run(ctx) {
    const count = ctx.params.tasksPerRound;
    const tasks = new Array<Promise<number>>(count);
    let joinNs = 0;
    let joined = 0;
    const outcome = await measureRounds(ctx, async () => {
      const start = nowNs();
      for (let i = 0; i < count; i++) tasks[i] = task(i);
      const spawned = nowNs();
      const results = await Promise.all(tasks);
      joinNs += nowNs() - spawned;
      joined += results.length;
      return spawned - start;
    }, count);
    return { ...outcome, metrics: { join_ns_per_task: joined > 0 ? joinNs / joined : 0 } };
  },
});
