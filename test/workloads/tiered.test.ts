import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BLOCKS, COMPLETIONS, CooperativeScheduler, POLL_AGAIN, POLL_BLOCKED, POLL_DONE, POLLS, WAKEUPS, YIELDS, type Task,
} from '../../src/workloads/lib/tiered/cooperative-scheduler.ts';
import { CounterSet } from '../../src/workloads/lib/tiered/counter-set.ts';
import { HookRegistry } from '../../src/workloads/lib/tiered/hook-registry.ts';
import { logUniformValues } from '../../src/workloads/lib/tiered/log-uniform.ts';
import { BUCKETS, bucketOf, PollHistogram } from '../../src/workloads/lib/tiered/poll-histogram.ts';
import { TaskBudget } from '../../src/workloads/lib/tiered/task-budget.ts';
import {
  BLOCK, BLOCKED, COMPLETE, DONE, IDLE, RUNNING, SCHEDULE, SCHEDULED, START, TaskStates, WAKE, YIELD, YIELDED,
} from '../../src/workloads/lib/tiered/task-states.ts';
import { DEFAULT_TIER_CONFIG, TierManager } from '../../src/workloads/lib/tiered/tier-manager.ts';

describe('TaskBudget', () => {
  it('allows exactly `limit` units, then refuses without going negative', () => {
    const budget = new TaskBudget(3);
    assert.deepEqual([budget.consume(), budget.consume(), budget.consume(), budget.consume()], [true, true, true, false]);
    assert.equal(budget.remaining(), 0);
    assert.equal(budget.used(), 3);
    assert.ok(budget.isExhausted());
  });

  it('refills to its limit, or to a new one', () => {
    const budget = new TaskBudget(4);
    budget.consume();
    budget.reset();
    assert.equal(budget.remaining(), 4);
    budget.reset(2);
    assert.equal(budget.remaining(), 2);
    assert.equal(budget.used(), 0);
    assert.throws(() => new TaskBudget(0), RangeError);
  });
});

describe('TierManager', () => {
  const config = { thresholdsNs: [100, 1000, 10_000], cooldownNs: 50, baseBudget: 64 };

  it('the first poll time sets the average, later ones move it by 1/8', () => {
    const tiers = new TierManager(1, config);
    tiers.recordPollTime(0, 80);
    assert.equal(tiers.averagePollNs(0), 80);
    tiers.recordPollTime(0, 160);
    assert.equal(tiers.averagePollNs(0), 90);
  });

  it('moves a slow task up at once, to the tier its average calls for', () => {
    const tiers = new TierManager(1, config);
    tiers.recordPollTime(0, 5000);
    assert.equal(tiers.updateTier(0, 0), 2);
    assert.equal(tiers.getTier(0), 2);
    assert.equal(tiers.tierChanges, 1);
  });

  it('moves it down one tier at a time, and only after the cooldown', () => {
    const tiers = new TierManager(1, config);
    tiers.setTier(0, 3, 1000);
    tiers.recordPollTime(0, 10);
    assert.equal(tiers.updateTier(0, 1020), 3, 'within the cooldown');
    assert.equal(tiers.checkCooldown(0, 1020), false);
    assert.equal(tiers.updateTier(0, 1050), 2, 'one tier down after it');
    assert.equal(tiers.updateTier(0, 1060), 2, 'the move restarted the cooldown');
    assert.equal(tiers.updateTier(0, 1100), 1);
  });

  it('halves the poll budget per tier, and says when a task has spent its tier\'s share', () => {
    const tiers = new TierManager(2, config);
    tiers.setTier(1, 2, 0);
    assert.equal(tiers.budgetFor(0), 64);
    assert.equal(tiers.budgetFor(1), 16);
    const budget = new TaskBudget(64);
    for (let unit = 0; unit < 16; unit++) budget.consume();
    assert.equal(tiers.shouldYield(0, budget), false);
    assert.equal(tiers.shouldYield(1, budget), true);
    assert.throws(() => tiers.setTier(0, 4, 0), RangeError);
  });

  it('needs one threshold per tier above 0', () => {
    assert.throws(() => new TierManager(1, { ...DEFAULT_TIER_CONFIG, thresholdsNs: [1] }), RangeError);
  });
});

