/**
 * KPI evaluation: reads each KPI's statistic from a run result and compares it with its
 * target, after config overrides (`<workload>.<kpi>@<threads>` beats `<workload>.<kpi>`).
 */
import type { KpiOverride } from '../model/kpi.ts';
import type { KpiResult, RunResult } from '../model/result.ts';
import { robustCv } from '../measure/robust-stats.ts';
import type { KpiSpec, Statistic, Workload } from '../workloads/api.ts';

type Measured = Pick<RunResult, 'latencyNs' | 'cv' | 'opsPerSecond' | 'metrics'> & Partial<Pick<RunResult, 'robustCv' | 'samples'>>;

export function kpiId(workload: string, kpi: string, threads: number): string {
  return `${workload}.${kpi}@${threads}`;
}

export function statisticValue(result: Measured, statistic: Statistic): number | null {
  if (statistic.startsWith('metric:')) {
    const value = result.metrics[statistic.slice('metric:'.length)];
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
  }
  switch (statistic) {
    case 'cv': return result.cv;
    // Results from before robust statistics carry only the samples.
    case 'robustCv': return result.robustCv !== undefined ? result.robustCv : robustCv(result.samples ?? []);
    case 'opsPerSecond': return result.opsPerSecond;
    default: return result.latencyNs[statistic as keyof RunResult['latencyNs']] ?? null;
  }
}

export function kpiTarget(
  workload: string, kpi: KpiSpec, threads: number, overrides: Readonly<Record<string, KpiOverride>>,
): number {
  return overrides[kpiId(workload, kpi.name, threads)]?.target
    ?? overrides[`${workload}.${kpi.name}`]?.target
    ?? kpi.targetByThreads?.[threads]
    ?? kpi.target;
}

export function evaluateKpis(
  workload: Workload, threads: number, result: Measured | null, overrides: Readonly<Record<string, KpiOverride>>,
): KpiResult[] {
  return workload.kpis.map((kpi) => {
    const value = result === null ? null : statisticValue(result, kpi.statistic);
    const target = kpiTarget(workload.name, kpi, threads, overrides);
    const pass = value === null ? null : kpi.direction === 'max' ? value <= target : value >= target;
    return {
      name: kpi.name, id: kpiId(workload.name, kpi.name, threads), value, target,
      direction: kpi.direction, unit: kpi.unit, severity: kpi.severity, pass,
    };
  });
}
