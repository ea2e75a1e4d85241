/**
 * Per-task tiers, in the manner of the tiered seed's TierManager: a task whose polls run
 * long is moved to a higher (more penalised) tier at once, gets a smaller poll budget
 * there (the base budget halved per tier), and comes back down one tier at a time only
 * after a cooldown of good behaviour. Poll time is an exponentially weighted moving
 * average, so one slow poll does not move a task but a run of them does.
 *
 * State lives in typed arrays indexed by task id, so the hot reads (tier check) are one
 * load each and nothing is allocated per task.
 */
import type { TaskBudget } from './task-budget.ts';

export const TIER_COUNT = 4;

export interface TierConfig {
  /** A task whose average poll exceeds thresholdsNs[t - 1] belongs in tier t (ascending, TIER_COUNT - 1 of them). */
  thresholdsNs: readonly number[];
  /** How long a task must stay in its tier before it may move one tier down. */
  cooldownNs: number;
  /** The poll budget of tier 0; tier t gets baseBudget >> t, at least 1. */
  baseBudget: number;
}

export const DEFAULT_TIER_CONFIG: TierConfig = {
  thresholdsNs: [100_000, 1_000_000, 10_000_000],
  cooldownNs: 100_000_000,
  baseBudget: 128,
};

/** Weight of the newest poll in the moving average: 1/8, as TCP's RTT estimator. */
const EWMA_WEIGHT = 0.125;

export class TierManager {
  readonly config: TierConfig;
  readonly #tiers: Uint8Array;
  readonly #averagePollNs: Float64Array;
  readonly #changedAtNs: Float64Array;
  #tierChanges = 0;

  constructor(maxTasks: number, config: TierConfig = DEFAULT_TIER_CONFIG) {
    if (config.thresholdsNs.length !== TIER_COUNT - 1) throw new RangeError(`need ${TIER_COUNT - 1} tier thresholds`);
    this.config = config;
    this.#tiers = new Uint8Array(maxTasks);
    this.#averagePollNs = new Float64Array(maxTasks);
    this.#changedAtNs = new Float64Array(maxTasks);
  }

  getTier(task: number): number {
    return this.#tiers[task];
  }

  budgetFor(task: number): number {
    return Math.max(1, this.config.baseBudget >> this.#tiers[task]);
  }

  /** The task has spent its tier's budget (which may be less than what its budget holds). */
  shouldYield(task: number, budget: TaskBudget): boolean {
    return budget.isExhausted() || budget.used() >= this.budgetFor(task);
  }

  averagePollNs(task: number): number {
    return this.#averagePollNs[task];
  }

  recordPollTime(task: number, pollNs: number): void {
    const average = this.#averagePollNs[task];
    this.#averagePollNs[task] = average === 0 ? pollNs : average + (pollNs - average) * EWMA_WEIGHT;
  }

  /** Whether the task's cooldown has passed, so that it may move down a tier. */
  checkCooldown(task: number, nowNs: number): boolean {
    return nowNs - this.#changedAtNs[task] >= this.config.cooldownNs;
  }

  /** Moves the task up to the tier its average poll time calls for, or one tier down after its cooldown. Returns its tier. */
  updateTier(task: number, nowNs: number): number {
    const current = this.#tiers[task];
    const wanted = this.#tierFor(this.#averagePollNs[task]);
    let next = current;
    if (wanted > current) next = wanted;
    else if (wanted < current && this.checkCooldown(task, nowNs)) next = current - 1;
    if (next !== current) {
      this.#tiers[task] = next;
      this.#changedAtNs[task] = nowNs;
      this.#tierChanges++;
    }
    return next;
  }

  /** Puts a task in a tier directly (tests, and a workload's fixture). */
  setTier(task: number, tier: number, nowNs: number): void {
    if (!Number.isInteger(tier) || tier < 0 || tier >= TIER_COUNT) throw new RangeError(`tier must be 0..${TIER_COUNT - 1}, got ${tier}`);
    this.#tiers[task] = tier;
    this.#changedAtNs[task] = nowNs;
  }

  get tierChanges(): number {
    return this.#tierChanges;
  }

  #tierFor(averageNs: number): number {
    const thresholds = this.config.thresholdsNs;
    let tier = 0;
    while (tier < thresholds.length && averageNs > thresholds[tier]) tier++;
    return tier;
  }
}
