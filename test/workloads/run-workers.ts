/**
 * Runs a workload at T real worker threads through the pool (src/pool/run-threads.ts) and
 * applies its aggregate, for the scheduler workloads that need more than one thread.
 */
import { calibrateClock } from '../../src/measure/clock.ts';
import { runThreads } from '../../src/pool/run-threads.ts';
import type { ThreadReport } from '../../src/pool/messages.ts';
import type { BaseParams, Phases, Workload } from '../../src/workloads/api.ts';
import { resolveParams } from '../../src/workloads/params.ts';
import { SHORT_PHASES } from './fake-context.ts';

export interface WorkersRun {
  reports: ThreadReport[];
  metrics: Record<string, number>;
}

export async function runInWorkers<P extends BaseParams>(
  moduleUrl: URL,
  workload: Workload<P>,
  threads: number,
  options: { params?: Partial<P>; phases?: Phases; maxOldGenerationSizeMb?: number } = {},
): Promise<WorkersRun> {
  const params = { ...resolveParams(workload, options.params), threads: [threads] };
  const outcome = await runThreads({
    moduleUrl: moduleUrl.href,
    params,
    threads,
    sharedBytes: workload.sharedBytes?.(params, threads) ?? 0,
    phases: options.phases ?? SHORT_PHASES,
    timerCostNs: calibrateClock().timerCostNs,
    timeoutMs: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.maxOldGenerationSizeMb ?? 256 },
  });
  if (outcome.status !== 'ok') throw new Error(`run of ${workload.name} at ${threads} threads: ${JSON.stringify(outcome)}`);
  const outputs = outcome.reports.map((report) => report.output);
  return { reports: outcome.reports, metrics: workload.aggregate?.(outputs, params, threads) ?? {} };
}
