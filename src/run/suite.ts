/**
 * Runs one pass of a suite: plan the workload x threads matrix, run each entry on its own
 * set of worker threads, one after another, and collect the results. Each run is bracketed
 * by two interference readings and judged on them.
 */
import { randomInt } from 'node:crypto';
import type { Config, SuiteConfig } from '../model/config.ts';
import { interferenceBetween } from '../measure/interference/interference.ts';
import { interferenceProbe } from '../measure/interference/probe.ts';
import { runThreads } from '../pool/run-threads.ts';
import type { Phases } from '../workloads/api.ts';
import { selectWorkloads, type LoadedWorkload } from '../workloads/registry.ts';
import { assembleResult, failedResult, type RunContext } from './assemble-result.ts';
import { effectiveCpusNow, environment } from './environment.ts';
import { judgeRun } from './judgement.ts';
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
  /** Called after each run; the next run waits for a returned promise. */
  onResult?(result: RunResult): void | Promise<void>;
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
  const probe = interferenceProbe();
  const effectiveCpus = effectiveCpusNow();
  const startedAt = new Date().toISOString();
  const params = { ...(planned.params ?? workload.params), threads: [planned.threads] };
  const before = probe.read();
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
  const after = probe.read();
  if (outcome.status === 'aborted') return null;
  const threadSwitches = outcome.status === 'ok'
    ? outcome.reports.map((report) => ({ involuntarySwitches: report.involuntarySwitches, runQueueWaitNs: report.runQueueWaitNs, slowCpuShare: report.slowCpuShare, wallNs: report.wallNs }))
    : null;
  const context: RunContext = {
    workload, threads: planned.threads, startedAt, cpus: env.cpus, effectiveCpus,
    interference: interferenceBetween(before, after, threadSwitches), kpiOverrides: config.kpis, params,
  };
  const result = outcome.status === 'failed'
    ? failedResult(context, outcome.reason, outcome.message)
    : assembleOrFail(context, outcome.reports, phases.warmupNs);
  return { ...result, judgement: judgeRun({ ...result, effectiveCpus }, config.judgement) };
}

function assembleOrFail(context: RunContext, reports: Parameters<typeof assembleResult>[1], warmupNs: number): RunResult {
  try {
    return assembleResult(context, reports, warmupNs);
  } catch (error) {
    // A workload's aggregate() runs on the main thread: its bug fails the run, not the daemon.
    return failedResult(context, 'error', `aggregate: ${(error as Error).message}`);
  }
}

/** Runs one planned entry however the caller hosts it; null ends the pass (aborted). */
export type RunOne = (planned: PlannedRun, phases: Phases) => Promise<RunResult | null>;

/**
 * The pass itself, shared by the in-process runSuite and the runner's: plan, run each entry
 * in turn with progress and result hooks, stop at an abort, and describe the pass.
 */
export async function runPass(
  suite: SuiteConfig, catalog: readonly LoadedWorkload[], hooks: SuiteHooks, runOne: RunOne,
): Promise<SuiteResult> {
  const env = environment();
  const seed = suite.seed ?? randomInt(2 ** 31);
  const plan = planRuns(selectWorkloads(catalog, suite.workloads), suite.threads, seed, suite.params);
  const phases = phasesOf(suite);
  const startedAt = new Date().toISOString();
  const results: RunResult[] = [];
  for (const [index, planned] of plan.entries()) {
    if (hooks.signal?.aborted) break;
    hooks.onProgress?.({ index, total: plan.length, workload: planned.entry.workload.name, threads: planned.threads });
    const result = await runOne(planned, phases);
    if (result === null) break;
    results.push(result);
    await hooks.onResult?.(result);
  }
  return {
    vmsoak: env.vmsoak, node: env.node, v8: env.v8, cpus: env.cpus, effectiveCpus: env.effectiveCpus,
    timerCostNs: env.timerCostNs, timerResolutionNs: env.timerResolutionNs,
    seed, startedAt, finishedAt: new Date().toISOString(), results,
  };
}

export async function runSuite(
  config: Config, suite: SuiteConfig, catalog: readonly LoadedWorkload[], hooks: SuiteHooks = {},
): Promise<SuiteResult> {
  return runPass(suite, catalog, hooks, (planned, phases) => runPlanned(config, planned, phases, hooks.signal));
}
