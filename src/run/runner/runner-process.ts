/**
 * The parent's handle on one runner process: forks it, waits until it is ready, asks it for
 * one run at a time, and turns every way it can die during a run into an outcome: a crash
 * (a signal, a non-zero exit), its RSS past the cap (`oom`), no answer long after the run's
 * own timeout (`timeout`), or an abort (shutdown). A dead runner answers no more runs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { FailureReason, RunResult } from '../../model/result.ts';
import { DAEMON_PID_ENV } from '../../measure/interference/probe.ts';
import { runnerExecArgv, runnerNodeOptions } from './exec-argv.ts';
import { describeRunnerExit } from './exit-description.ts';
import { parseRunnerMessage, type RunnerMessage, type RunRequest } from './protocol.ts';
import { RssWatch } from './rss-watch.ts';

const RUNNER_ENTRY = new URL('./runner-entry.ts', import.meta.url);
const MB = 1024 * 1024;
/** How often the parent reads the runner's RSS during a run. */
export const RSS_POLL_MS = 100;
/** A graceful stop (IPC channel closed) that takes longer than this becomes a SIGKILL. */
const STOP_GRACE_MS = 2000;
/**
 * The runner enforces each run's timeout itself; the parent steps in only when the runner
 * does not answer this long after it (a runner main thread stuck in a workload's aggregate()).
 */
export const UNRESPONSIVE_GRACE_MS = 10_000;

export interface RunnerSettings {
  maxRssMb: number;
}

export type RunnerOutcome =
  | { kind: 'result'; result: RunResult; liveWorkers: number }
  | { kind: 'failed'; reason: FailureReason; message: string; peakRssBytes: number | null }
  | { kind: 'aborted' };

