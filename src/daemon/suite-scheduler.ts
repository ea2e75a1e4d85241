/**
 * When each suite runs: on its cron schedule (node-cron, UTC, `noOverlap`), or back to back
 * ("continuous"). Passes go through one queue and run one at a time across the daemon,
 * because two suites measuring at once would disturb each other's numbers.
 */
import { createTask, type Logger as CronLogger, type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import { CONTINUOUS } from '../config/cron.ts';
import type { SuiteConfig } from '../config/types.ts';

export interface PassOutcome {
  runs: number;
  failed: number;
  /** The pass ended in an internal error (already logged by whoever ran it). */
  error: boolean;
}

export type SuiteState = 'idle' | 'queued' | 'running';

/** Pause between continuous passes unless the daemon says otherwise. */
export const DEFAULT_CONTINUOUS_PAUSE_MS = 1000;

export interface SuiteStatus {
  name: string;
  schedule: string;
  state: SuiteState;
  /** The next cron fire, or the next continuous pass once it is waiting out its pause. */
  nextRunAt: Date | null;
  passes: number;
  lastFinishedAt: Date | null;
  lastDurationMs: number | null;
}

export interface SuiteSchedulerOptions {
  suites: readonly SuiteConfig[];
  /** Runs one pass; must not reject (the daemon catches and logs inside). */
  runPass(suite: SuiteConfig): Promise<PassOutcome>;
  logger: Logger;
  /** Pause between continuous passes; default 1 s. */
  continuousPauseMs?: number;
  /** First pause after a continuous pass whose every run failed; doubles up to maxBackoffMs. Default 5 s. */
  failingPauseMs?: number;
  /** Default 5 min. */
  maxBackoffMs?: number;
}

interface SuiteSlot {
  suite: SuiteConfig;
  task: ScheduledTask | null;
  state: SuiteState;
  /** Settles when the queued or running pass of this suite finishes. */
  pending: PromiseWithResolvers<void> | null;
  timer: NodeJS.Timeout | null;
  timerDueAt: Date | null;
  pauseMs: number;
  passes: number;
  lastFinishedAt: Date | null;
  lastDurationMs: number | null;
}

function cronLogger(logger: Logger): CronLogger {
  return {
    info: (message) => logger.info(message),
    warn: (message) => logger.warn(message),
    error: (message, err) => logger.error({ err: err ?? message }, typeof message === 'string' ? message : message.message),
    debug: (message, err) => logger.debug({ err: err ?? message }, typeof message === 'string' ? message : message.message),
  };
}

export class SuiteScheduler {
  readonly #slots: SuiteSlot[];
  readonly #queue: SuiteSlot[] = [];
  readonly #runPass: (suite: SuiteConfig) => Promise<PassOutcome>;
  readonly #logger: Logger;
  readonly #continuousPauseMs: number;
  readonly #failingPauseMs: number;
  readonly #maxBackoffMs: number;
  #loop: Promise<void> | null = null;
  #stopped = false;

  constructor(options: SuiteSchedulerOptions) {
    this.#runPass = options.runPass;
    this.#logger = options.logger;
    this.#continuousPauseMs = options.continuousPauseMs ?? DEFAULT_CONTINUOUS_PAUSE_MS;
    this.#failingPauseMs = options.failingPauseMs ?? 5000;
    this.#maxBackoffMs = options.maxBackoffMs ?? 300_000;
    this.#slots = options.suites.map((suite) => ({
      suite, task: null, state: 'idle', pending: null, timer: null, timerDueAt: null,
      pauseMs: 0, passes: 0, lastFinishedAt: null, lastDurationMs: null,
    }));
  }

  /** Arms the cron tasks and queues the passes due at start. */
  start(): void {
    for (const slot of this.#slots) {
      const { suite } = slot;
      if (suite.schedule === CONTINUOUS) {
        // A continuous suite has no "later" to wait for: it starts now, whatever runOnStart says.
        void this.enqueue(suite.name);
        continue;
      }
      slot.task = createTask(suite.schedule, () => this.enqueue(suite.name), {
        name: `suite ${suite.name}`,
        timezone: 'UTC',
        // A pass still queued or running when the next tick comes is not queued twice.
        noOverlap: true,
        logger: cronLogger(this.#logger.child({ suite: suite.name })),
      });
      void slot.task.start();
      if (suite.runOnStart) void this.enqueue(suite.name);
    }
  }

  /**
   * Queues a pass of the suite; resolves when it has run (or was dropped by stop()).
   * A suite already queued or running is not queued again.
   */
  enqueue(name: string): Promise<void> {
    const slot = this.#slots.find((candidate) => candidate.suite.name === name);
    if (slot === undefined) throw new Error(`no suite named "${name}"`);
    if (this.#stopped) return Promise.resolve();
    if (slot.pending !== null) return slot.pending.promise;
    slot.pending = Promise.withResolvers<void>();
    slot.state = 'queued';
    this.#queue.push(slot);
    this.#loop ??= this.#drain();
    return slot.pending.promise;
  }

  /** No further passes: cron tasks destroyed, pauses cancelled, queue emptied. The running pass is the caller's to abort. */
  stop(): void {
    this.#stopped = true;
    for (const slot of this.#slots) {
      if (slot.task !== null) void slot.task.destroy();
      slot.task = null;
      if (slot.timer !== null) clearTimeout(slot.timer);
      slot.timer = null;
      slot.timerDueAt = null;
    }
    for (const slot of this.#queue.splice(0)) this.#settle(slot);
  }

  /** Resolves when no pass is running. */
  idle(): Promise<void> {
    return this.#loop ?? Promise.resolve();
  }

  /** The name of the suite whose pass is running, if any. */
  get running(): string | null {
    return this.#slots.find((slot) => slot.state === 'running')?.suite.name ?? null;
  }

  statuses(): SuiteStatus[] {
    return this.#slots.map((slot) => ({
      name: slot.suite.name,
      schedule: slot.suite.schedule,
      state: slot.state,
      nextRunAt: slot.task?.getNextRun() ?? slot.timerDueAt,
      passes: slot.passes,
      lastFinishedAt: slot.lastFinishedAt,
      lastDurationMs: slot.lastDurationMs,
    }));
  }

  async #drain(): Promise<void> {
    try {
      for (let slot = this.#queue.shift(); slot !== undefined && !this.#stopped; slot = this.#queue.shift()) {
        slot.state = 'running';
        const started = Date.now();
        const outcome = await this.#runPass(slot.suite);
        slot.passes++;
        slot.lastFinishedAt = new Date();
        slot.lastDurationMs = Date.now() - started;
        this.#settle(slot);
        if (slot.suite.schedule === CONTINUOUS) this.#scheduleContinuous(slot, outcome);
      }
    } finally {
      this.#loop = null;
    }
  }

  #settle(slot: SuiteSlot): void {
    slot.state = 'idle';
    const pending = slot.pending;
    slot.pending = null;
    pending?.resolve();
  }

  /**
   * The next continuous pass, after a pause. A pass in which everything failed takes ms,
   * so without a growing pause a broken suite would spin and flood the logs and the
   * results log; one successful run resets it.
   */
  #scheduleContinuous(slot: SuiteSlot, outcome: PassOutcome): void {
    if (this.#stopped) return;
    const failing = outcome.error || (outcome.runs > 0 && outcome.failed === outcome.runs);
    slot.pauseMs = failing
      ? Math.min(this.#maxBackoffMs, Math.max(this.#failingPauseMs, slot.pauseMs * 2))
      : this.#continuousPauseMs;
    if (failing) this.#logger.warn({ suite: slot.suite.name, pauseMs: slot.pauseMs }, 'every run of the pass failed; pausing before the next');
    slot.timerDueAt = new Date(Date.now() + slot.pauseMs);
    slot.timer = setTimeout(() => {
      slot.timer = null;
      slot.timerDueAt = null;
      void this.enqueue(slot.suite.name);
    }, slot.pauseMs);
  }
}
