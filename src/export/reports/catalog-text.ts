/**
 * The catalog in words, for `vmsoak list` and the README tables: a workload's params with
 * their types and defaults, and a KPI's target.
 */
import type { KpiSpec, Workload } from '../../workloads/api.ts';
import { paramsJsonSchema, type ParamJsonSchema } from '../../workloads/params.ts';
import { formatKpiValue } from './units.ts';

function formatParam(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatParam).join(',');
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/** `threads=1,2,4,8,16 objectBytes=64`: the default values. */
export function formatParams(params: object): string {
  return Object.entries(params).map(([key, value]) => `${key}=${formatParam(value)}`).join(' ');
}

function typeOf(schema: ParamJsonSchema): string {
  if (schema.enum !== undefined) return schema.enum.map(String).join('|');
  if (schema.type === 'array') return `${schema.items ? typeOf(schema.items) : 'any'}[]`;
  const range = schema.minimum !== undefined && schema.maximum !== undefined ? ` ${schema.minimum}..${schema.maximum}` : '';
  return `${schema.type ?? 'any'}${range}`;
}

/** `threads: integer 1..256[] = 1,2,4  writeRatio: number 0..1 = 0.1`: each param's name, type and default. */
export function formatParamTypes(workload: Workload): string {
  const { properties } = paramsJsonSchema(workload.paramsSchema);
  return Object.entries(properties)
    .map(([name, schema]) => `${name}: ${typeOf(schema)} = ${formatParam(workload.params[name as keyof typeof workload.params] ?? schema.default)}`)
    .join('  ');
}

/** `≤ 800 ns (@1 20 ns, @2 100 ns, …)`: the default target, then the per-thread-count targets that differ. */
export function formatKpiTarget(kpi: KpiSpec): string {
  const sign = kpi.direction === 'max' ? '≤' : '≥';
  const base = `${sign} ${formatKpiValue(kpi.target, kpi.unit)}`;
  const byThreads = Object.entries(kpi.targetByThreads ?? {})
    .map(([threads, target]) => [Number(threads), target] as const)
    .sort(([a], [b]) => a - b)
    .filter(([, target]) => target !== kpi.target)
    .map(([threads, target]) => `@${threads} ${formatKpiValue(target, kpi.unit)}`);
  return byThreads.length > 0 ? `${base} (${byThreads.join(', ')})` : base;
}
