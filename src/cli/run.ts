/**
 * `vmsoak run`: the daemon. Everything that can be wrong with the config or the catalog is
 * checked before the HTTP server starts, so a bad deployment fails fast with exit 2
 * instead of serving an empty /metrics.
 */
import { checkAgainstCatalog } from '../config/catalog-check.ts';
import { loadConfig, type ConfigFlags } from '../config/load.ts';
import { loadCatalog } from '../workloads/registry.ts';
import { EXIT_OK } from './exit-codes.ts';
import { chooseLogFormat, createLogger } from './logger.ts';
import type { LogFormat } from './options.ts';

export interface RunOptions extends ConfigFlags {
  config?: string;
  workloadModule?: string[];
  /** Unset: pretty on a terminal, JSON otherwise. */
  logFormat?: LogFormat;
  /** Commander keeps the dots of --web.config.file and --web.exempt-probes in the option names. */
  'web.config.file'?: string;
  'web.exemptProbes'?: boolean;
}

export async function run(options: RunOptions, env: NodeJS.ProcessEnv = process.env, stdout: NodeJS.WriteStream = process.stdout): Promise<number> {
  const { config: file, workloadModule, logFormat, 'web.config.file': webConfigFile, 'web.exemptProbes': webExemptProbes, ...flags } = options;
  const config = loadConfig({ file, env, flags: { ...flags, workloadModules: workloadModule, webConfigFile, webExemptProbes } });
  const catalog = await loadCatalog(config.workloadModules);
  checkAgainstCatalog(config, catalog);
  const format = chooseLogFormat(logFormat, stdout);
  const color = stdout.isTTY === true && stdout.hasColors?.(env) === true;
  const logger = createLogger({ level: config.logLevel, format, color });
  // Imported here so that `once`, `list` and `--help` do not load the HTTP and metrics stack.
  const { startDaemon } = await import('../daemon/daemon.ts');
  const daemon = await startDaemon(config, { logger, catalog });
  await daemon.closed;
  return EXIT_OK;
}
