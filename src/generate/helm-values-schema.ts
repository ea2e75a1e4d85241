/**
 * The `config` part of helm/vmsoak/values.schema.json, generated from the daemon's own zod
 * schema, so `helm install` rejects a misspelt or misplaced config key with the chart's
 * other value errors, and the chart never lags behind a config key added to the daemon.
 * JSON Schema cannot say everything zod checks (durations, ranges, cron syntax); the
 * daemon still validates the file at start-up and exits 2 naming the key.
 */
import { z } from 'zod';
import { configSchema } from '../config/schema.ts';
import { paramsJsonSchema } from '../workloads/params.ts';
import { loadCatalog } from '../workloads/registry.ts';

/** Built-in workloads only: a plugin's params are checked by the daemon, as the chart cannot know them. */
const BUILTIN_WORKLOADS = (await loadCatalog()).filter((entry) => entry.builtin).map((entry) => entry.workload);

/** Keys the chart sets from other values (service.port, the data volume, shutdown.timeoutSeconds). */
export const CHART_OWNED_CONFIG_KEYS: readonly string[] = ['listen', 'dataDir', 'shutdownTimeout'];

type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Helm ignores `default`, and the daemon's defaults are documented in the README; they only add noise here. */
function withoutDefaults(node: JsonValue): JsonValue {
  if (Array.isArray(node)) return node.map(withoutDefaults);
  if (node === null || typeof node !== 'object') return node;
  const result: { [key: string]: JsonValue } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key !== 'default') result[key] = withoutDefaults(value);
  }
  return result;
}

/**
 * `suites[].params`: each built-in workload's params (thread counts are set by
 * `suites[].threads`, so not here), and a mapping of anything for a plugin's.
 */
function suiteParamsSchema(): JsonValue {
  const properties: { [key: string]: JsonValue } = {};
  for (const workload of BUILTIN_WORKLOADS) {
    const { properties: params, ...rest } = paramsJsonSchema(workload.paramsSchema);
    const { threads: _threads, ...own } = params;
    properties[workload.name] = { ...rest, properties: own } as unknown as JsonValue;
  }
  return {
    description: 'Per workload, params over its defaults (`vmsoak list` shows them).',
    type: 'object',
    properties,
    additionalProperties: { type: 'object' },
  };
}

export function chartConfigSchema(): { [key: string]: JsonValue } {
  const generated = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' }) as { [key: string]: JsonValue };
  const { $schema: _dialect, properties, ...rest } = generated;
  const suites = (properties as { suites: { items: { properties: { [key: string]: JsonValue } } } }).suites;
  suites.items.properties.params = suiteParamsSchema();
  const kept = Object.fromEntries(Object.entries(properties as { [key: string]: JsonValue })
    .filter(([key]) => !CHART_OWNED_CONFIG_KEYS.includes(key)));
  return withoutDefaults({
    description: `The daemon config (README, "Configuration") without ${CHART_OWNED_CONFIG_KEYS.join(', ')}, which the chart sets. `
      + 'Generated from src/config/schema.ts by `vmsoak generate`.',
    ...rest,
    properties: kept,
  }) as { [key: string]: JsonValue };
}

/** values.schema.json with its `config` property replaced by the generated one. */
export function withChartConfigSchema(valuesSchemaText: string): string {
  const schema = JSON.parse(valuesSchemaText) as { properties: { [key: string]: JsonValue } };
  schema.properties.config = chartConfigSchema();
  return `${JSON.stringify(schema, null, 2)}\n`;
}
