/**
 * TierManager.recordPollTime() and updateTier() after a poll: the moving average, the
 * tier its value calls for, and the cooldown check before a move down. Poll times are
 * log-uniform over 1 µs–20 ms, so tasks do move between tiers.
 */
import { TierManager } from '../lib/tiered/tier-manager.ts';
import { defineTieredOp } from '../lib/tiered/tiered-op-workload.ts';
import { logUniformValues } from '../lib/tiered/log-uniform.ts';

const TASKS = 1024;
const VALUES = 4096;

export default defineTieredOp({
  name: 'tier1.tier-update',
  tier: 1,
  description: 'TierManager.recordPollTime() + updateTier() for one of 1024 tasks (moving average, thresholds, cooldown).',
  prepare() {
    const tiers = new TierManager(TASKS);
    const pollTimes = logUniformValues(VALUES, 1_000, 20_000_000);
    // A simulated clock, 1 µs per op, so cooldowns expire as the run goes on. Not the op
    // index: that restarts at 0 with every batch, and the clock would run backwards.
    let clockNs = 0;
    return (i) => {
      const task = i & (TASKS - 1);
      tiers.recordPollTime(task, pollTimes[i & (VALUES - 1)]);
      clockNs += 1000;
      return tiers.updateTier(task, clockNs);
    };
  },
});
