/** Loads fixture workloads as catalog entries, without the built-ins. */
import { pathToFileURL } from 'node:url';
import path from 'node:path';
import type { Workload } from '../../src/workloads/api.ts';
import type { LoadedWorkload } from '../../src/workloads/registry.ts';

export const FIXTURE_DIR = path.resolve(import.meta.dirname, '../fixtures/workloads');

export function fixturePath(name: string): string {
  return path.join(FIXTURE_DIR, `${name}.ts`);
}

export async function loadFixture(name: string): Promise<LoadedWorkload> {
  const moduleUrl = pathToFileURL(fixturePath(name)).href;
  const workload = (await import(moduleUrl)).default as Workload;
  return { workload, moduleUrl, builtin: false };
}
