/**
 * Runs one pass of a suite: plan the workload x threads matrix, run each entry on its own
 * set of worker threads, one after another, and collect the results.
 */
import { randomInt } from 'node:crypto';
import type { Config, SuiteConfig } from '../config/types.ts';
import { runThreads } from '../pool/run-threads.ts';
import type { Phases } from '../workloads/api.ts';
import { selectWorkloads, type LoadedWorkload } from '../workloads/registry.ts';
import { assembleResult, failedResult, type RunContext } from './assemble-result.ts';
import { environment } from './environment.ts';
import { planRuns, type PlannedRun } from './plan.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';

export interface RunProgress {
  index: number;
  total: number;
  workload: string;
  threads: number;
}

export interface SuiteHooks {
  signal?: AbortSignal;
  onProgress?(progress: RunProgress): void;
  onResult?(result: RunResult): void;
}

const MS = 1e6;

function phasesOf(suite: SuiteConfig): Phases {
  return { warmupNs: suite.warmup * MS, durationNs: suite.duration * MS, iterations: suite.iterations };
}

/** Runs one planned entry; resolves to null when the run was aborted (shutdown). */
export async function runPlanned(
  config: Config, planned: PlannedRun, phases: Phases, signal?: AbortSignal,
): Promise<RunResult | null> {
  const { workload, moduleUrl } = planned.entry;
  const env = environment();
  const context: RunContext = {
    workload, threads: planned.threads, startedAt: new Date().toISOString(), cpus: env.cpus, kpiOverrides: config.kpis,
  };
  const params = { ...workload.params, threads: [planned.threads] };
  const outcome = await runThreads({
    moduleUrl, params, threads: planned.threads,
    sharedBytes: workload.sharedBytes?.(params, planned.threads) ?? 0,
    phases, timerCostNs: env.timerCostNs, timeoutMs: config.runTimeout,
    resourceLimits: {
      maxOldGenerationSizeMb: config.resourceLimits.maxOldGenerationSizeMb,
      maxYoungGenerationSizeMb: config.resourceLimits.maxYoungGenerationSizeMb,
      stackSizeMb: config.resourceLimits.stackSizeMb,
    },
    signal,
  });
  if (outcome.status === 'aborted') return null;
  if (outcome.status === 'failed') return failedResult(context, outcome.reason, outcome.message);
  try {
    return assembleResult(context, outcome.reports, phases.warmupNs);
  } catch (error) {
    // A workload's aggregate() runs on the main thread: its bug fails the run, not the daemon.
    return failedResult(context, 'error', `aggregate: ${(error as Error).message}`);
  }
}

export async function runSuite(
  config: Config, suite: SuiteConfig, catalog: readonly LoadedWorkload[], hooks: SuiteHooks = {},
): Promise<SuiteResult> {
  const env = environment();
  const seed = suite.seed ?? randomInt(2 ** 31);
  const plan = planRuns(selectWorkloads(catalog, suite.workloads), suite.threads, seed);
  const phases = phasesOf(suite);
  const startedAt = new Date().toISOString();
  const results: RunResult[] = [];
  for (const [index, planned] of plan.entries()) {
    if (hooks.signal?.aborted) break;
    hooks.onProgress?.({ index, total: plan.length, workload: planned.entry.workload.name, threads: planned.threads });
    const result = await runPlanned(config, planned, phases, hooks.signal);
    if (result === null) break;
    results.push(result);
    hooks.onResult?.(result);
  }
  return {
    vmsoak: env.vmsoak, node: env.node, v8: env.v8, cpus: env.cpus,
    timerCostNs: env.timerCostNs, timerResolutionNs: env.timerResolutionNs,
    seed, startedAt, finishedAt: new Date().toISOString(), results,
  };
}
