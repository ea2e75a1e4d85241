/**
 * Checks a module's default export against the workload API at load time, so a broken
 * plugin fails with a message naming the field instead of failing later inside a worker.
 */
import { CATEGORIES } from './api.ts';

const NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KPI_NAME = /^[a-z][a-z0-9_]*$/;
const STATISTICS = new Set(['mean', 'p50', 'p90', 'p99', 'p999', 'max', 'cv', 'robustCv', 'opsPerSecond']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function validateKpi(kpi: unknown, index: number): string | null {
  const where = `kpis[${index}]`;
  if (!isObject(kpi)) return `${where}: must be an object`;
  if (typeof kpi.name !== 'string' || !KPI_NAME.test(kpi.name)) return `${where}.name: must be snake_case`;
  const statistic = kpi.statistic;
  if (typeof statistic !== 'string' || !(STATISTICS.has(statistic) || /^metric:[a-z][a-z0-9_]*$/.test(statistic))) {
    return `${where}.statistic: must be one of ${[...STATISTICS].join(', ')} or metric:<key>`;
  }
  if (typeof kpi.target !== 'number' || !Number.isFinite(kpi.target)) return `${where}.target: must be a finite number`;
  if (kpi.direction !== 'max' && kpi.direction !== 'min') return `${where}.direction: must be "max" or "min"`;
  if (!['ns', 'ratio', 'factor', 'ops_per_second'].includes(kpi.unit as string)) {
    return `${where}.unit: must be ns, ratio, factor or ops_per_second`;
  }
  if (kpi.severity !== 'warning' && kpi.severity !== 'critical') return `${where}.severity: must be "warning" or "critical"`;
  return null;
}

/** Returns a description of the first problem, or null when the value is a valid workload. */
export function validateWorkload(value: unknown): string | null {
  if (!isObject(value)) return 'the default export must be a workload (use defineWorkload)';
  if (typeof value.name !== 'string' || !NAME.test(value.name)) {
    return 'name: must be "category.name" in lower-case kebab-case';
  }
  if (typeof value.category !== 'string' || !value.name.startsWith(`${value.category}.`)) {
    return `category: must be the prefix of the name (known categories: ${CATEGORIES.join(', ')})`;
  }
  if (![0, 1, 2, 3].includes(value.tier as number)) return 'tier: must be 0, 1, 2 or 3';
  if (typeof value.description !== 'string' || value.description === '') return 'description: must be a non-empty string';
  if (typeof value.run !== 'function') return 'run: must be a function';
  const params = value.params;
  if (!isObject(params) || !Array.isArray(params.threads) || params.threads.length === 0
    || !params.threads.every((t) => Number.isInteger(t) && t >= 1 && t <= 256)) {
    return 'params.threads: must be a non-empty list of integers between 1 and 256';
  }
  if (!Array.isArray(value.kpis)) return 'kpis: must be a list';
  const names = new Set<string>();
  for (const [index, kpi] of value.kpis.entries()) {
    const problem = validateKpi(kpi, index);
    if (problem) return problem;
    const name = (kpi as { name: string }).name;
    if (names.has(name)) return `kpis[${index}].name: "${name}" is declared twice`;
    names.add(name);
  }
  const schema = value.paramsSchema;
  if (!isObject(schema) || typeof schema.safeParse !== 'function' || !isObject(schema.shape)) {
    return 'params: must be a zod object schema with a default for every param (declare the workload with defineWorkload)';
  }
  return validateMetricKeys(value.metricKeys);
}

function validateMetricKeys(metricKeys: unknown): string | null {
  if (metricKeys === undefined) return null;
  if (!Array.isArray(metricKeys)) return 'metricKeys: must be a list';
  for (const [index, spec] of metricKeys.entries()) {
    const where = `metricKeys[${index}]`;
    if (!isObject(spec) || typeof spec.key !== 'string' || typeof spec.description !== 'string' || !isObject(spec.labels)) {
      return `${where}: must have a key, a description and labels`;
    }
    const labels = spec.labels;
    for (const [, placeholder] of spec.key.matchAll(/\{([a-z_]+)\}/g)) {
      const values = labels[placeholder];
      if (!Array.isArray(values) || values.length === 0) return `${where}.labels.${placeholder}: must list the values of {${placeholder}}`;
    }
  }
  return null;
}
