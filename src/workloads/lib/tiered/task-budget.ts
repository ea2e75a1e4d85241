/**
 * A task's poll budget, as in Tokio's cooperative scheduling: every unit of work a task
 * does in one poll spends a unit, and when none is left the task must yield, so one
 * task cannot hold the thread. The scheduler refills it before each poll, with fewer
 * units for a task in a penalised tier (tier-manager.ts).
 */
export const DEFAULT_POLL_BUDGET = 128;

export class TaskBudget {
  #limit: number;
  #remaining: number;

  constructor(limit = DEFAULT_POLL_BUDGET) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`budget limit must be a positive integer, got ${limit}`);
    this.#limit = limit;
    this.#remaining = limit;
  }

  /** Spends one unit; false (and nothing spent) when the budget is exhausted. */
  consume(): boolean {
    if (this.#remaining <= 0) return false;
    this.#remaining--;
    return true;
  }

  isExhausted(): boolean {
    return this.#remaining <= 0;
  }

  remaining(): number {
    return this.#remaining;
  }

  /** Units spent since the last reset. */
  used(): number {
    return this.#limit - this.#remaining;
  }

  /** Refills to `limit` (default: the limit it had). */
  reset(limit = this.#limit): void {
    this.#limit = limit;
    this.#remaining = limit;
  }
}
