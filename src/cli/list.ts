/** `vmsoak list`: the catalog, as an aligned table or as JSON. */
import { loadConfig } from '../config/load.ts';
import { formatKpiTarget, formatParamTypes } from '../export/reports/catalog-text.ts';
import { alignColumns } from '../export/reports/text-table.ts';
import { paramsJsonSchema } from '../workloads/params.ts';
import { loadCatalog, type LoadedWorkload } from '../workloads/registry.ts';
import { EXIT_OK } from './exit-codes.ts';
import { writeText } from './output.ts';

export interface ListOptions {
  config?: string;
  workloadModule?: string[];
  format: 'table' | 'json';
}

/**
 * One block per workload (name, category, tier, description, params with their types and
 * defaults), with the KPI rows
 * aligned across the whole listing. A single wide table would not fit a terminal: the
 * params and descriptions alone are longer than a line.
 */
export function renderCatalogTable(catalog: readonly LoadedWorkload[]): string {
  const kpiRows = catalog.flatMap(({ workload }) => workload.kpis.map((kpi) => [
    '  kpi   ', kpi.name, kpi.statistic, formatKpiTarget(kpi), kpi.unit, kpi.severity,
  ]));
  // The header only sizes the columns; each block prints its own rows.
  const aligned = alignColumns(['', '', '', '', '', ''], kpiRows, ['left', 'left', 'left', 'left', 'left', 'left']).slice(1);
  const lines: string[] = [];
  let next = 0;
  for (const { workload, builtin } of catalog) {
    if (lines.length > 0) lines.push('');
    lines.push(`${workload.name}  (${workload.category}, tier ${workload.tier}${builtin ? '' : ', plugin'})  ${workload.description}`);
    lines.push(`  params  ${formatParamTypes(workload)}`);
    if (workload.kpis.length === 0) lines.push('  kpi     none');
    lines.push(...aligned.slice(next, next + workload.kpis.length));
    next += workload.kpis.length;
  }
  return `${lines.join('\n')}\n`;
}

export function catalogJson(catalog: readonly LoadedWorkload[]): unknown[] {
  return catalog.map(({ workload, moduleUrl, builtin }) => ({
    name: workload.name,
    category: workload.category,
    tier: workload.tier,
    description: workload.description,
    builtin,
    module: moduleUrl,
    params: workload.params,
    paramsSchema: paramsJsonSchema(workload.paramsSchema),
    minThreads: workload.minThreads ?? 1,
    maxThreads: workload.maxThreads ?? null,
    kpis: workload.kpis.map((kpi) => ({
      name: kpi.name, description: kpi.description, statistic: kpi.statistic, target: kpi.target,
      targetByThreads: kpi.targetByThreads ?? null, direction: kpi.direction, unit: kpi.unit, severity: kpi.severity,
    })),
  }));
}

export async function list(options: ListOptions, io: { stdout: NodeJS.WritableStream; env: NodeJS.ProcessEnv } = process): Promise<number> {
  const config = loadConfig({ file: options.config, env: io.env, flags: { workloadModules: options.workloadModule } });
  const catalog = await loadCatalog(config.workloadModules);
  const text = options.format === 'json' ? `${JSON.stringify(catalogJson(catalog), null, 2)}\n` : renderCatalogTable(catalog);
  await writeText(io.stdout, text);
  return EXIT_OK;
}