describe('HookRegistry', () => {
  it('calls every hook in registration order, and stops calling removed ones', () => {
    const registry = new HookRegistry();
    assert.equal(registry.hasHooks(), false);
    const calls: string[] = [];
    const removeFirst = registry.register({
      beforePoll: (task, tier) => calls.push(`a-before ${task}/${tier}`),
      afterPoll: (task, tier, ns) => calls.push(`a-after ${task}/${tier}/${ns}`),
    });
    registry.register({ beforePoll: (task) => calls.push(`b-before ${task}`) });
    assert.equal(registry.hasHooks(), true);
    registry.beforePoll(7, 1);
    registry.afterPoll(7, 1, 300);
    assert.deepEqual(calls, ['a-before 7/1', 'b-before 7', 'a-after 7/1/300']);
    removeFirst();
    calls.length = 0;
    registry.beforePoll(8, 0);
    registry.afterPoll(8, 0, 1);
    assert.deepEqual(calls, ['b-before 8']);
  });
});

describe('CounterSet', () => {
  it('increments each counter on its own and returns the new value', () => {
    const counters = new CounterSet(3);
    assert.equal(counters.increment(1), 1);
    assert.equal(counters.increment(1, 5), 6);
    assert.equal(counters.get(0), 0);
    assert.equal(counters.size, 3);
  });
});

describe('PollHistogram', () => {
  it('puts a value in the bucket of its bit length', () => {
    assert.equal(bucketOf(0), 0);
    assert.equal(bucketOf(0.5), 0);
    assert.equal(bucketOf(1), 1);
    assert.equal(bucketOf(2), 2);
    assert.equal(bucketOf(3), 2);
    assert.equal(bucketOf(1024), 11);
    assert.equal(bucketOf(2 ** 32 - 1), 32);
    assert.equal(bucketOf(2 ** 32), 33);
    assert.equal(bucketOf(2 ** 40 + 5), 41);
    assert.equal(bucketOf(2 ** 70), BUCKETS - 1);
  });

  it('keeps count, sum and max, and bounds a quantile from above within 2x', () => {
    const histogram = new PollHistogram();
    const values = [5, 10, 100, 1000, 100_000];
    for (const value of values) histogram.record(value);
    assert.equal(histogram.count, 5);
    assert.equal(histogram.sum, 101_115);
    assert.equal(histogram.max, 100_000);
    assert.equal(histogram.bucketCount(bucketOf(100)), 1);
    const median = histogram.quantileUpperBound(0.5);
    assert.ok(median >= 100 && median < 200, `median bound ${median}`);
    assert.equal(histogram.quantileUpperBound(1), 100_000);
    assert.equal(new PollHistogram().quantileUpperBound(0.5), 0);
  });
});

describe('TaskStates', () => {
  it('follows the scheduling cycle', () => {
    const states = new TaskStates(1);
    assert.equal(states.state(0), IDLE);
    for (const [event, state] of [[SCHEDULE, SCHEDULED], [START, RUNNING], [YIELD, YIELDED], [SCHEDULE, SCHEDULED],
      [START, RUNNING], [BLOCK, BLOCKED], [WAKE, SCHEDULED], [START, RUNNING], [COMPLETE, DONE]]) {
      assert.equal(states.transition(0, event), true);
      assert.equal(states.state(0), state);
    }
    assert.equal(states.rejected, 0);
  });

  it('refuses an event the state does not accept, changes nothing and counts it', () => {
    const states = new TaskStates(1);
    assert.equal(states.transition(0, START), false, 'an idle task cannot start');
    assert.equal(states.transition(0, 42), false, 'no such event');
    assert.equal(states.state(0), IDLE);
    states.transition(0, SCHEDULE);
    states.transition(0, START);
    states.transition(0, COMPLETE);
    assert.equal(states.transition(0, SCHEDULE), false, 'a finished task stays finished');
    assert.equal(states.state(0), DONE);
    assert.equal(states.rejected, 3);
  });
});

/** A task that needs `units` units of work, done while its budget allows. */
function workTask(units: number, log?: number[]): Task {
  let left = units;
  return (budget, task) => {
    log?.push(task);
    while (left > 0 && budget.consume()) left--;
    return left === 0 ? POLL_DONE : POLL_AGAIN;
  };
}

