/**
 * The tier check a poll loop makes between units of work: the task's tier and whether it
 * has spent its tier's budget, over 1024 tasks spread across the four tiers.
 */
import { TaskBudget } from '../lib/tiered/task-budget.ts';
import { TIER_COUNT, TierManager } from '../lib/tiered/tier-manager.ts';
import { defineTieredOp } from '../lib/tiered/tiered-op-workload.ts';

const TASKS = 1024;

export default defineTieredOp({
  name: 'tier0.tier-check',
  tier: 0,
  description: 'TierManager.getTier() and shouldYield() for one of 1024 tasks in mixed tiers, against a part-spent budget.',
  prepare() {
    const tiers = new TierManager(TASKS);
    for (let task = 0; task < TASKS; task++) tiers.setTier(task, task % TIER_COUNT, 0);
    const budget = new TaskBudget();
    for (let unit = 0; unit < 20; unit++) budget.consume();
    return (i) => {
      const task = i & (TASKS - 1);
      return tiers.getTier(task) + (tiers.shouldYield(task, budget) ? TIER_COUNT : 0);
    };
  },
});
