/**
 * Instrumentation hooks around every poll (tracing, metrics, a watchdog), as the tiered
 * seed's HookRegistry: before_poll and after_poll call every registered hook in order.
 * Hooks are kept in two plain arrays so that a poll with no hooks costs a length check,
 * and a poll with hooks a loop of direct calls; registering returns the function that
 * removes the hooks again.
 */
export type BeforePoll = (task: number, tier: number) => void;
export type AfterPoll = (task: number, tier: number, pollNs: number) => void;

export interface PollHooks {
  beforePoll?: BeforePoll;
  afterPoll?: AfterPoll;
}

export class HookRegistry {
  readonly #before: BeforePoll[] = [];
  readonly #after: AfterPoll[] = [];

  register(hooks: PollHooks): () => void {
    const { beforePoll, afterPoll } = hooks;
    if (beforePoll) this.#before.push(beforePoll);
    if (afterPoll) this.#after.push(afterPoll);
    return () => {
      if (beforePoll) this.#before.splice(this.#before.indexOf(beforePoll), 1);
      if (afterPoll) this.#after.splice(this.#after.indexOf(afterPoll), 1);
    };
  }

  hasHooks(): boolean {
    return this.#before.length > 0 || this.#after.length > 0;
  }

  beforePoll(task: number, tier: number): void {
    const hooks = this.#before;
    for (let i = 0; i < hooks.length; i++) hooks[i](task, tier);
  }

  afterPoll(task: number, tier: number, pollNs: number): void {
    const hooks = this.#after;
    for (let i = 0; i < hooks.length; i++) hooks[i](task, tier, pollNs);
  }
}
