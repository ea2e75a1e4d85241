/** Human units for reports: latencies auto-scaled ns/µs/ms/s, counts with SI suffixes. */
import type { KpiResult } from '../../model/result.ts';
import type { KpiUnit } from '../../workloads/api.ts';

/** Shown where a value could not be computed. */
export const MISSING = '–';

function significant(value: number, digits = 3): string {
  if (value === 0) return '0';
  // toPrecision would switch to exponent notation for large values; the scaled values stay below 1000.
  return String(Number(value.toPrecision(digits)));
}

const TIME_UNITS: readonly (readonly [number, string])[] = [[1e9, 's'], [1e6, 'ms'], [1e3, 'µs'], [1, 'ns']];

/** 95.1 ns, 1.23 µs, 12.3 ms, 4.5 s. */
export function formatNs(ns: number | null | undefined): string {
  if (ns === null || ns === undefined || !Number.isFinite(ns)) return MISSING;
  const magnitude = Math.abs(ns);
  // Scale on the rounded value, so 999.96 ns prints as 1 µs rather than 1000 ns.
  for (const [scale, unit] of TIME_UNITS) {
    if (Number((magnitude / scale).toPrecision(3)) >= 1 || scale === 1) return `${significant(ns / scale)} ${unit}`;
  }
  return MISSING;
}

const COUNT_UNITS: readonly (readonly [number, string])[] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];

/** 950, 12.3k, 4.56M. */
export function formatCount(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  for (const [scale, suffix] of COUNT_UNITS) {
    if (Number((Math.abs(value) / scale).toPrecision(3)) >= 1) return `${significant(value / scale)}${suffix}`;
  }
  return significant(value);
}

export function formatPercent(ratio: number | null | undefined): string {
  if (ratio === null || ratio === undefined || !Number.isFinite(ratio)) return MISSING;
  return `${significant(ratio * 100)}%`;
}

export function formatKpiValue(value: number | null | undefined, unit: KpiUnit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  switch (unit) {
    case 'ns': return formatNs(value);
    case 'ratio': return formatPercent(value);
    case 'factor': return `${significant(value)}x`;
    case 'ops_per_second': return `${formatCount(value)} ops/s`;
    default: return String(value);
  }
}

/** "≤ 50 ns" for a ceiling, "≥ 90%" for a floor. */
export function formatTarget(kpi: Pick<KpiResult, 'target' | 'direction' | 'unit'>): string {
  return `${kpi.direction === 'max' ? '≤' : '≥'} ${formatKpiValue(kpi.target, kpi.unit)}`;
}

export function kpiVerdict(pass: boolean | null): 'PASS' | 'FAIL' | 'N/A' {
  return pass === true ? 'PASS' : pass === false ? 'FAIL' : 'N/A';
}
