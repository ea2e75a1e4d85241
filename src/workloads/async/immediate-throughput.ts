/**
 * setImmediate throughput: a chain of setImmediate hops, each scheduled by the one
 * before, so every hop is one turn of the event loop (the check phase runs only the
 * immediates queued before it started). This is what a cooperative task pays to yield to
 * I/O and timers and be scheduled again.
 */
import { defineWorkload } from '../api.ts';
import { hopChain } from './hop-chain.ts';
import { EVENT_LOOP_TURNS_PER_SECOND_TARGET } from './targets.ts';
import { measureRounds } from './measure-rounds.ts';
import { defineParams } from '../params.ts';

const HOPS_PER_ROUND = 64;

export default defineWorkload({
  name: 'async.immediate-throughput',
  category: 'async',
  tier: 1,
  description: 'A chain of setImmediate hops, one event-loop turn each: the cost of yielding to the event loop and being scheduled again.',
  params: defineParams([1]),
  maxThreads: 1,
  kpis: [
    {
      name: 'event_loop_turns',
      description: 'setImmediate hops (event-loop turns) per second; at least 1 / 100 µs, the seeds\' scheduling latency.',
      statistic: 'opsPerSecond',
      target: EVENT_LOOP_TURNS_PER_SECOND_TARGET,
      direction: 'min',
      unit: 'ops_per_second',
      severity: 'warning',
    },
  ],
  async run(ctx) {
    return measureRounds(ctx, () => hopChain(setImmediate, HOPS_PER_ROUND), HOPS_PER_ROUND);
  },
});
