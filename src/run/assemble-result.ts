/**
 * Turns the per-thread reports of one run into its RunResult: merged HDR histograms,
 * statistics over run-level samples, fairness, the workload's own metrics and KPIs.
 */
import type { KpiOverride } from '../model/kpi.ts';
import { evaluateKpis } from './kpi.ts';
import { mergeEncoded, summarizeEncoded } from '../measure/hdr.ts';
import { classifyOutliers, robustCv } from '../measure/robust-stats.ts';
import { coefficientOfVariation, confidenceInterval95, downsample, jainIndex, mean } from '../measure/stats.ts';
import type { ThreadReport } from '../pool/messages.ts';
import type { BaseParams, ThreadOutput, Workload } from '../workloads/api.ts';
import type { Interference } from '../model/interference.ts';
import { effectiveCpusNow } from './environment.ts';
import { judgeFailure } from './judgement.ts';
import type { FailureReason, RunResult } from '../model/result.ts';

const MAX_SAMPLES = 1000;

export interface RunContext {
  workload: Workload;
  threads: number;
  startedAt: string;
  cpus: number;
  /**
   * The CPUs the run could really use (quota and cpuset applied): what `oversubscribed` is
   * judged against. Read now when absent (a run whose runner process died).
   */
  effectiveCpus?: number;
  /** Absent when no readings bracket the run (its runner process died). */
  interference?: Interference;
  kpiOverrides: Readonly<Record<string, KpiOverride>>;
  /** The params the run ran with, for the workload's `aggregate`; its defaults when absent. */
  params?: BaseParams;
}

/** Averages each metric over the threads that reported it: the default `aggregate`. */
export function averageMetrics(outputs: readonly ThreadOutput[]): Record<string, number> {
  const sums = new Map<string, { total: number; count: number }>();
  for (const output of outputs) {
    for (const [key, value] of Object.entries(output.metrics ?? {})) {
      const entry = sums.get(key) ?? { total: 0, count: 0 };
      entry.total += value;
      entry.count += 1;
      sums.set(key, entry);
    }
  }
  return Object.fromEntries([...sums].map(([key, { total, count }]) => [key, total / count]));
}

/**
 * The measured time of one thread: what the workload says, else the batches' total for a
 * batched run, else the wall time of `run` less the warm-up.
 */
function measuredNs(report: ThreadReport, warmupNs: number): number {
  return report.output.measuredNs ?? (report.output.batchSize ? report.sumNs : Math.max(report.wallNs - warmupNs, 1));
}

function baseResult(context: RunContext): Omit<RunResult, 'status'> {
  const { workload, threads, cpus, interference } = context;
  const effectiveCpus = context.effectiveCpus ?? effectiveCpusNow();
  return {
    workload: workload.name, category: workload.category, tier: workload.tier, threads, startedAt: context.startedAt,
    ops: 0, durationSeconds: 0, opsPerSecond: 0, sumNs: 0,
    latencyNs: { min: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0, mean: 0, stddev: 0 },
    cv: null, robustCv: null, outliers: null, ci95Ns: null, jainIndex: 1, perThreadOps: [], samples: [], cpus, effectiveCpus, oversubscribed: threads > effectiveCpus,
    suspectDeadCode: false, noopNsPerOp: null, batchSize: null, metrics: {}, kpis: [],
    histogram: null, correctedHistogram: null, ...(interference ? { interference } : {}),
  };
}

export function failedResult(context: RunContext, reason: FailureReason, message: string): RunResult {
  const error = { reason, message };
  return {
    ...baseResult(context), status: 'failed', error,
    kpis: evaluateKpis(context.workload, context.threads, null, context.kpiOverrides),
    // A failed run is failed whatever the thresholds, so it is judged here, where every path that fails a run passes.
    judgement: judgeFailure(error),
  };
}

export function assembleResult(context: RunContext, reports: readonly ThreadReport[], warmupNs: number): RunResult {
  const { workload, threads } = context;
  const outputs = reports.map((report) => report.output);
  const histogram = mergeEncoded(reports.map((report) => report.raw));
  const correctedHistogram = mergeEncoded(reports.map((report) => report.corrected));
  const { count: _count, ...latencyNs } = summarizeEncoded(histogram);
  const ops = reports.reduce((total, report) => total + report.ops, 0);
  const sumNs = reports.reduce((total, report) => total + report.sumNs, 0);
  const threadNs = reports.map((report) => measuredNs(report, warmupNs));
  const durationSeconds = Math.max(...threadNs) / 1e9;
  const rawSamples = outputs.flatMap((output) => output.samples ?? []);
  const samples = downsample(rawSamples, MAX_SAMPLES);
  const noops = outputs.map((output) => output.noopNsPerOp).filter((value): value is number => value !== undefined);
  const partial = {
    ...baseResult(context),
    ops, sumNs, durationSeconds, latencyNs, histogram, correctedHistogram,
    opsPerSecond: durationSeconds > 0 ? ops / durationSeconds : 0,
    cv: samples.length >= 2 ? coefficientOfVariation(samples) : null,
    // Over the batches as measured: averaging neighbours (downsample) would shrink the spread
    // with the run's length and dilute a preempted batch into its group.
    robustCv: robustCv(rawSamples),
    outliers: classifyOutliers(rawSamples),
    ci95Ns: confidenceInterval95(samples),
    jainIndex: workload.fairness === false ? null : jainIndex(reports.map((report, i) => report.ops / threadNs[i])),
    perThreadOps: reports.map((report) => report.ops),
    samples,
    suspectDeadCode: outputs.some((output) => output.suspectDeadCode === true),
    noopNsPerOp: noops.length > 0 ? mean(noops) : null,
    batchSize: outputs[0]?.batchSize ?? null,
    metrics: workload.aggregate ? workload.aggregate(outputs, context.params ?? workload.params, threads) : averageMetrics(outputs),
  };
  return { ...partial, status: 'ok', kpis: evaluateKpis(workload, threads, partial, context.kpiOverrides) };
}
