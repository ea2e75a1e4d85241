/**
 * HookRegistry.beforePoll() and afterPoll() around one poll, with one hook pair
 * registered (a poll counter and a poll-time accumulator, the least instrumentation
 * does), for one of 1024 tasks.
 */
import { HookRegistry } from '../lib/tiered/hook-registry.ts';
import { defineTieredOp } from '../lib/tiered/tiered-op-workload.ts';

const TASKS = 1024;

export default defineTieredOp({
  name: 'tier0.hook-poll',
  tier: 0,
  description: 'HookRegistry.beforePoll() + afterPoll() with one registered hook pair (counts polls, sums poll time).',
  prepare() {
    const registry = new HookRegistry();
    const totals = new Float64Array(2);
    registry.register({
      beforePoll: () => {
        totals[0]++;
      },
      afterPoll: (_task, _tier, pollNs) => {
        totals[1] += pollNs;
      },
    });
    return (i) => {
      const task = i & (TASKS - 1);
      registry.beforePoll(task, 0);
      registry.afterPoll(task, 0, i & 0xfff);
      return totals[0];
    };
  },
});
