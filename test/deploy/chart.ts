/** helm/vmsoak as data for the chart tests: values, the ci/ values files, the templates. */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { REPO_ROOT } from './dockerfile-model.ts';

export const CHART_DIR = path.join(REPO_ROOT, 'helm/vmsoak');

export type Values = Record<string, unknown>;

export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readYaml(file: string): unknown {
  return parse(readFileSync(file, 'utf8'));
}

export function chartValues(): Values {
  const values = readYaml(path.join(CHART_DIR, 'values.yaml'));
  if (!isMapping(values)) throw new Error('values.yaml is not a mapping');
  return values;
}

/** helm/vmsoak/ci/*-values.yaml, by file name. */
export function ciValuesFiles(): Map<string, Values> {
  const directory = path.join(CHART_DIR, 'ci');
  const files = new Map<string, Values>();
  for (const name of readdirSync(directory).filter((entry) => entry.endsWith('-values.yaml')).sort()) {
    const values = readYaml(path.join(directory, name)) ?? {};
    if (!isMapping(values)) throw new Error(`ci/${name} is not a mapping`);
    files.set(name, values);
  }
  return files;
}

/**
 * Helm's coalescing of user values over the chart's: mappings merge key by key, anything
 * else (lists included) replaces, and null deletes the key.
 */
export function coalesce(base: Values, override: Values): Values {
  const result: Values = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === null) delete result[key];
    else if (isMapping(value) && isMapping(result[key])) result[key] = coalesce(result[key], value);
    else result[key] = value;
  }
  return result;
}

/** The text of every template (templates/*.yaml, *.tpl, NOTES.txt), by file name. */
export function templates(): Map<string, string> {
  const directory = path.join(CHART_DIR, 'templates');
  return new Map(readdirSync(directory).sort().map((name) => [name, readFileSync(path.join(directory, name), 'utf8')]));
}

/**
 * The daemon config the chart renders into its ConfigMap (templates/_helpers.tpl,
 * "vmsoak.daemonConfig"): values.config plus the keys the chart owns.
 */
export function renderedDaemonConfig(values: Values): Values {
  const config = isMapping(values.config) ? values.config : {};
  const service = values.service as { port: number };
  const shutdown = values.shutdown as { timeoutSeconds: number };
  return {
    ...config,
    listen: `0.0.0.0:${service.port}`,
    dataDir: '/var/lib/vmsoak',
    shutdownTimeout: `${shutdown.timeoutSeconds}s`,
  };
}
