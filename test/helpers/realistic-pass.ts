/**
 * The latest results of a full default pass on a busy 2-CPU node, without running a
 * workload: every catalog workload at each of its default thread counts, with real HDR
 * data, KPIs evaluated by the runner's own code against the catalog's targets, and
 * judgements from the runner's own judge over plausible interference readings. Seeded, so
 * every call gives the same page:
 * - most runs pass, comfortably inside their targets;
 * - every 7th series breaches its first KPI (some of them judged, so the breach counts);
 * - every 6th series ran while other processes kept about a CPU busy (disturbed);
 * - every run above 2 threads is oversubscribed;
 * - gc.churn-large timed out (failed).
 */
import { DEFAULT_JUDGEMENT } from '../../src/config/defaults.ts';
import { plannedSeries } from '../../src/export/prometheus/series.ts';
import type { Interference } from '../../src/model/interference.ts';
import type { RunResult } from '../../src/model/result.ts';
import { evaluateKpis, kpiTarget, statisticValue } from '../../src/run/kpi.ts';
import { judgeRun } from '../../src/run/judgement.ts';
import type { KpiSpec, Statistic, Workload } from '../../src/workloads/api.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { failedRun, okRun, type Recorded } from '../export/run-fixture.ts';
import { seededRandom, type SeededRandom } from './seeded-random.ts';

export const EFFECTIVE_CPUS = 2;
export const FAILED_WORKLOAD = 'gc.churn-large';
const BREACH_EVERY = 7;
const DISTURBED_EVERY = 6;
const RUN_SPACING_MS = 1_300;

const LATENCY_STATISTICS: ReadonlySet<Statistic> = new Set(['mean', 'p50', 'p90', 'p99', 'p999', 'max']);

/** A latency distribution around `ns`: a body, a shoulder and a tail two decades out, as real runs have. */
function shape(ns: number): Recorded {
  const at = (factor: number) => Math.max(1, Math.round(ns * factor));
  return [[at(0.8), 600], [at(1), 300], [at(1.5), 80], [at(4), 15], [at(20), 5]];
}

/** statistic(shape(x)) / x for each latency statistic: the distribution scales linearly. */
async function shapeRatios(): Promise<Map<Statistic, number>> {
  const probe = await okRun({ recorded: shape(1000) });
  return new Map([...LATENCY_STATISTICS].map((statistic) => [statistic, (statisticValue(probe, statistic) ?? 1000) / 1000]));
}

/** A value on the passing side of `target`, or beyond it when `breach`. */
function valueFor(spec: KpiSpec, target: number, breach: boolean, random: SeededRandom): number {
  const u = random.uniform();
  if (spec.direction === 'max') {
    if (target === 0) return breach ? 1 : 0;
    return target * (breach ? 1.3 + u : 0.15 + 0.45 * u);
  }
  if (spec.unit === 'ratio' && target < 1) return breach ? target * (0.85 + 0.1 * u) : target + (1 - target) * (0.3 + 0.6 * u);
  return target * (breach ? 0.4 + 0.4 * u : 1.2 + u);
}

function interference(threads: number, busy: boolean, random: SeededRandom): Interference {
  const windowSeconds = 1.3;
  const otherCpus = busy ? 0.8 + 0.5 * random.uniform() : 0.05 + 0.25 * random.uniform();
  const cpuPressureRatio = busy ? 0.35 + 0.25 * random.uniform() : 0.01 + 0.11 * random.uniform();
  return {
    windowSeconds, ownCpuSeconds: windowSeconds * Math.min(threads, EFFECTIVE_CPUS),
    otherCpuSeconds: otherCpus * windowSeconds, otherCpus, cpusWatched: 2, stealSeconds: 0, stealRatio: 0,
    periods: 0, throttledPeriods: 0, throttledSeconds: 0, throttledRatio: 0,
    cpuPressureSeconds: cpuPressureRatio * windowSeconds, cpuPressureRatio,
    involuntarySwitches: null, involuntarySwitchesPerSecond: null, unavailable: { threadStatus: 'not read in this fixture' },
  };
}

async function measuredRun(
  workload: Workload, threads: number, breach: boolean, random: SeededRandom, ratios: Map<Statistic, number>,
): Promise<RunResult> {
  const target = (spec: KpiSpec) => kpiTarget(workload.name, spec, threads, {});
  const primary = workload.kpis[0];
  const latencyKpi = workload.kpis.find((spec) => LATENCY_STATISTICS.has(spec.statistic));
  const latencyNs = latencyKpi === undefined
    ? 200 + 2000 * random.uniform()
    : valueFor(latencyKpi, target(latencyKpi), breach && latencyKpi === primary, random) / (ratios.get(latencyKpi.statistic) ?? 1);
  const metrics: Record<string, number> = {};
  let opsPerSecond: number | null = null;
  let cv: number | null = null;
  for (const spec of workload.kpis) {
    const value = valueFor(spec, target(spec), breach && spec === primary, random);
    if (spec.statistic.startsWith('metric:')) metrics[spec.statistic.slice('metric:'.length)] = value;
    else if (spec.statistic === 'opsPerSecond') opsPerSecond = value;
    else if (spec.statistic === 'cv' || spec.statistic === 'robustCv') cv = value;
  }
  const run = await okRun({ workload, threads, recorded: shape(latencyNs), metrics });
  const measured = {
    ...run, opsPerSecond: opsPerSecond ?? 1e9 / Math.max(1, run.latencyNs.mean), cv: cv ?? 0.02 + 0.05 * random.uniform(), robustCv: cv,
  };
  return { ...measured, kpis: evaluateKpis(workload, threads, measured, {}) };
}

/** The latest run of every series of the default catalog, as the daemon's LatestResults lists them. */
export async function realisticPass(startedAt = Date.parse('2025-06-02T09:00:00Z')): Promise<RunResult[]> {
  const random = seededRandom(15);
  const ratios = await shapeRatios();
  const results: RunResult[] = [];
  for (const [index, { workload, threads }] of plannedSeries(await loadCatalog()).entries()) {
    const readings = interference(threads, index % DISTURBED_EVERY === 1, random);
    const base = workload.name === FAILED_WORKLOAD
      ? { ...failedRun('timeout', threads, workload), error: { reason: 'timeout' as const, message: 'the run did not finish within its 60 s timeout' } }
      : await measuredRun(workload, threads, index % BREACH_EVERY === 3, random, ratios);
    const run: RunResult = {
      ...base, startedAt: new Date(startedAt + index * RUN_SPACING_MS).toISOString(),
      cpus: EFFECTIVE_CPUS, effectiveCpus: EFFECTIVE_CPUS, oversubscribed: threads > EFFECTIVE_CPUS, interference: readings,
    };
    results.push({ ...run, judgement: judgeRun({ ...run, effectiveCpus: EFFECTIVE_CPUS }, DEFAULT_JUDGEMENT) });
  }
  return results.sort((a, b) => a.workload.localeCompare(b.workload) || a.threads - b.threads);
}
