/**
 * The IPC messages between the daemon (or `once`) and its runner process. The parent asks
 * for one run at a time, so it always knows which run is in flight when a runner dies.
 */
import type { Config } from '../../model/config.ts';
import type { RunResult } from '../../model/result.ts';
import type { BaseParams, Phases } from '../../workloads/api.ts';
import type { PlannedRun } from '../plan.ts';

/**
 * A planned run as it crosses to the runner: the workload by its module URL (the runner
 * imports the same module) with the params the parent resolved, and whatever else the
 * plan says about the run.
 */
export type RemotePlannedRun = Omit<PlannedRun, 'entry'> & { moduleUrl: string; params: BaseParams };

export function toRemote(planned: PlannedRun): RemotePlannedRun {
  const { entry, ...rest } = planned;
  return { ...rest, moduleUrl: entry.moduleUrl, params: planned.params ?? entry.workload.params };
}

/** Parent → runner: run one planned entry. */
export interface RunRequest {
  type: 'run';
  id: number;
  config: Config;
  planned: RemotePlannedRun;
  phases: Phases;
}

/** Runner → parent: start-up done (modules loaded, clock calibrated); runs may be requested. */
export interface ReadyMessage {
  type: 'ready';
}

/** Runner → parent: the run finished (ok or failed inside its workers). */
export interface ResultMessage {
  type: 'result';
  id: number;
  result: RunResult;
  /** Worker threads still alive in the runner after the run: 0 unless a run left one behind. */
  liveWorkers: number;
}

/** Runner → parent: the run could not start (its module failed to import in the runner). */
export interface RunErrorMessage {
  type: 'run-error';
  id: number;
  message: string;
}

export type RunnerMessage = ReadyMessage | ResultMessage | RunErrorMessage;

/** The runner is vmsoak's own code, but a message that is not one of ours must not be trusted blindly. */
export function parseRunnerMessage(raw: unknown): RunnerMessage | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const message = raw as Record<string, unknown>;
  if (message.type === 'ready') return { type: 'ready' };
  if (typeof message.id !== 'number') return null;
  if (message.type === 'run-error' && typeof message.message === 'string') return message as unknown as RunErrorMessage;
  if (message.type === 'result' && typeof message.result === 'object' && message.result !== null && typeof message.liveWorkers === 'number') {
    return message as unknown as ResultMessage;
  }
  return null;
}