export type RunnerStart =
  | { kind: 'ready'; runner: RunnerProcess }
  | { kind: 'failed'; reason: FailureReason; message: string }
  | { kind: 'aborted' };

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class RunnerProcess {
  readonly settings: RunnerSettings;
  /** Milliseconds from fork to the runner's `ready`. */
  startupMs = 0;
  /** Runs this runner has been asked for. */
  runs = 0;
  readonly #child: ChildProcess;
  readonly #exited: Promise<Exit>;
  readonly #messages = new Set<(message: RunnerMessage) => void>();
  #exit: Exit | null = null;
  #nextId = 1;

  private constructor(settings: RunnerSettings) {
    this.settings = settings;
    const env: NodeJS.ProcessEnv = { ...process.env, [DAEMON_PID_ENV]: String(process.pid) };
    // Under `node --test` this would make the runner report to the test runner as a test file.
    delete env.NODE_TEST_CONTEXT;
    const nodeOptions = runnerNodeOptions(env.NODE_OPTIONS);
    if (nodeOptions === undefined) delete env.NODE_OPTIONS;
    else env.NODE_OPTIONS = nodeOptions;
    this.#child = fork(RUNNER_ENTRY, [], {
      execArgv: runnerExecArgv(process.execArgv),
      env, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.#exited = new Promise<Exit>((resolve) => {
      this.#child.once('exit', (code, signal) => {
        const exit = { code, signal };
        // Messages sent just before the exit are still in the channel: deliver them first.
        if (this.#child.connected) this.#child.once('disconnect', () => resolve(exit));
        else resolve(exit);
      });
    }).then((exit) => {
      this.#exit = exit;
      return exit;
    });
    this.#child.on('message', (raw: unknown) => {
      const message = parseRunnerMessage(raw);
      if (message !== null) for (const listener of [...this.#messages]) listener(message);
    });
    // A fork that fails (EAGAIN, ENOMEM) emits 'error' and then 'exit'; the exit is what counts.
    this.#child.on('error', () => undefined);
  }

  /** Forks a runner and waits for `ready`; the start-up is never part of a measured run. */
  static async start(settings: RunnerSettings, timeoutMs: number, signal?: AbortSignal): Promise<RunnerStart> {
    if (signal?.aborted) return { kind: 'aborted' };
    const started = performance.now();
    const runner = new RunnerProcess(settings);
    const ready = Promise.withResolvers<void>();
    const onMessage = (message: RunnerMessage): void => {
      if (message.type === 'ready') ready.resolve();
    };
    runner.#messages.add(onMessage);
    const outcome = await runner.#race<RunnerStart | null>(ready.promise.then(() => null), timeoutMs, signal, {
      exited: (exit) => ({ kind: 'failed', reason: 'crash', message: `${describeRunnerExit(exit.code, exit.signal)} before it was ready` }),
      timedOut: () => ({ kind: 'failed', reason: 'timeout', message: `the runner process was not ready within ${timeoutMs} ms` }),
      aborted: () => ({ kind: 'aborted' }),
    });
    runner.#messages.delete(onMessage);
    if (outcome !== null) return outcome;
    runner.startupMs = performance.now() - started;
    return { kind: 'ready', runner };
  }

  get pid(): number {
    return this.#child.pid ?? -1;
  }

  /** False once the process has exited (or was told to). */
  get alive(): boolean {
    return this.#exit === null && this.#child.exitCode === null && this.#child.signalCode === null && this.#child.connected;
  }

  get exited(): Promise<Exit> {
    return this.#exited;
  }

  /** Runs one entry; `timeoutMs` is the run's own timeout (runTimeout), which the runner enforces. */
  async run(request: Omit<RunRequest, 'type' | 'id'>, signal?: AbortSignal): Promise<RunnerOutcome> {
    if (signal?.aborted) return { kind: 'aborted' };
    if (!this.alive) return { kind: 'failed', reason: 'crash', message: 'the runner process is gone', peakRssBytes: null };
    const id = this.#nextId++;
    this.runs += 1;
    const answered = Promise.withResolvers<RunnerOutcome>();
    const onMessage = (message: RunnerMessage): void => {
      if (message.type === 'ready' || message.id !== id) return;
      if (message.type === 'result') answered.resolve({ kind: 'result', result: message.result, liveWorkers: message.liveWorkers });
      else answered.resolve({ kind: 'failed', reason: 'error', message: message.message, peakRssBytes: null });
    };
    this.#messages.add(onMessage);
    const limitBytes = this.settings.maxRssMb * MB;
    let overBytes: number | null = null;
    const watch = new RssWatch({
      pid: this.pid, limitBytes, intervalMs: RSS_POLL_MS,
      onOver: (rssBytes) => {
        overBytes = rssBytes;
        this.kill();
      },
    });
    this.#child.send({ type: 'run', id, ...request } satisfies RunRequest);
    const timeoutMs = request.config.runTimeout + UNRESPONSIVE_GRACE_MS;
    try {
      return await this.#race<RunnerOutcome>(answered.promise, timeoutMs, signal, {
        exited: (exit) => (overBytes !== null
          ? {
            kind: 'failed', reason: 'oom', peakRssBytes: watch.peakBytes,
            message: `the runner process's resident set reached ${(overBytes / MB).toFixed(1)} MB, over runner.maxRssMb (${this.settings.maxRssMb} MB); killed`,
          }
          : { kind: 'failed', reason: 'crash', message: describeRunnerExit(exit.code, exit.signal), peakRssBytes: watch.peakBytes }),
        timedOut: () => ({
          kind: 'failed', reason: 'timeout', peakRssBytes: watch.peakBytes,
          message: `the runner process did not answer within ${timeoutMs} ms (runTimeout + ${UNRESPONSIVE_GRACE_MS} ms); killed`,
        }),
        aborted: () => ({ kind: 'aborted' }),
      });
    } finally {
      watch.stop();
      this.#messages.delete(onMessage);
    }
  }

  /**
   * Settles with `work`, or else kills the runner and settles with what its exit, the
   * timeout or the abort maps to, once the process is gone.
   */
  async #race<T>(work: Promise<T>, timeoutMs: number, signal: AbortSignal | undefined, on: {
    exited(exit: Exit): T;
    timedOut(): T;
    aborted(): T;
  }): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const cut = new Promise<() => T>((resolve) => {
      timer = setTimeout(() => resolve(on.timedOut), timeoutMs);
      onAbort = () => resolve(on.aborted);
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
    });
    type First = { kind: 'done'; value: T } | { kind: 'exited'; exit: Exit } | { kind: 'cut'; outcome: () => T };
    try {
      const first = await Promise.race<First>([
        work.then((value) => ({ kind: 'done', value })),
        this.#exited.then((exit) => ({ kind: 'exited', exit })),
        cut.then((outcome) => ({ kind: 'cut', outcome })),
      ]);
      if (first.kind === 'done') return first.value;
      if (first.kind === 'exited') return on.exited(first.exit);
      // Timed out or aborted: the run is over only once its process is gone.
      this.kill();
      await this.#exited;
      return first.outcome();
    } finally {
      clearTimeout(timer);
      if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
    }
  }

  /** SIGKILL: the runner holds nothing that needs flushing. */
  kill(): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
  }

  /** Closes the IPC channel, on which the runner exits by itself; SIGKILL after a grace period. */
  async stop(): Promise<void> {
    if (this.#exit === null) {
      if (this.#child.connected) this.#child.disconnect();
      else this.kill();
      const timer = setTimeout(() => this.kill(), STOP_GRACE_MS);
      await this.#exited;
      clearTimeout(timer);
    }
  }

  /** An idle runner kept for the next pass must not keep the process alive on its own. */
  unref(): void {
    this.#child.unref();
    this.#child.channel?.unref();
  }

  ref(): void {
    this.#child.ref();
    this.#child.channel?.ref();
  }
}
