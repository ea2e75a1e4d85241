/**
 * The words a KPI verdict is told in: shared by the workloads that declare KPIs, the run
 * result that carries their values, and every report, metric and rule built from either.
 */

/** 0: per-op hot paths (seed regression gate 5 %); 1: ops (10 %/20 %); 2, 3: subsystem workloads. */
export type Tier = 0 | 1 | 2 | 3;

/** `max`: the value must stay at or below the target (lower is better). `min`: at or above. */
export type Direction = 'max' | 'min';
export type Severity = 'warning' | 'critical';
/** `ns` is exported to Prometheus in seconds; `ratio` is 0..1; `factor` is a multiple (x). */
export type KpiUnit = 'ns' | 'ratio' | 'factor' | 'ops_per_second';

/** A config override of one KPI's target. */
export interface KpiOverride {
  target: number;
}
