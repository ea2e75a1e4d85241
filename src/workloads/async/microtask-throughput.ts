/**
 * Microtask throughput: a chain of queueMicrotask hops, each queued by the one before, so
 * the queue always holds exactly one job and the figure is the cost of running a job and
 * queueing the next: the executor loop an await's resumption runs on. Reported as hops
 * per second; ns per hop is the histogram.
 */
import { defineWorkload } from '../api.ts';
import { hopChain } from './hop-chain.ts';
import { MICROTASK_HOPS_PER_SECOND_TARGET } from './targets.ts';
import { measureRounds } from './measure-rounds.ts';
import { defineParams } from '../params.ts';

const HOPS_PER_ROUND = 1024;

export default defineWorkload({
  name: 'async.microtask-throughput',
  category: 'async',
  tier: 1,
  description: 'A chain of queueMicrotask hops, each queued by the previous one: microtask executor throughput.',
  params: defineParams([1]),
  maxThreads: 1,
  kpis: [
    {
      name: 'microtask_throughput',
      description: 'Microtask hops per second; at least 1 / 500 ns, the seeds\' async overhead budget per await.',
      statistic: 'opsPerSecond',
      target: MICROTASK_HOPS_PER_SECOND_TARGET,
      direction: 'min',
      unit: 'ops_per_second',
      severity: 'warning',
    },
  ],
  async run(ctx) {
    return measureRounds(ctx, () => hopChain(queueMicrotask, HOPS_PER_ROUND), HOPS_PER_ROUND);
  },
});
