/**
 * `vmsoak generate`: the Grafana dashboards and Prometheus rules, from the catalog (the
 * built-ins plus any workload modules of the config or the flags), written under --out.
 */
import path from 'node:path';
import { loadConfig } from '../config/load.ts';
import { generateArtifacts } from '../generate/artifacts.ts';
import { writeChartFiles } from '../generate/helm-files.ts';
import { writeArtifacts } from '../generate/write-artifacts.ts';
import { loadCatalog } from '../workloads/registry.ts';
import { EXIT_OK } from './exit-codes.ts';
import { writeText } from './output.ts';

export interface GenerateCliOptions {
  config?: string;
  workloadModule?: string[];
  out: string;
  runbookBaseUrl?: string;
  job?: string;
  alertFor?: string;
  outlierFactor?: number;
}

export async function generate(options: GenerateCliOptions, io: { stdout: NodeJS.WritableStream; env: NodeJS.ProcessEnv } = process): Promise<number> {
  const config = loadConfig({ file: options.config, env: io.env, flags: { workloadModules: options.workloadModule } });
  const catalog = await loadCatalog(config.workloadModules);
  const files = generateArtifacts(catalog, { runbookBaseUrl: options.runbookBaseUrl, job: options.job, forOverride: options.alertFor, outlierFactor: options.outlierFactor });
  // The Helm chart ships copies of what was just written (when --out holds the chart).
  const outcomes = [...await writeArtifacts(options.out, files), ...await writeChartFiles(options.out)];
  const lines = outcomes.map(({ path: file, changed }) => `${changed ? 'wrote    ' : 'unchanged'} ${path.join(options.out, file)}`);
  await writeText(io.stdout, `${lines.join('\n')}\n${catalog.length} workloads, ${outcomes.filter((o) => o.changed).length} of ${outcomes.length} files changed\n`);
  return EXIT_OK;
}
