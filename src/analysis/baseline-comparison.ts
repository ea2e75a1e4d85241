/**
 * A suite result compared with a saved baseline: the fingerprint differences and the
 * verdict of every workload × threads, ready for the reports and the exit code.
 */
import type { Environment } from '../model/environment.ts';
import type { JudgementThresholds } from '../model/judgement.ts';
import type { RunResult, SuiteResult } from '../model/result.ts';
import type { Baseline } from '../store/baselines.ts';
import { changeCause } from './change-cause.ts';
import { isJudged } from './judged-runs.ts';
import { type Fingerprint, type FingerprintDifference, fingerprintDifferences } from './fingerprint.ts';
import { compareMatrix, type ComparisonSummary, pairRuns, type SeriesComparison, summarize } from './matrix-comparison.ts';
import type { ComparedStatistic, RegressionPolicy } from './regression-policy.ts';

export interface ComparisonReport {
  /** What the current results were compared with: a baseline's name, or "rolling" for the daemon's history. */
  against: { name: string; createdAt: string; fingerprint: Fingerprint | null };
  fingerprintDifferences: FingerprintDifference[];
  series: SeriesComparison[];
  summary: ComparisonSummary;
  alpha: number;
  /** The statistics that decided the verdicts. */
  gate: readonly ComparedStatistic[];
}

/**
 * The fingerprint of a result: its own when it has one (vmsoak ≥ baselines); else rebuilt
 * from what every result carries, with "unknown" for the CPU model and the config hash.
 */
export function fingerprintOf(result: Pick<SuiteResult, 'fingerprint' | 'vmsoak' | 'node' | 'v8' | 'cpus'>): Fingerprint {
  return result.fingerprint ?? {
    vmsoak: result.vmsoak, node: result.node, v8: result.v8, cpuModel: 'unknown', cpus: result.cpus, configHash: 'unknown',
  };
}

/**
 * The decision rule over every series; with judgement thresholds, each regression and
 * improvement is labelled with its cause (the interference of the baseline's runs against
 * the current ones').
 */
export function compareWithBaseline(baseline: Baseline, current: SuiteResult, policy: RegressionPolicy, thresholds?: JudgementThresholds): ComparisonReport {
  const decided = compareMatrix(pairRuns(baseline.results, current.results), policy);
  const series = thresholds === undefined ? decided : decided.map((comparison) => {
    if (comparison.verdict !== 'regressed' && comparison.verdict !== 'improved') return comparison;
    const of = (runs: readonly RunResult[]) => runs.filter((run) => isJudged(run) && run.workload === comparison.workload && run.threads === comparison.threads);
    const { cause, reason } = changeCause(of(baseline.results), of(current.results), thresholds);
    return { ...comparison, cause, causeReason: reason };
  });
  return {
    against: { name: baseline.name, createdAt: baseline.createdAt, fingerprint: baseline.fingerprint },
    fingerprintDifferences: fingerprintDifferences(baseline.fingerprint, fingerprintOf(current)),
    series,
    summary: summarize(series),
    alpha: policy.alpha,
    gate: policy.gate,
  };
}

/** A SuiteResult shell around runs that came without one (the results log). */
export function suiteOfRuns(runs: SuiteResult['results'], environment: Environment, fingerprint: Fingerprint): SuiteResult {
  const times = runs.map((run) => run.startedAt).sort();
  const now = new Date().toISOString();
  return {
    vmsoak: environment.vmsoak, node: environment.node, v8: environment.v8, cpus: environment.cpus,
    timerCostNs: environment.timerCostNs, timerResolutionNs: environment.timerResolutionNs, seed: 0,
    startedAt: times[0] ?? now, finishedAt: times.at(-1) ?? now, fingerprint, results: runs,
  };
}
