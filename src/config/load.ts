/**
 * Loads the effective config. Precedence, highest first: flags, VMSOAK_* env vars, the
 * YAML file, the embedded defaults. A layer replaces whole top-level keys (a file's
 * `suites` replaces the default suite), except that `resourceLimits` merges field by field
 * and `workloadModules` accumulate over all layers: modules extend the catalog, and a
 * `--workload-module` on the command line should not drop the ones the file loads.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { UsageError } from '../errors.ts';
import { formatIssues } from './issues.ts';
import { configSchema } from './schema.ts';
import type { Config } from './types.ts';

/** Command-line overrides, as given (durations still strings). */
export interface ConfigFlags {
  listen?: string;
  dataDir?: string;
  logLevel?: string;
  shutdownTimeout?: string | number;
  runTimeout?: string | number;
  workloadModules?: readonly string[];
  webConfigFile?: string;
  webExemptProbes?: boolean;
}

export interface LoadConfigOptions {
  /** A YAML config file; without it the defaults apply. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  flags?: ConfigFlags;
  /** Base of relative paths given by env vars and flags; defaults to process.cwd(). */
  cwd?: string;
}

const ENV_KEYS = {
  listen: 'VMSOAK_LISTEN',
  dataDir: 'VMSOAK_DATA_DIR',
  logLevel: 'VMSOAK_LOG_LEVEL',
  shutdownTimeout: 'VMSOAK_SHUTDOWN_TIMEOUT',
  runTimeout: 'VMSOAK_RUN_TIMEOUT',
  webConfigFile: 'VMSOAK_WEB_CONFIG_FILE',
  webExemptProbes: 'VMSOAK_WEB_EXEMPT_PROBES',
} as const;
export const WORKLOAD_MODULES_ENV = 'VMSOAK_WORKLOAD_MODULES';

const FLAG_NAMES: Readonly<Record<keyof ConfigFlags, string>> = {
  listen: '--listen',
  dataDir: '--data-dir',
  logLevel: '--log-level',
  shutdownTimeout: '--shutdown-timeout',
  runTimeout: '--run-timeout',
  workloadModules: '--workload-module',
  webConfigFile: '--web.config.file',
  webExemptProbes: '--web.exempt-probes',
};

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EACCES' ? 'permission denied'
      : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new UsageError(`config: ${file}: ${why}`);
  }
}

/** Parses YAML; a syntax error becomes one line with file:line:column. */
export function parseYaml(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: true });
  const error = document.errors[0];
  if (error) {
    const position = error.linePos?.[0];
    const where = position ? `${file}:${position.line}:${position.col}` : file;
    const message = error.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new UsageError(`config: ${where}: ${message}`);
  }
  try {
    return document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    // An alias to an undefined anchor, or an alias bomb past maxAliasCount, only fails here.
    throw new UsageError(`config: ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** A path from a file is relative to that file's directory, one from env or a flag to the working directory. */
function resolvePath(value: unknown, base: string): unknown {
  return typeof value === 'string' && value !== '' ? path.resolve(base, value) : value;
}

function resolveModules(modules: unknown, base: string): unknown {
  // Left as-is when it is not a list of strings, so the schema reports it under its key.
  if (!Array.isArray(modules) || !modules.every((entry) => typeof entry === 'string' && entry !== '')) return modules;
  return modules.map((entry: string) => path.resolve(base, entry));
}

/** Reads and validates a config; UsageError with a one-line message on any problem. */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? {};
  const flags = options.flags ?? {};
  const raw: Record<string, unknown> = {};
  const sources = new Map<string, string>();
  const modules: unknown[] = [];

  if (options.file !== undefined) {
    const fromFile = parseYaml(readText(options.file), options.file);
    if (!isMapping(fromFile)) {
      throw new UsageError(`config: ${options.file}: must be a mapping of keys such as listen and suites`);
    }
    const { workloadModules, ...rest } = fromFile;
    Object.assign(raw, rest);
    const fileDir = path.dirname(path.resolve(cwd, options.file));
    if (rest.webConfigFile !== undefined) raw.webConfigFile = resolvePath(rest.webConfigFile, fileDir);
    if (workloadModules !== undefined) {
      const resolved = resolveModules(workloadModules, fileDir);
      if (Array.isArray(resolved)) modules.push(...resolved);
      else raw.workloadModules = resolved;
    }
  }

  for (const [key, name] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      raw[key] = value;
      sources.set(key, name);
    }
  }
  const envModules = env[WORKLOAD_MODULES_ENV];
  if (envModules) {
    modules.push(...envModules.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '')
      .map((entry) => path.resolve(cwd, entry)));
  }

  for (const key of Object.keys(FLAG_NAMES) as (keyof ConfigFlags)[]) {
    const value = flags[key];
    if (value === undefined || key === 'workloadModules') continue;
    raw[key] = value;
    sources.set(key, FLAG_NAMES[key]);
  }
  modules.push(...(flags.workloadModules ?? []).map((entry) => path.resolve(cwd, entry)));
  if (sources.has('webConfigFile')) raw.webConfigFile = resolvePath(raw.webConfigFile, cwd);

  if (raw.workloadModules === undefined) raw.workloadModules = [...new Set(modules)];
  return validateConfig(raw, (key) => sources.get(key));
}

/**
 * Validates an already assembled raw config (numbers as milliseconds are fine). The
 * optional `sourceOf` names the env var or flag a top-level key came from.
 */
export function validateConfig(raw: unknown, sourceOf?: (rootKey: string) => string | undefined): Config {
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) throw new UsageError(formatIssues(parsed.error.issues, sourceOf));
  return parsed.data;
}
