/**
 * TaskStates.transition() driving 1024 tasks round the scheduling cycle (schedule, start,
 * yield, schedule, ...): each op applies the event the task's current state expects, so
 * every transition is a valid one and goes through the table lookup and the store.
 */
import { IDLE, RUNNING, SCHEDULE, SCHEDULED, START, TaskStates, YIELD, YIELDED } from '../lib/tiered/task-states.ts';
import { defineTieredOp } from '../lib/tiered/tiered-op-workload.ts';

const TASKS = 1024;

export default defineTieredOp({
  name: 'tier1.state-transition',
  tier: 1,
  description: 'TaskStates.transition() of one of 1024 tasks along schedule → start → yield → schedule (table lookup, validity check, store).',
  prepare() {
    const states = new TaskStates(TASKS);
    const nextEvent = new Int8Array(8).fill(-1);
    nextEvent[IDLE] = SCHEDULE;
    nextEvent[SCHEDULED] = START;
    nextEvent[RUNNING] = YIELD;
    nextEvent[YIELDED] = SCHEDULE;
    return (i) => {
      const task = i & (TASKS - 1);
      states.transition(task, nextEvent[states.state(task)]);
      return states.state(task);
    };
  },
});
