/**
 * runSuite in a runner process: a drop-in for run/suite.ts's runSuite (same arguments,
 * same hooks, same SuiteResult) that plans the pass here and sends each run to a runner
 * process, one at a time. The calling process (the daemon's, with HTTP, metrics and the
 * history) never hosts a workload's thread, so a workload that crashes, exhausts memory or
 * leaks takes at most its runner with it.
 *
 * - A runner that dies fails the run in flight with reason `crash` (or `oom` when the RSS
 *   watch killed it); the pass goes on in a fresh runner.
 * - A runner lives for one pass; a continuous suite's runner serves the next passes too,
 *   until it has run `runner.maxRuns` runs, so start-up is paid once per maxRuns runs
 *   while its memory still goes back to the OS regularly.
 * - An abort (shutdown) kills the runner and resolves with the runs finished so far, as the
 *   in-process runSuite does.
 */
import type { Config, SuiteConfig } from '../../model/config.ts';
import type { RunResult, SuiteResult } from '../../model/result.ts';
import type { Phases } from '../../workloads/api.ts';
import type { LoadedWorkload } from '../../workloads/registry.ts';
import type { PlannedRun } from '../plan.ts';
import { runPass, type runSuite, type SuiteHooks } from '../suite.ts';
import { toRemote } from './protocol.ts';
import { noteRunStart, runnerFailureResult } from './runner-failure.ts';
import { RunnerProcess, type RunnerOutcome, type RunnerSettings } from './runner-process.ts';

export type SuiteRunner = typeof runSuite;

/** A SuiteRunner whose kept runner can be stopped at once (tests, benchmarks); else it stops after `idleMs`. */
export type RunnerSuite = SuiteRunner & { close(): Promise<void> };

/** What happens to runners, for benchmarks and tests; the daemon needs none of it. */
export interface RunnerEvents {
  runnerStarted?(runner: { pid: number; startupMs: number }): void;
  /** `liveWorkers`: worker threads still alive in the runner after the run (0 unless one leaked). */
  runFinished?(run: { result: RunResult; liveWorkers: number | null }): void;
}

export interface RunnerSuiteOptions {
  /** Keep a continuous suite's runner for its next pass (up to runner.maxRuns runs). Default true. */
  reuseAcrossPasses?: boolean;
  /** How long a kept runner waits for the next pass before it is stopped. Default 30 s. */
  idleMs?: number;
  events?: RunnerEvents;
}

const DEFAULT_IDLE_MS = 30_000;

export function createRunnerSuite(options: RunnerSuiteOptions = {}): RunnerSuite {
  const reuse = options.reuseAcrossPasses ?? true;
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  const events = options.events ?? {};
  let kept: RunnerProcess | null = null;
  let idleTimer: NodeJS.Timeout | undefined;

  function takeKept(settings: RunnerSettings): RunnerProcess | null {
    clearTimeout(idleTimer);
    const runner = kept;
    kept = null;
    if (runner === null) return null;
    if (runner.alive && runner.settings.maxRssMb === settings.maxRssMb) {
      runner.ref();
      return runner;
    }
    void runner.stop();
    return null;
  }

  function keep(runner: RunnerProcess): void {
    kept = runner;
    runner.unref();
    idleTimer = setTimeout(() => {
      if (kept === runner) kept = null;
      void runner.stop();
    }, idleMs);
    idleTimer.unref();
  }

  /** The outcome of one planned run, starting a runner first when there is none. */
  async function runOne(
    config: Config, planned: PlannedRun, phases: Phases, current: { runner: RunnerProcess | null }, signal?: AbortSignal,
  ): Promise<RunnerOutcome> {
    if (current.runner === null || !current.runner.alive) {
      const start = await RunnerProcess.start({ maxRssMb: config.runner.maxRssMb }, config.runTimeout, signal);
      if (start.kind !== 'ready') return start.kind === 'aborted' ? start : { ...start, peakRssBytes: null };
      current.runner = start.runner;
      events.runnerStarted?.({ pid: start.runner.pid, startupMs: start.runner.startupMs });
    }
    return current.runner.run({ config, planned: toRemote(planned), phases }, signal);
  }

  async function runSuiteInRunner(
    config: Config, suite: SuiteConfig, catalog: readonly LoadedWorkload[], hooks: SuiteHooks = {},
  ): Promise<SuiteResult> {
    const current = { runner: takeKept({ maxRssMb: config.runner.maxRssMb }) };
    try {
      return await runPass(suite, catalog, hooks, async (planned, phases) => {
        const start = noteRunStart();
        const outcome = await runOne(config, planned, phases, current, hooks.signal);
        if (outcome.kind === 'aborted') return null;
        const result = outcome.kind === 'result' ? outcome.result : runnerFailureResult(config, planned, start, outcome);
        events.runFinished?.({ result, liveWorkers: outcome.kind === 'result' ? outcome.liveWorkers : null });
        if (current.runner !== null && (!current.runner.alive || current.runner.runs >= config.runner.maxRuns)) {
          await current.runner.stop();
          current.runner = null;
        }
        return result;
      });
    } finally {
      const { runner } = current;
      if (runner !== null) {
        if (reuse && suite.schedule === 'continuous' && runner.alive && !hooks.signal?.aborted) keep(runner);
        else await runner.stop();
      }
    }
  }

  async function close(): Promise<void> {
    clearTimeout(idleTimer);
    const runner = kept;
    kept = null;
    await runner?.stop();
  }

  return Object.assign(runSuiteInRunner, { close });
}
