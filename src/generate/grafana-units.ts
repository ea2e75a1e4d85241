/**
 * KPI units and targets as Grafana shows them. Values reach Prometheus in base units
 * (metrics.ts converts ns to seconds), so the panel unit is the base unit's and a
 * threshold at a KPI target is the target converted the same way.
 */
import { ThresholdsConfigBuilder, ThresholdsMode, type Threshold } from '@grafana/grafana-foundation-sdk/dashboard';
import { kpiValueInBaseUnit } from '../export/prometheus/metrics.ts';
import { formatTarget } from '../export/reports/units.ts';
import type { Direction, KpiUnit } from '../workloads/api.ts';

const GRAFANA_UNIT: Readonly<Record<KpiUnit, string>> = {
  ns: 's',
  ratio: 'percentunit',
  factor: 'suffix:×',
  ops_per_second: 'ops',
};

export function grafanaUnit(unit: KpiUnit): string {
  return GRAFANA_UNIT[unit];
}

/** What a unit is called in a panel title. */
export function unitNoun(unit: KpiUnit): string {
  return { ns: 'latency', ratio: 'ratios', factor: 'factors', ops_per_second: 'throughput' }[unit];
}

export const GOOD = 'green';
export const BAD = 'red';

/**
 * One step at the target: for `max` KPIs (lower is better) the colour turns bad at the
 * target, for `min` KPIs it turns good there.
 */
export function targetSteps(target: number, unit: KpiUnit, direction: Direction): Threshold[] {
  const at = kpiValueInBaseUnit(target, unit);
  return direction === 'max'
    ? [{ value: null, color: GOOD }, { value: at, color: BAD }]
    : [{ value: null, color: BAD }, { value: at, color: GOOD }];
}

export function thresholds(steps: Threshold[]): ThresholdsConfigBuilder {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps);
}

/** A KPI target in the text of a description: "≤ 100 µs", "≥ 99%" (the reports' own format). */
export function describeTarget(target: number, unit: KpiUnit, direction: Direction): string {
  return formatTarget({ target, unit, direction });
}
