/**
 * Runs a workload's `run` in the test's own thread, as thread 0 of 1, with a real
 * LatencyRecorder, a counting no-op barrier and short phases. Multi-thread behaviour
 * needs real workers (see run-workers.ts).
 */
import { calibrateClock } from '../../src/measure/clock.ts';
import { initHdr } from '../../src/measure/hdr.ts';
import { createLocalContext } from '../../src/workloads/local-context.ts';
import type { BaseParams, Phases, ThreadOutput, Workload } from '../../src/workloads/api.ts';
import { resolveParams } from '../../src/workloads/params.ts';

export const SHORT_PHASES: Phases = { warmupNs: 20_000_000, durationNs: 200_000_000 };

let timerCostNs: number | undefined;

export interface InProcessRun {
  output: ThreadOutput;
  ops: number;
  sumNs: number;
  barrierCalls: number;
  /** The workload's aggregate over this one output (or the output's own metrics). */
  metrics: Record<string, number>;
}

export async function runInProcess<P extends BaseParams>(
  workload: Workload<P>,
  overrides: { params?: Partial<P>; phases?: Phases } = {},
): Promise<InProcessRun> {
  await initHdr();
  timerCostNs ??= calibrateClock().timerCostNs;
  // Through the params schema, as a suite's params go: a bad one is the UsageError a user would see.
  const params = { ...resolveParams(workload, overrides.params), threads: [1] };
  const context = createLocalContext<P>({
    phases: overrides.phases ?? SHORT_PHASES,
    timerCostNs,
    params,
    workload: workload.name,
    sharedBytes: workload.sharedBytes?.(params, 1) ?? 0,
  });
  try {
    const output = await workload.run(context);
    const metrics = workload.aggregate?.([output], params, 1) ?? output.metrics ?? {};
    return { output, ops: context.recorder.ops, sumNs: context.recorder.sumNs, barrierCalls: context.barrierCalls, metrics };
  } finally {
    context.recorder.destroy();
  }
}
