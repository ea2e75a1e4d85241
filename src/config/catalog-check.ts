/**
 * The checks that need the catalog: every suite's globs must match a workload, every
 * suite's params must name a workload it selects and fit that workload's params schema, and
 * every KPI override must name a KPI that exists, so a typo fails `config check` (and the
 * start of `run` and `once`) instead of silently never applying.
 */
import { UsageError } from '../errors.ts';
import { threadCountsFor } from '../run/plan.ts';
import { checkParams } from '../workloads/params.ts';
import { selectWorkloads, type LoadedWorkload } from '../workloads/registry.ts';
import { formatKeyPath } from './issues.ts';
import { KPI_KEY } from './schema.ts';
import type { Config, SuiteConfig } from './types.ts';

export interface CatalogCheck {
  /** The workloads each suite selects, in suite order. */
  selected: LoadedWorkload[][];
  /** How many distinct workloads the suites select together. */
  workloadCount: number;
  /** Per suite: the selected workloads that accept none of the suite's thread counts, and why. */
  skipped: string[][];
}

export type SuiteField = 'workloads' | 'threads';

function defaultLabel(index: number, field: SuiteField): string {
  return `config: ${formatKeyPath(['suites', index, field])}`;
}

/** Selected workloads that none of the suite's thread counts suit (minThreads/maxThreads). */
function skippedBy(suite: SuiteConfig, selected: readonly LoadedWorkload[]): string[] {
  return selected.filter((entry) => threadCountsFor(entry, suite.threads).length === 0).map(({ workload }) => {
    const { minThreads = 1, maxThreads } = workload;
    return `${workload.name} runs at ${maxThreads === undefined ? `${minThreads} or more` : `${minThreads}-${maxThreads}`} threads`;
  });
}

/** Throws UsageError naming the key path of the first param that is unknown or does not fit its schema. */
function checkSuiteParams(suite: SuiteConfig, index: number, catalog: readonly LoadedWorkload[], selected: readonly LoadedWorkload[]): void {
  for (const [name, overrides] of Object.entries(suite.params ?? {})) {
    const where = (...path: readonly PropertyKey[]) => `config: ${formatKeyPath(['suites', index, 'params', name, ...path])}`;
    if (!catalog.some((entry) => entry.workload.name === name)) {
      throw new UsageError(`${where()}: workload "${name}" is not in the catalog (try \`vmsoak list\`)`);
    }
    const entry = selected.find((candidate) => candidate.workload.name === name);
    if (!entry) {
      throw new UsageError(`${where()}: workload "${name}" is not selected by suites[${index}].workloads (${suite.workloads.join(', ')})`);
    }
    if ('threads' in overrides) throw new UsageError(`${where('threads')}: set thread counts with suites[${index}].threads`);
    const check = checkParams(entry.workload.paramsSchema, overrides);
    if (!check.ok) throw new UsageError(`${where(...check.problem.path)}: ${check.problem.message}`);
  }
}

/**
 * Throws UsageError naming the key. `labelOf` names where a suite's field came from in
 * messages; by default its config key path, e.g. `config: suites[1].workloads`.
 */
export function checkAgainstCatalog(
  config: Config, catalog: readonly LoadedWorkload[], suites: readonly SuiteConfig[] = config.suites,
  labelOf: (index: number, field: SuiteField) => string = defaultLabel,
): CatalogCheck {
  const selected = suites.map((suite, index) => {
    try {
      return selectWorkloads(catalog, suite.workloads);
    } catch (error) {
      if (error instanceof UsageError) throw new UsageError(`${labelOf(index, 'workloads')}: ${error.message}`);
      throw error;
    }
  });
  // A suite that would run nothing would "pass" every time; refuse it.
  const skipped = suites.map((suite, index) => {
    const reasons = skippedBy(suite, selected[index]);
    if (reasons.length === selected[index].length) {
      throw new UsageError(
        `${labelOf(index, 'threads')}: no workload selected by suite "${suite.name}" runs at threads ${suite.threads?.join(',')} `
        + `(${reasons.join('; ')})`,
      );
    }
    return reasons;
  });
  for (const [index, suite] of suites.entries()) checkSuiteParams(suite, index, catalog, selected[index]);
  for (const key of Object.keys(config.kpis)) {
    const match = KPI_KEY.exec(key);
    if (!match) continue; // the schema has already rejected it
    const [, workloadName, kpiName] = match;
    const where = `config: ${formatKeyPath(['kpis', key])}`;
    const entry = catalog.find((candidate) => candidate.workload.name === workloadName);
    if (!entry) throw new UsageError(`${where}: workload "${workloadName}" is not in the catalog (try \`vmsoak list\`)`);
    if (!entry.workload.kpis.some((kpi) => kpi.name === kpiName)) {
      const known = entry.workload.kpis.map((kpi) => kpi.name).join(', ') || 'none';
      throw new UsageError(`${where}: workload "${workloadName}" has no KPI "${kpiName}" (its KPIs: ${known})`);
    }
  }
  const workloadCount = new Set(selected.flat().map((entry) => entry.workload.name)).size;
  return { selected, workloadCount, skipped };
}
