/** Workloads with short runs and small heaps, for the parts that need thousands of runs. */
import { loadCatalog, type LoadedWorkload } from '../src/workloads/registry.ts';

const CHEAP_WORKLOADS = [
  'contention.atomic-add', 'contention.padded-counter', 'contention.cas-loop', 'scheduler.coroutine-create',
  'scheduler.async-create', 'async.await-overhead', 'memory.alloc-small', 'memory.alloc-object',
];

/** The catalog and the names of the cheap workloads it has (at least one, else it throws). */
export async function cheapWorkloads(): Promise<{ catalog: LoadedWorkload[]; names: string[] }> {
  const catalog = await loadCatalog();
  const present = new Set(catalog.map((entry) => entry.workload.name));
  const names = CHEAP_WORKLOADS.filter((name) => present.has(name));
  if (names.length === 0) throw new Error('none of the cheap workloads is in the catalog');
  return { catalog, names };
}
