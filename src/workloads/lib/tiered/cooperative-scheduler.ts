/**
 * A small cooperative scheduler built from the tiered seed's critical-path parts: a FIFO
 * run queue of task ids, and around each poll the state machine (task-states.ts), the
 * tier's poll budget (task-budget.ts, tier-manager.ts), the before/after hooks
 * (hook-registry.ts), the poll-time histogram and the counters. The tier0.* and tier1.*
 * workloads time these parts one at a time; this file is where they meet, and its tests
 * are what says the parts add up to a scheduler.
 *
 * A task is a function polled with its budget; it does units of work while
 * `budget.consume()` allows and returns what it wants next: to run again later (YIELD),
 * to wait for a wake() (BLOCK), or that it has finished (DONE).
 */
import { nowNs } from '../../../measure/clock.ts';
import { CounterSet } from './counter-set.ts';
import { HookRegistry } from './hook-registry.ts';
import { PollHistogram } from './poll-histogram.ts';
import { TaskBudget } from './task-budget.ts';
import { BLOCK, COMPLETE, SCHEDULE, START, TaskStates, WAKE, YIELD } from './task-states.ts';
import { DEFAULT_TIER_CONFIG, TierManager, type TierConfig } from './tier-manager.ts';

export const POLL_AGAIN = 0;
export const POLL_BLOCKED = 1;
export const POLL_DONE = 2;
export type PollResult = typeof POLL_AGAIN | typeof POLL_BLOCKED | typeof POLL_DONE;

export type Task = (budget: TaskBudget, task: number) => PollResult;

/** Counter ids of CooperativeScheduler.counters. */
export const POLLS = 0;
export const YIELDS = 1;
export const BLOCKS = 2;
export const COMPLETIONS = 3;
export const WAKEUPS = 4;
const COUNTER_COUNT = 5;

export interface SchedulerOptions {
  maxTasks: number;
  tiers?: TierConfig;
  /** Monotonic ns; injectable so that tests can make polls "slow". */
  clock?: () => number;
}

export class CooperativeScheduler {
  readonly tiers: TierManager;
  readonly states: TaskStates;
  readonly hooks = new HookRegistry();
  readonly counters = new CounterSet(COUNTER_COUNT);
  readonly pollTimes = new PollHistogram();
  readonly #tasks: (Task | undefined)[];
  readonly #queue: Int32Array;
  #queueHead = 0;
  #queued = 0;
  #spawned = 0;
  readonly #budget: TaskBudget;
  readonly #clock: () => number;

  constructor(options: SchedulerOptions) {
    const { maxTasks } = options;
    if (!Number.isInteger(maxTasks) || maxTasks < 1) throw new RangeError(`maxTasks must be a positive integer, got ${maxTasks}`);
    this.tiers = new TierManager(maxTasks, options.tiers ?? DEFAULT_TIER_CONFIG);
    this.states = new TaskStates(maxTasks);
    this.#tasks = new Array<Task | undefined>(maxTasks).fill(undefined);
    // Each task is queued at most once at a time, so maxTasks slots always suffice.
    this.#queue = new Int32Array(maxTasks);
    this.#budget = new TaskBudget(this.tiers.config.baseBudget);
    this.#clock = options.clock ?? nowNs;
  }

  /** Adds a task and queues it; returns its id. */
  spawn(task: Task): number {
    if (this.#spawned === this.#tasks.length) throw new RangeError(`scheduler is full (${this.#tasks.length} tasks)`);
    const id = this.#spawned++;
    this.#tasks[id] = task;
    this.states.transition(id, SCHEDULE);
    this.#enqueue(id);
    return id;
  }

  /** Queues a blocked task again; false when it was not blocked. */
  wake(task: number): boolean {
    if (!this.states.transition(task, WAKE)) return false;
    this.counters.increment(WAKEUPS);
    this.#enqueue(task);
    return true;
  }

  get queued(): number {
    return this.#queued;
  }

  /** Polls queued tasks until the queue is empty or `maxPolls` polls have run; returns the polls run. */
  runUntilIdle(maxPolls = Number.POSITIVE_INFINITY): number {
    let polls = 0;
    while (this.#queued > 0 && polls < maxPolls) {
      this.#pollOne(this.#dequeue());
      polls++;
    }
    return polls;
  }

  #pollOne(task: number): void {
    const { tiers, states, hooks, counters } = this;
    states.transition(task, START);
    const tier = tiers.getTier(task);
    this.#budget.reset(tiers.budgetFor(task));
    hooks.beforePoll(task, tier);
    const start = this.#clock();
    const result = this.#tasks[task]!(this.#budget, task);
    const end = this.#clock();
    const pollNs = end - start;
    tiers.recordPollTime(task, pollNs);
    tiers.updateTier(task, end);
    hooks.afterPoll(task, tier, pollNs);
    counters.increment(POLLS);
    this.pollTimes.record(pollNs);
    if (result === POLL_DONE) {
      states.transition(task, COMPLETE);
      counters.increment(COMPLETIONS);
      this.#tasks[task] = undefined;
    } else if (result === POLL_BLOCKED) {
      states.transition(task, BLOCK);
      counters.increment(BLOCKS);
    } else {
      states.transition(task, YIELD);
      states.transition(task, SCHEDULE);
      counters.increment(YIELDS);
      this.#enqueue(task);
    }
  }

  #enqueue(task: number): void {
    const capacity = this.#queue.length;
    this.#queue[(this.#queueHead + this.#queued) % capacity] = task;
    this.#queued++;
  }

  #dequeue(): number {
    const task = this.#queue[this.#queueHead];
    this.#queueHead = (this.#queueHead + 1) % this.#queue.length;
    this.#queued--;
    return task;
  }
}