describe('CooperativeScheduler', () => {
  it('polls tasks round-robin until they finish, yielding whenever the budget runs out', () => {
    // A stopped clock: every poll takes 0 ns, so no task changes tier and the budgets stay whole.
    const scheduler = new CooperativeScheduler({ maxTasks: 4, clock: () => 0 });
    const order: number[] = [];
    scheduler.spawn(workTask(300, order)); // 128 + 128 + 44: three polls
    scheduler.spawn(workTask(100, order)); // one poll
    const polls = scheduler.runUntilIdle();
    assert.equal(polls, 4);
    assert.deepEqual(order, [0, 1, 0, 0]);
    assert.equal(scheduler.counters.get(POLLS), 4);
    assert.equal(scheduler.counters.get(YIELDS), 2);
    assert.equal(scheduler.counters.get(COMPLETIONS), 2);
    assert.equal(scheduler.pollTimes.count, 4);
    assert.equal(scheduler.states.state(0), DONE);
    assert.equal(scheduler.states.rejected, 0);
  });

  it('moves a task with slow polls up a tier and gives it a smaller budget there', () => {
    let clock = 0;
    const budgets: number[] = [];
    const scheduler = new CooperativeScheduler({ maxTasks: 2, clock: () => clock });
    scheduler.spawn((budget) => {
      budgets.push(budget.remaining());
      clock += 2_000_000; // a 2 ms poll: above the 1 ms threshold of tier 2
      budget.consume();
      return budgets.length < 3 ? POLL_AGAIN : POLL_DONE;
    });
    scheduler.runUntilIdle();
    const base = DEFAULT_TIER_CONFIG.baseBudget;
    assert.deepEqual(budgets, [base, base >> 2, base >> 2]);
    assert.equal(scheduler.tiers.getTier(0), 2);
  });

  it('runs the hooks around every poll with the task, its tier and the poll time', () => {
    let clock = 0;
    const scheduler = new CooperativeScheduler({ maxTasks: 1, clock: () => clock });
    const seen: string[] = [];
    scheduler.hooks.register({
      beforePoll: (task, tier) => seen.push(`before ${task} tier ${tier}`),
      afterPoll: (task, tier, ns) => seen.push(`after ${task} tier ${tier} ${ns} ns`),
    });
    scheduler.spawn(() => {
      clock += 700;
      return POLL_DONE;
    });
    scheduler.runUntilIdle();
    assert.deepEqual(seen, ['before 0 tier 0', 'after 0 tier 0 700 ns']);
  });

  it('leaves a blocked task alone until it is woken', () => {
    const scheduler = new CooperativeScheduler({ maxTasks: 2 });
    let polled = 0;
    const task = scheduler.spawn(() => (++polled === 1 ? POLL_BLOCKED : POLL_DONE));
    assert.equal(scheduler.runUntilIdle(), 1);
    assert.equal(scheduler.runUntilIdle(), 0, 'nothing queued while blocked');
    assert.equal(scheduler.states.state(task), BLOCKED);
    assert.equal(scheduler.wake(task), true);
    assert.equal(scheduler.wake(task), false, 'already woken');
    assert.equal(scheduler.runUntilIdle(), 1);
    assert.equal(polled, 2);
    assert.equal(scheduler.counters.get(BLOCKS), 1);
    assert.equal(scheduler.counters.get(WAKEUPS), 1);
    assert.equal(scheduler.states.state(task), DONE);
  });

  it('stops after maxPolls and refuses more tasks than it has room for', () => {
    const scheduler = new CooperativeScheduler({ maxTasks: 1, clock: () => 0 });
    scheduler.spawn(workTask(1000));
    assert.equal(scheduler.runUntilIdle(2), 2);
    assert.equal(scheduler.queued, 1);
    assert.throws(() => scheduler.spawn(workTask(1)), RangeError);
  });
});

describe('logUniformValues', () => {
  it('stays within its bounds and spreads evenly over the decades', () => {
    const values = logUniformValues(1000, 100, 1_000_000);
    assert.ok(values.every((value) => value >= 100 && value <= 1_000_000));
    const perDecade = [0, 0, 0, 0];
    for (const value of values) perDecade[Math.min(3, Math.floor(Math.log10(value) - 2))]++;
    for (const count of perDecade) assert.ok(count >= 230 && count <= 270, `per decade: ${perDecade}`);
  });
});
