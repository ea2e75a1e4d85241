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
  /** Commander keeps the dots of --web.config.file and --web.exempt-probes in the option names. */
  'web.config.file'?: string;
  'web.exemptProbes'?: boolean;
}

export async function run(options: RunOptions, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { config: file, workloadModule, 'web.config.file': webConfigFile, 'web.exemptProbes': webExemptProbes, ...flags } = options;
  const config = loadConfig({ file, env, flags: { ...flags, workloadModules: workloadModule, webConfigFile, webExemptProbes } });
  const catalog = await loadCatalog(config.workloadModules);
  checkAgainstCatalog(config, catalog);
  const logger = pino({ name: 'vmsoak', level: config.logLevel });
  // Imported here so that `once`, `list` and `--help` do not load the HTTP and metrics stack.
  const { startDaemon } = await import('../daemon/daemon.ts');
  const daemon = await startDaemon(config, { logger, catalog });
  await daemon.closed;
  return EXIT_OK;
}
