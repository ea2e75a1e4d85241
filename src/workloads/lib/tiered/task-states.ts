/**
 * The life cycle of a task as a table-driven state machine, the tiered seed's
 * StateManager::transition: the next state is one lookup in a (state x event) table,
 * and an event the current state does not accept changes nothing and is counted, so a
 * scheduler bug (polling a finished task, waking a running one) is visible rather than
 * silently corrupting the run queue.
 *
 *   IDLE --schedule--> SCHEDULED --start--> RUNNING --yield--> YIELDED --schedule--> SCHEDULED
 *                                           RUNNING --block--> BLOCKED --wake--> SCHEDULED
 *                                           RUNNING --complete--> DONE
 */
export const IDLE = 0;
export const SCHEDULED = 1;
export const RUNNING = 2;
export const YIELDED = 3;
export const BLOCKED = 4;
export const DONE = 5;
const STATE_COUNT = 6;

export const SCHEDULE = 0;
export const START = 1;
export const YIELD = 2;
export const BLOCK = 3;
export const WAKE = 4;
export const COMPLETE = 5;
const EVENT_COUNT = 6;

const INVALID = -1;
const TABLE = new Int8Array(STATE_COUNT * EVENT_COUNT).fill(INVALID);
function allow(from: number, event: number, to: number): void {
  TABLE[from * EVENT_COUNT + event] = to;
}
allow(IDLE, SCHEDULE, SCHEDULED);
allow(SCHEDULED, START, RUNNING);
allow(RUNNING, YIELD, YIELDED);
allow(RUNNING, BLOCK, BLOCKED);
allow(RUNNING, COMPLETE, DONE);
allow(YIELDED, SCHEDULE, SCHEDULED);
allow(BLOCKED, WAKE, SCHEDULED);

export class TaskStates {
  readonly #states: Uint8Array;
  #rejected = 0;

  constructor(maxTasks: number) {
    this.#states = new Uint8Array(maxTasks);
  }

  state(task: number): number {
    return this.#states[task];
  }

  /** Applies `event` to the task; false (state unchanged, counted) when its state does not accept it. */
  transition(task: number, event: number): boolean {
    const next = event >>> 0 < EVENT_COUNT ? TABLE[this.#states[task] * EVENT_COUNT + event] : INVALID;
    if (next === INVALID) {
      this.#rejected++;
      return false;
    }
    this.#states[task] = next;
    return true;
  }

  /** Transitions refused so far. */
  get rejected(): number {
    return this.#rejected;
  }
}
