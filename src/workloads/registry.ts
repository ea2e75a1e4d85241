/**
 * The catalog: built-in workload modules plus user modules loaded by path. Each module
 * default-exports one workload (see api.ts); the module URL travels to the worker threads,
 * which import the same module to run it.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../errors.ts';
import type { Workload } from './api.ts';
import { BUILTIN_WORKLOAD_MODULES } from './catalog.ts';
import { validateWorkload } from './validate.ts';

export interface LoadedWorkload {
  workload: Workload;
  moduleUrl: string;
  builtin: boolean;
}

async function importWorkload(url: string, label: string): Promise<Workload> {
  let module: { default?: unknown };
  try {
    module = await import(url);
  } catch (error) {
    // A UsageError is the module's params schema rejecting its own defaults: it names the param.
    if (error instanceof UsageError) throw new UsageError(`workload module ${label}: ${error.message}`);
    throw new UsageError(`workload module ${label}: cannot be imported: ${(error as Error).message.split('\n')[0]}`);
  }
  const problem = validateWorkload(module.default);
  if (problem) throw new UsageError(`workload module ${label}: ${problem}`);
  return module.default as Workload;
}

export async function loadCatalog(workloadModules: readonly string[] = []): Promise<LoadedWorkload[]> {
  const catalog: LoadedWorkload[] = [];
  for (const url of BUILTIN_WORKLOAD_MODULES) {
    catalog.push({ workload: await importWorkload(url.href, url.pathname), moduleUrl: url.href, builtin: true });
  }
  for (const modulePath of workloadModules) {
    const absolute = path.resolve(modulePath);
    if (!existsSync(absolute)) throw new UsageError(`workload module ${modulePath}: file not found`);
    if (statSync(absolute).isDirectory()) throw new UsageError(`workload module ${modulePath}: is a directory; name the module file`);
    const url = pathToFileURL(absolute).href;
    const workload = await importWorkload(url, modulePath);
    if (catalog.some((entry) => entry.workload.name === workload.name)) {
      throw new UsageError(`workload module ${modulePath}: workload name "${workload.name}" is already in the catalog`);
    }
    catalog.push({ workload, moduleUrl: url, builtin: false });
  }
  return catalog;
}

/** The workloads matching any of the globs, in catalog order. Every glob must match something. */
export function selectWorkloads(catalog: readonly LoadedWorkload[], globs: readonly string[]): LoadedWorkload[] {
  for (const glob of globs) {
    if (!catalog.some((entry) => path.matchesGlob(entry.workload.name, glob))) {
      throw new UsageError(`workload glob "${glob}" matches no workload (try \`vmsoak list\`)`);
    }
  }
  return catalog.filter((entry) => globs.some((glob) => path.matchesGlob(entry.workload.name, glob)));
}
