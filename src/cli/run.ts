/**
 * `vmsoak run`: the daemon. Everything that can be wrong with the config or the catalog is
 * checked before the HTTP server starts, so a bad deployment fails fast with exit 2
 * instead of serving an empty /metrics.
 */
import { pino } from 'pino';
import { checkAgainstCatalog } from '../config/catalog-check.ts';
import { loadConfig, type ConfigFlags } from '../config/load.ts';
import { loadCatalog } from '../workloads/registry.ts';
import { EXIT_OK } from './exit-codes.ts';

export interface RunOptions extends ConfigFlags {
  config?: string;
  workloadModule?: string[];
}

export async function run(options: RunOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { config: file, workloadModule, ...flags } = options;
  const config = loadConfig({ file, env, flags: { ...flags, workloadModules: workloadModule } });
  const catalog = await loadCatalog(config.workloadModules);
  checkAgainstCatalog(config, catalog);
  const logger = pino({ name: 'vmsoak', level: config.logLevel });
  // Imported here so that `once`, `list` and `--help` do not load the HTTP and metrics stack.
  const { startDaemon } = await import('../daemon/daemon.ts');
  const daemon = await startDaemon(config, { logger, catalog });
  await daemon.closed;
  return EXIT_OK;
}
