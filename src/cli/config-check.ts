/**
 * `vmsoak config check FILE`: everything `run` would reject, without running anything:
 * syntax, schema, workload modules, globs, KPI override keys and the web config file. The VMSOAK_* env vars
 * are applied too, so the check is of the config the daemon would actually get.
 */
import { checkAgainstCatalog } from '../config/catalog-check.ts';
import { loadConfig } from '../config/load.ts';
import { loadWebConfig } from '../daemon/web-config.ts';
import { loadCatalog } from '../workloads/registry.ts';
import { EXIT_OK } from './exit-codes.ts';
import { writeText } from './output.ts';

export async function configCheck(file: string, io: { stdout: NodeJS.WritableStream; env: NodeJS.ProcessEnv } = process): Promise<number> {
  const config = loadConfig({ file, env: io.env });
  if (config.webConfigFile !== undefined) loadWebConfig(config.webConfigFile);
  const catalog = await loadCatalog(config.workloadModules);
  const { workloadCount } = checkAgainstCatalog(config, catalog);
  const suites = config.suites.length;
  await writeText(io.stdout, `config OK: ${file} (${suites} suite${suites === 1 ? '' : 's'}, ${workloadCount} workload${workloadCount === 1 ? '' : 's'})\n`);
  return EXIT_OK;
}
