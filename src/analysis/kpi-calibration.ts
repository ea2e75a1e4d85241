/**
 * What `vmsoak calibrate` proposes: for each KPI whose median over this node's judged runs
 * misses the seed's target, a target this node meets, with the figures an operator needs to
 * accept it (the seed's target, the median and the spread). The proposal is the median plus
 * 3 robust standard deviations (1.4826 · MAD) the worse way, at least 10 % beyond the median
 * (five runs can agree by chance), so the node passes on a normal day and a real slowdown of
 * that size still breaches. KPIs that meet the seed's target are left alone: the defaults
 * stay the seeds'.
 */
import { MAD_TO_SIGMA, medianAbsoluteDeviation, medianOf } from '../measure/robust-stats.ts';
import type { KpiResult, RunResult } from '../model/result.ts';
import { isJudged, type RunFilter } from './judged-runs.ts';
import { withinTarget } from './kpi-window.ts';

/** Robust standard deviations between the median and the proposed target. */
export const CALIBRATION_SIGMAS = 3;
/** The least headroom a proposed target leaves beyond the median, as a fraction of it. */
export const CALIBRATION_MIN_HEADROOM = 0.10;

export interface KpiCalibration extends Pick<KpiResult, 'id' | 'unit' | 'direction' | 'severity'> {
  /** The seed's (the workload's own) target at this thread count. */
  seedTarget: number;
  /** Median, robust standard deviation, and range of the judged values; null with none. */
  median: number | null;
  spread: number | null;
  min: number | null;
  max: number | null;
  judgedRuns: number;
  runs: number;
  /** `missed`: the median misses the seed target, `proposed` is set. `met`: nothing to override. `unjudged`: no judged value. */
  outcome: 'missed' | 'met' | 'unjudged';
  proposed?: number;
}

/** 3 significant digits, rounded the lenient way (up for a ceiling, down for a floor), so the rounding cannot make the node miss. */
function lenient(value: number, direction: 'max' | 'min'): number {
  if (value === 0 || !Number.isFinite(value)) return value;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(value))) - 2);
  return (direction === 'max' ? Math.ceil(value / scale) : Math.floor(value / scale)) * scale;
}

export function proposeTarget(median: number, spread: number, direction: 'max' | 'min'): number {
  const headroom = Math.max(CALIBRATION_SIGMAS * spread, CALIBRATION_MIN_HEADROOM * Math.abs(median));
  const target = direction === 'max' ? median + headroom : Math.max(0, median - headroom);
  return Number(lenient(target, direction).toPrecision(3));
}

/**
 * The calibration of every KPI in `runs` (the passes of one node). `seedTargetOf` gives the
 * workload's own target for a KPI id, ignoring config overrides; null for a KPI the catalog
 * no longer has, which is skipped.
 */
export function calibrateKpis(
  runs: readonly RunResult[], seedTargetOf: (kpi: KpiResult, run: RunResult) => number | null, include: RunFilter = isJudged,
): KpiCalibration[] {
  const byId = new Map<string, { kpi: KpiResult; seed: number; values: number[]; runs: number }>();
  for (const run of runs) {
    for (const kpi of run.kpis) {
      const seed = seedTargetOf(kpi, run);
      if (seed === null) continue;
      const entry = byId.get(kpi.id) ?? { kpi, seed, values: [], runs: 0 };
      entry.runs++;
      if (include(run) && kpi.value !== null && Number.isFinite(kpi.value)) entry.values.push(kpi.value);
      byId.set(kpi.id, entry);
    }
  }
  return [...byId.values()].map(({ kpi, seed, values, runs: count }) => {
    const base = { id: kpi.id, unit: kpi.unit, direction: kpi.direction, severity: kpi.severity, seedTarget: seed, judgedRuns: values.length, runs: count };
    if (values.length === 0) return { ...base, median: null, spread: null, min: null, max: null, outcome: 'unjudged' as const };
    const median = medianOf(values);
    const spread = MAD_TO_SIGMA * medianAbsoluteDeviation(values);
    const measured = { ...base, median, spread, min: Math.min(...values), max: Math.max(...values) };
    if (withinTarget(median, { target: seed, direction: kpi.direction })) return { ...measured, outcome: 'met' as const };
    return { ...measured, outcome: 'missed' as const, proposed: proposeTarget(median, spread, kpi.direction) };
  }).sort((a, b) => a.id.localeCompare(b.id));
}
