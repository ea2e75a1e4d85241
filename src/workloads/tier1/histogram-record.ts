/**
 * PollHistogram.record() of poll times spread log-uniformly from 100 ns to 10 ms (a
 * precomputed list, so the op does not time a random-number generator and every
 * bucket in between is hit).
 */
import { PollHistogram } from '../lib/tiered/poll-histogram.ts';
import { defineTieredOp } from '../lib/tiered/tiered-op-workload.ts';
import { logUniformValues } from '../lib/tiered/log-uniform.ts';

const VALUES = 1024;

export default defineTieredOp({
  name: 'tier1.histogram-record',
  tier: 1,
  description: 'PollHistogram.record() of a poll time (log2 buckets, count, sum, max); values log-uniform over 100 ns–10 ms.',
  prepare() {
    const histogram = new PollHistogram();
    const values = logUniformValues(VALUES, 100, 10_000_000);
    return (i) => histogram.record(values[i & (VALUES - 1)]);
  },
});
