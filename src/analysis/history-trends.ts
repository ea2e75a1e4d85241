/**
 * What the run history shows over time: each KPI's value per run, and the change points of
 * each series' per-run mean latency and of each KPI, for the reports, the trend chart and
 * `/api/changes`. Every run's value is shown; only judged runs are searched for change
 * points, and with judgement thresholds each change point gets its cause.
 */
import type { JudgementThresholds } from '../model/judgement.ts';
import type { ChangePointView, KpiTrend, SeriesChangePoints } from '../model/report-views.ts';
import type { KpiResult, RunResult } from '../model/result.ts';
import { changeCause, type WithInterference } from './change-cause.ts';
import type { ChangePointOptions } from './change-point-options.ts';
import { detectChangePoints } from './change-points.ts';
import { isJudged } from './judged-runs.ts';

/** One run's value in a history; `judged: false` keeps it out of the change-point search. */
export interface HistoryPoint extends WithInterference {
  at: string;
  value: number;
  judged?: boolean;
}

/**
 * Change points of the judged `values` (one per run, oldest first), with the time of the run
 * each starts at. With `thresholds`, each is labelled by the interference of the judged runs
 * between the previous change point and it against that of those between it and the next.
 */
export function changePointsOver(values: readonly HistoryPoint[], options: ChangePointOptions, thresholds?: JudgementThresholds): ChangePointView[] {
  const counted = values.filter((point) => point.judged !== false && Number.isFinite(point.value));
  const timesMs = counted.map((point) => Date.parse(point.at));
  const views: ChangePointView[] = detectChangePoints(counted.map((point) => point.value), options, timesMs).map((point) => ({
    at: counted[point.index].at, before: point.meanBefore, after: point.meanAfter, change: point.change, pValue: point.pValue,
  }));
  if (thresholds === undefined) return views;
  return views.map((view, k) => {
    const from = views[k - 1]?.at ?? '';
    const to = views[k + 1]?.at;
    const before = counted.filter((point) => point.at >= from && point.at < view.at);
    const after = counted.filter((point) => point.at >= view.at && (to === undefined || point.at < to));
    const { cause, reason } = changeCause(before, after, thresholds);
    return { ...view, cause, causeReason: reason };
  });
}

function byStart(a: RunResult, b: RunResult): number {
  return a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : 0;
}

/** Successful runs (judged or not) grouped by workload × threads, each group oldest first. */
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

/** What a run contributes to a history: when, whether it counts, and what else the node did. */
export function historyPointOf(run: RunResult, value: number): HistoryPoint {
  return { at: run.startedAt, value, judged: isJudged(run), ...(run.interference === undefined ? {} : { interference: run.interference }) };
}

export function seriesChangePoints(runs: readonly RunResult[], options: ChangePointOptions, thresholds?: JudgementThresholds): SeriesChangePoints[] {
  return [...groupBySeries(runs).values()].map((group) => ({
    workload: group[0].workload,
    threads: group[0].threads,
    points: changePointsOver(group.map((run) => historyPointOf(run, run.latencyNs.mean)), options, thresholds),
  }));
}

/** One run's KPI values: when, and whether the run was judged (absent: judged). */
export interface KpiEntry extends WithInterference {
  at: string;
  kpis: readonly KpiResult[];
  judged?: boolean;
}

/**
 * The KPI values of runs (each with its start time, oldest first per series) as one trend
 * per KPI id: every value is a point, change points come from the judged ones.
 */
export function trendsFromKpis(entries: Iterable<KpiEntry>, options: ChangePointOptions, thresholds?: JudgementThresholds): KpiTrend[] {
  const trends = new Map<string, { last: KpiResult; points: HistoryPoint[] }>();
  for (const { at, kpis, judged, interference } of entries) {
    for (const kpi of kpis) {
      if (kpi.value === null || !Number.isFinite(kpi.value)) continue;
      const trend = trends.get(kpi.id) ?? { last: kpi, points: [] };
      trend.last = kpi;
      trend.points.push({ at, value: kpi.value, ...(judged === undefined ? {} : { judged }), ...(interference == null ? {} : { interference }) });
      trends.set(kpi.id, trend);
    }
  }
  return [...trends].sort(([a], [b]) => a.localeCompare(b)).map(([id, { last, points }]) => ({
    id, unit: last.unit, target: last.target, direction: last.direction, points: points.map(({ at, value }) => ({ at, value })),
    changePoints: changePointsOver(points, options, thresholds),
  }));
}

export function kpiTrends(runs: readonly RunResult[], options: ChangePointOptions, thresholds?: JudgementThresholds): KpiTrend[] {
  const entries = [...groupBySeries(runs).values()].flat().map((run): KpiEntry => {
    const { at, judged, interference } = historyPointOf(run, Number.NaN);
    return { at, judged, kpis: run.kpis, ...(interference === undefined ? {} : { interference }) };
  });
  return trendsFromKpis(entries, options, thresholds);
}
