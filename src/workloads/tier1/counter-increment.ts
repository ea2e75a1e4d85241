/** CounterSet.increment() over 16 counters: the scheduler's polls/yields/completions bookkeeping. */
import { CounterSet } from '../lib/tiered/counter-set.ts';
import { defineTieredOp } from '../lib/tiered/tiered-op-workload.ts';

const COUNTERS = 16;

export default defineTieredOp({
  name: 'tier1.counter-increment',
  tier: 1,
  description: 'CounterSet.increment() of one of 16 Float64 counters.',
  prepare() {
    const counters = new CounterSet(COUNTERS);
    return (i) => counters.increment(i & (COUNTERS - 1));
  },
});
