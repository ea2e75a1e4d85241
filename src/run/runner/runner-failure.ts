/**
 * The RunResult of a run that the runner could not report itself: the runner died, was
 * killed past its RSS cap, stopped answering, or could not start. It is built here, in the
 * parent, so its interference is read by the parent around the run: the node's counters
 * are the same, but `ownCpuSeconds` is the parent's, since the runner's is gone with it.
 */
import type { Config } from '../../model/config.ts';
import { interferenceBetween } from '../../measure/interference/interference.ts';
import { interferenceProbe, type InterferenceReading } from '../../measure/interference/probe.ts';
import type { FailureReason, RunResult } from '../../model/result.ts';
import { failedResult } from '../assemble-result.ts';
import { effectiveCpusNow, environment } from '../environment.ts';
import type { PlannedRun } from '../plan.ts';

/** What the parent notes when it sends a run, for the failed result it may have to write. */
export interface RunStart {
  startedAt: string;
  interference: InterferenceReading;
}

export function noteRunStart(): RunStart {
  return { startedAt: new Date().toISOString(), interference: interferenceProbe().read() };
}

export function runnerFailureResult(
  config: Config, planned: PlannedRun, start: RunStart, failure: { reason: FailureReason; message: string; peakRssBytes: number | null },
): RunResult {
  const result = failedResult({
    workload: planned.entry.workload, threads: planned.threads, startedAt: start.startedAt, kpiOverrides: config.kpis,
    cpus: environment().cpus, effectiveCpus: effectiveCpusNow(),
    interference: interferenceBetween(start.interference, interferenceProbe().read(), null),
  }, failure.reason, failure.message);
  return failure.peakRssBytes === null ? result : { ...result, runnerPeakRssBytes: failure.peakRssBytes };
}
