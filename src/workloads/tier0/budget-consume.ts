/** TaskBudget consume-and-check: spend a unit, and refill when the budget runs out, as a poll loop does. */
import { TaskBudget } from '../lib/tiered/task-budget.ts';
import { defineTieredOp } from '../lib/tiered/tiered-op-workload.ts';

export default defineTieredOp({
  name: 'tier0.budget-consume',
  tier: 0,
  description: 'TaskBudget.consume() and its exhaustion check, refilling at exhaustion (one poll\'s budget every 128 ops).',
  prepare() {
    const budget = new TaskBudget();
    return () => {
      if (!budget.consume()) budget.reset();
      return budget.remaining();
    };
  },
});
