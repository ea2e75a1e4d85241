/**
 * What the run history shows over time: each KPI's value per run, and the change points of
 * each series' per-run mean latency and of each KPI, for the reports, the trend chart and
 * `/api/changes`.
 */
import type { KpiResult, RunResult } from '../model/result.ts';
import type { ChangePointOptions } from './change-point-options.ts';
import { detectChangePoints } from './change-points.ts';
import type { ChangePointView, KpiTrend, SeriesChangePoints } from '../export/reports/report-model.ts';

/** Change points of `values` (one per run, oldest first), with the time of the run each starts at. */
export function changePointsOver(values: readonly { at: string; value: number }[], options: ChangePointOptions): ChangePointView[] {
  const finite = values.filter((point) => Number.isFinite(point.value));
  return detectChangePoints(finite.map((point) => point.value), options).map((point) => ({
    at: finite[point.index].at, before: point.meanBefore, after: point.meanAfter, change: point.change, pValue: point.pValue,
  }));
}

function byStart(a: RunResult, b: RunResult): number {
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0;
}

/** Successful runs grouped by workload × threads, each group oldest first. */
export function groupBySeries(runs: readonly RunResult[]): Map<string, RunResult[]> {
  const groups = new Map<string, RunResult[]>();
  for (const run of runs) {
    if (run.status !== 'ok') continue;
    const key = `${run.workload}@${run.threads}`;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [run]);
    else group.push(run);
  }
  for (const group of groups.values()) group.sort(byStart);
  return groups;
}

export function seriesChangePoints(runs: readonly RunResult[], options: ChangePointOptions): SeriesChangePoints[] {
  return [...groupBySeries(runs).values()].map((group) => ({
    workload: group[0].workload,
    threads: group[0].threads,
    points: changePointsOver(group.map((run) => ({ at: run.startedAt, value: run.latencyNs.mean })), options),
  }));
}

/** The KPI values of runs (each with its start time, oldest first per series) as one trend per KPI id. */
export function trendsFromKpis(entries: Iterable<{ at: string; kpis: readonly KpiResult[] }>, options: ChangePointOptions): KpiTrend[] {
  const trends = new Map<string, { last: KpiResult; points: { at: string; value: number }[] }>();
  for (const { at, kpis } of entries) {
    for (const kpi of kpis) {
      if (kpi.value === null || !Number.isFinite(kpi.value)) continue;
      const trend = trends.get(kpi.id) ?? { last: kpi, points: [] };
      trend.last = kpi;
      trend.points.push({ at, value: kpi.value });
      trends.set(kpi.id, trend);
    }
  }
  return [...trends].sort(([a], [b]) => a.localeCompare(b)).map(([id, { last, points }]) => ({
    id, unit: last.unit, target: last.target, direction: last.direction, points,
    changePoints: changePointsOver(points, options),
  }));
}

export function kpiTrends(runs: readonly RunResult[], options: ChangePointOptions): KpiTrend[] {
  const entries = [...groupBySeries(runs).values()].flat().map((run) => ({ at: run.startedAt, kpis: run.kpis }));
  return trendsFromKpis(entries, options);
}
